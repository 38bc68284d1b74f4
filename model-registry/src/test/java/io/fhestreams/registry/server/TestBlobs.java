package io.fhestreams.registry.server;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.random.Seed;
import io.fhestreams.engine.serialization.BlobFormat;
import io.fhestreams.engine.serialization.BlobHeader;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobWriter;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.engine.serialization.KeyFormats;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Engine blobs for registry tests: well-framed blobs of random payload (the registry checks the
 * container of artifacts, then loads them), and evaluation keys that pass the registry's key check.
 */
public final class TestBlobs {
  public static final String PS = "V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64";

  /** A leveled set: its evaluation keys are a 32-byte client identity, small genuine keys. */
  public static final String LEVELED_PS = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17.id();

  /** Genuine evaluation keys of {@link #LEVELED_PS}, their identity drawn from {@code seed}. */
  public static byte[] keys(long seed) {
    byte[] identity = new byte[EvaluationKeyFormats.LEVELED_IDENTITY_BYTES];
    new SplittableRandom(seed).nextBytes(identity);
    return EvaluationKeyFormats.leveledToBytes(ParameterSets.byId(LEVELED_PS), identity);
  }

  /**
   * Evaluation keys of bootstrapping set {@code set} as the registry checks them: every length,
   * kind, shape and checksum the set implies, and random seeds and elements (genuine keys are LWE
   * encryptions, which look random). Streams to {@code out}.
   *
   * @param corruptShapeField the index of a shape field of the key-switching key to change (its
   *     blob stays well framed), or -1 for none
   */
  public static void writeKeys(
      OutputStream out, ParameterSet set, boolean seeded, long seed, int corruptShapeField)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    BlobKind kind = seeded ? BlobKind.SEEDED_EVALUATION_KEYS : BlobKind.EVALUATION_KEYS;
    long total = EvaluationKeyFormats.blobLength(set, seeded);
    long payload =
        total
            - new BlobHeader(BlobFormat.VERSION, kind, set.id(), 0).encodedLength()
            - BlobFormat.TRAILER_LENGTH;
    BlobWriter outer = BlobWriter.open(out, kind, set.id(), payload);
    int[] ksk = {
      set.bigLweDimension().value(),
      set.lweDimension().value(),
      set.ksBaseLog().value(),
      set.ksLevel().value()
    };
    if (corruptShapeField >= 0) {
      ksk[corruptShapeField] ^= 1;
    }
    writeKey(
        outer.payloadStream(),
        set,
        seeded ? BlobKind.SEEDED_LWE_KEYSWITCH_KEY : BlobKind.LWE_KEYSWITCH_KEY,
        KeyFormats.keyswitchKeyPayloadLength(set, seeded),
        ksk,
        seeded,
        random);
    int[] bsk = {
      set.lweDimension().value(),
      set.glweDimension().value(),
      set.polynomialSize().value(),
      set.pbsBaseLog().value(),
      set.pbsLevel().value()
    };
    writeKey(
        outer.payloadStream(),
        set,
        seeded ? BlobKind.SEEDED_LWE_BOOTSTRAP_KEY : BlobKind.LWE_BOOTSTRAP_KEY,
        KeyFormats.bootstrapKeyPayloadLength(set, seeded),
        bsk,
        seeded,
        random);
    outer.finish();
  }

  /** {@link #writeKeys} into memory. */
  public static byte[] keys(ParameterSet set, boolean seeded, long seed, int corruptShapeField) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) EvaluationKeyFormats.blobLength(set, seeded));
    try {
      writeKeys(out, set, seeded, seed, corruptShapeField);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeKey(
      OutputStream out,
      ParameterSet set,
      BlobKind kind,
      long payload,
      int[] shape,
      boolean seeded,
      SplittableRandom random)
      throws IOException {
    BlobWriter w = BlobWriter.open(out, kind, set.id(), payload);
    for (int field : shape) {
      w.writeInt(field);
    }
    long left = payload - 4L * shape.length;
    if (seeded) {
      byte[] seedBytes = new byte[Seed.BYTES];
      random.nextBytes(seedBytes);
      w.writeBytes(seedBytes, 0, seedBytes.length);
      left -= Seed.BYTES;
    }
    byte[] chunk = new byte[1 << 16];
    while (left > 0) {
      int n = (int) Math.min(chunk.length, left);
      random.nextBytes(chunk);
      w.writeBytes(chunk, 0, n);
      left -= n;
    }
    w.finish();
  }

  private TestBlobs() {}

  /**
   * A blob of {@code kind} for {@code parameterSet} with {@code payload} random bytes from {@code
   * seed}.
   */
  public static byte[] blob(BlobKind kind, String parameterSet, int payload, long seed) {
    byte[] bytes = new byte[payload];
    new SplittableRandom(seed).nextBytes(bytes);
    return BlobWriter.toBytes(kind, parameterSet, payload, w -> w.writeBytes(bytes, 0, payload));
  }

  /**
   * Writes a blob with {@code payload} random bytes to {@code file}, streaming (for large sizes).
   */
  public static Path write(Path file, BlobKind kind, String parameterSet, long payload, long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[1 << 16];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      BlobWriter writer = BlobWriter.open(out, kind, parameterSet, payload);
      for (long left = payload; left > 0; ) {
        int n = (int) Math.min(chunk.length, left);
        random.nextBytes(chunk);
        writer.writeBytes(chunk, 0, n);
        left -= n;
      }
      writer.finish();
    }
    return file;
  }
}
