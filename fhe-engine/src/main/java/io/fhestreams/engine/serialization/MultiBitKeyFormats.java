package io.fhestreams.engine.serialization;

import io.fhestreams.engine.compression.SeededLweBootstrapKey;
import io.fhestreams.engine.compression.SeededMultiBitBootstrapKey;
import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.LweBootstrapKey;
import io.fhestreams.engine.entities.MultiBitBootstrapKey;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.MultiBitParameterSet;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.random.Seed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Blob formats of multi-bit bootstrap keys (the header names the multi-bit set's id). Payloads
 * (little-endian), opening with the key's shape so that a mismatch is reported field by field:
 *
 * <pre>
 * MULTI_BIT_BOOTSTRAP_KEY         u32 n, u32 g, u32 k, u32 N, u32 baseLog, u32 l, n/g·2^g·l·(k+1)²·N u64
 * SEEDED_MULTI_BIT_BOOTSTRAP_KEY  u32 n, u32 g, u32 k, u32 N, u32 baseLog, u32 l, 16-byte seed,
 *                                 n/g·2^g·l·(k+1)·N u64 bodies
 * </pre>
 *
 * The GGSW list is that of {@link MultiBitBootstrapKey} (group by group, pattern by pattern). As
 * for {@link KeyFormats}, a reader accepts only the exact shape and payload length the set implies
 * (checked from the header before anything is allocated) and checks the trailing checksum.
 */
public final class MultiBitKeyFormats {
  private static final int SHAPE_BYTES = 24;

  private MultiBitKeyFormats() {}

  /** Streams the blob of a standard-domain multi-bit key of {@code set}. */
  public static void write(OutputStream out, MultiBitBootstrapKey key, MultiBitParameterSet set)
      throws IOException {
    LweBootstrapKey ggsws = key.ggsws();
    int[] shape = shape(key.inputLweDimension(), key.groupingFactor(), ggsws);
    KeyFormats.requireShape(shape, shape(set), "MultiBitBootstrapKey", set.parameters());
    BlobWriter w =
        BlobWriter.open(
            out,
            BlobKind.MULTI_BIT_BOOTSTRAP_KEY,
            set.id(),
            SHAPE_BYTES + 8L * ggsws.data().length);
    KeyFormats.writeShape(w, shape);
    w.writeLongs(ggsws.data(), 0, ggsws.data().length);
    w.finish();
  }

  /** Streams the blob of a seeded multi-bit key of {@code set}. */
  public static void write(
      OutputStream out, SeededMultiBitBootstrapKey key, MultiBitParameterSet set)
      throws IOException {
    SeededLweBootstrapKey ggsws = key.ggsws();
    int[] shape = {
      key.inputLweDimension().value(),
      key.groupingFactor(),
      ggsws.glweDimension().value(),
      ggsws.polynomialSize().value(),
      ggsws.baseLog().value(),
      ggsws.levelCount().value()
    };
    KeyFormats.requireShape(shape, shape(set), "SeededMultiBitBootstrapKey", set.parameters());
    BlobWriter w =
        BlobWriter.open(
            out,
            BlobKind.SEEDED_MULTI_BIT_BOOTSTRAP_KEY,
            set.id(),
            SHAPE_BYTES + Seed.BYTES + 8L * ggsws.bodies().length);
    KeyFormats.writeShape(w, shape);
    w.writeBytes(ggsws.seed().toBytes(), 0, Seed.BYTES);
    w.writeLongs(ggsws.bodies(), 0, ggsws.bodies().length);
    w.finish();
  }

  /** Reads a standard-domain multi-bit key blob of {@code set} from {@code in}. */
  public static MultiBitBootstrapKey readMultiBitBootstrapKey(
      InputStream in, MultiBitParameterSet set) throws IOException {
    ParameterSet p = set.parameters();
    long elements =
        (long) ggswCount(set)
            * GgswCiphertext.sizeOf(p.glweDimension(), p.polynomialSize(), p.pbsLevel());
    BlobReader r =
        KeyFormats.openExact(in, BlobKind.MULTI_BIT_BOOTSTRAP_KEY, p, SHAPE_BYTES + 8 * elements);
    KeyFormats.readShape(r, shape(set), "MultiBitBootstrapKey", p);
    long[] data = new long[Math.toIntExact(elements)];
    r.readLongs(data, 0, data.length);
    r.finish();
    return new MultiBitBootstrapKey(
        new LweBootstrapKey(
            data,
            new LweDimension(ggswCount(set)),
            p.glweDimension(),
            p.polynomialSize(),
            p.pbsBaseLog(),
            p.pbsLevel()),
        p.lweDimension(),
        set.groupingFactor());
  }

  /** Reads a seeded multi-bit key blob of {@code set} from {@code in}. */
  public static SeededMultiBitBootstrapKey readSeededMultiBitBootstrapKey(
      InputStream in, MultiBitParameterSet set) throws IOException {
    ParameterSet p = set.parameters();
    LweDimension ggsws = new LweDimension(ggswCount(set));
    long bodies =
        SeededLweBootstrapKey.bodyCount(ggsws, p.glweDimension(), p.polynomialSize(), p.pbsLevel());
    BlobReader r =
        KeyFormats.openExact(
            in, BlobKind.SEEDED_MULTI_BIT_BOOTSTRAP_KEY, p, SHAPE_BYTES + Seed.BYTES + 8 * bodies);
    KeyFormats.readShape(r, shape(set), "SeededMultiBitBootstrapKey", p);
    Seed seed = KeyFormats.readSeed(r);
    long[] data = new long[Math.toIntExact(bodies)];
    r.readLongs(data, 0, data.length);
    r.finish();
    return new SeededMultiBitBootstrapKey(
        new SeededLweBootstrapKey(
            seed, data, ggsws, p.glweDimension(), p.polynomialSize(), p.pbsBaseLog(), p.pbsLevel()),
        p.lweDimension(),
        set.groupingFactor());
  }

  /** The blob of {@code key} as bytes. */
  public static byte[] toBytes(MultiBitBootstrapKey key, MultiBitParameterSet set) {
    return KeyFormats.toBytes(out -> write(out, key, set));
  }

  /** The blob of {@code key} as bytes. */
  public static byte[] toBytes(SeededMultiBitBootstrapKey key, MultiBitParameterSet set) {
    return KeyFormats.toBytes(out -> write(out, key, set));
  }

  /** Reads a multi-bit key from an in-memory blob (checksum verified before decoding). */
  public static MultiBitBootstrapKey readMultiBitBootstrapKey(
      byte[] blob, MultiBitParameterSet set) {
    return KeyFormats.fromBytes(
        blob,
        BlobCheck.of(BlobKind.MULTI_BIT_BOOTSTRAP_KEY, set.id()),
        in -> readMultiBitBootstrapKey(in, set));
  }

  /** Reads a seeded multi-bit key from an in-memory blob (checksum verified before decoding). */
  public static SeededMultiBitBootstrapKey readSeededMultiBitBootstrapKey(
      byte[] blob, MultiBitParameterSet set) {
    return KeyFormats.fromBytes(
        blob,
        BlobCheck.of(BlobKind.SEEDED_MULTI_BIT_BOOTSTRAP_KEY, set.id()),
        in -> readSeededMultiBitBootstrapKey(in, set));
  }

  private static int ggswCount(MultiBitParameterSet set) {
    return MultiBitBootstrapKey.ggswCount(set.parameters().lweDimension(), set.groupingFactor());
  }

  private static int[] shape(LweDimension n, int groupingFactor, LweBootstrapKey ggsws) {
    return new int[] {
      n.value(),
      groupingFactor,
      ggsws.glweDimension().value(),
      ggsws.polynomialSize().value(),
      ggsws.baseLog().value(),
      ggsws.levelCount().value()
    };
  }

  private static int[] shape(MultiBitParameterSet set) {
    ParameterSet p = set.parameters();
    return new int[] {
      p.lweDimension().value(),
      set.groupingFactor(),
      p.glweDimension().value(),
      p.polynomialSize().value(),
      p.pbsBaseLog().value(),
      p.pbsLevel().value()
    };
  }
}
