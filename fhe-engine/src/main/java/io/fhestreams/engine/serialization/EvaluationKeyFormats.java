package io.fhestreams.engine.serialization;

import io.fhestreams.engine.algorithms.LweBootstrapKeyGeneration;
import io.fhestreams.engine.compression.SeededLweBootstrapKey;
import io.fhestreams.engine.compression.SeededLweKeyswitchKey;
import io.fhestreams.engine.compression.SeededLwePackingKeyswitchKey;
import io.fhestreams.engine.entities.LweBootstrapKey;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.SeededEvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;

/**
 * Evaluation keys as one blob, the unit a client uploads to the registry and a server loads:
 *
 * <pre>
 * SEEDED_EVALUATION_KEYS   payload = SEEDED_LWE_KEYSWITCH_KEY blob, then SEEDED_LWE_BOOTSTRAP_KEY blob,
 *                          then optionally a SEEDED_LWE_PACKING_KEYSWITCH_KEY blob (outputs packed)
 * EVALUATION_KEYS          payload = LWE_KEYSWITCH_KEY blob, then LWE_BOOTSTRAP_KEY blob (standard domain)
 * </pre>
 *
 * (nested blobs, formats in {@link KeyFormats}; each carries its own header and checksum, and the
 * outer checksum covers them all). The outer payload length must be exactly one of the two the
 * parameter set implies (without or with the packing key), and it alone says whether the packing
 * key follows, so blobs written before the packing key existed read unchanged. {@link
 * #readEvaluationKeys} accepts both kinds and returns server-ready keys (masks regenerated,
 * bootstrap key in the Fourier domain).
 *
 * <p>A leveled set has no evaluation keys, yet the SHA-256 of a client's blob is its key id (the
 * record key of its requests), so each client must upload a distinct blob:
 *
 * <pre>
 * EVALUATION_KEYS (leveled set)   payload = 32 random bytes, the client's identity
 * </pre>
 *
 * The identity is drawn from a {@link SecureRandom}, never derived from a secret key.
 */
public final class EvaluationKeyFormats {
  /**
   * Length of the random identity that is the whole payload of a leveled set's evaluation-key blob.
   */
  public static final int LEVELED_IDENTITY_BYTES = 32;

  private EvaluationKeyFormats() {}

  /** A fresh random identity for {@link #leveledToBytes}. */
  public static byte[] newLeveledIdentity() {
    byte[] id = new byte[LEVELED_IDENTITY_BYTES];
    new SecureRandom().nextBytes(id);
    return id;
  }

  /**
   * The evaluation-key blob of leveled set {@code set}: an {@link BlobKind#EVALUATION_KEYS} blob
   * holding {@code identity}.
   */
  public static byte[] leveledToBytes(ParameterSet set, byte[] identity) {
    if (set.supportsBootstrap()) {
      throw new IllegalArgumentException(
          "parameter set " + set.id() + " bootstraps: its evaluation keys are real keys");
    }
    if (identity.length != LEVELED_IDENTITY_BYTES) {
      throw new IllegalArgumentException(
          "leveled identity must be "
              + LEVELED_IDENTITY_BYTES
              + " bytes, found "
              + identity.length);
    }
    return BlobWriter.toBytes(
        BlobKind.EVALUATION_KEYS,
        set.id(),
        LEVELED_IDENTITY_BYTES,
        w -> w.writeBytes(identity, 0, identity.length));
  }

  /** Streams the seeded blob of {@code keys} (the transport form). */
  public static void write(OutputStream out, SeededEvaluationKeys keys) throws IOException {
    ParameterSet set = keys.parameters();
    boolean packing = keys.packingKeyswitchKey().isPresent();
    BlobWriter w =
        BlobWriter.open(
            out, BlobKind.SEEDED_EVALUATION_KEYS, set.id(), payloadLength(set, true, packing));
    KeyFormats.write(w.payloadStream(), keys.keyswitchKey(), set);
    KeyFormats.write(w.payloadStream(), keys.bootstrapKey(), set);
    if (packing) {
      KeyFormats.write(w.payloadStream(), keys.packingKeyswitchKey().get(), set);
    }
    w.finish();
  }

  /**
   * The seeded blob of {@code keys} as bytes (about 29 MB for the 4-bit set, 4 MiB more with the
   * packing key).
   */
  public static byte[] toBytes(SeededEvaluationKeys keys) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            (int) blobLength(keys.parameters(), true, keys.packingKeyswitchKey().isPresent()));
    try {
      write(out, keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Streams the plain blob of a key-switching key and a standard-domain bootstrap key of {@code
   * set}.
   */
  public static void write(
      OutputStream out,
      ParameterSet set,
      LweKeyswitchKey keyswitchKey,
      LweBootstrapKey bootstrapKey)
      throws IOException {
    BlobWriter w =
        BlobWriter.open(out, BlobKind.EVALUATION_KEYS, set.id(), payloadLength(set, false, false));
    KeyFormats.write(w.payloadStream(), keyswitchKey, set);
    KeyFormats.write(w.payloadStream(), bootstrapKey, set);
    w.finish();
  }

  /**
   * Reads a seeded or plain evaluation-key blob of {@code set} and returns the keys a server uses.
   * Every checksum is verified before the keys are returned.
   */
  public static EvaluationKeys readEvaluationKeys(InputStream in, ParameterSet set)
      throws IOException {
    if (!set.supportsBootstrap()) {
      BlobReader leveled = BlobReader.open(in, BlobCheck.of(BlobKind.EVALUATION_KEYS, set.id()));
      requireLeveledLength(leveled.header(), set);
      leveled.readRemainingPayload();
      leveled.finish();
      return EvaluationKeys.leveled(set);
    }
    BlobReader r = openOuter(in, set, BlobKind.SEEDED_EVALUATION_KEYS, BlobKind.EVALUATION_KEYS);
    if (r.header().kind() == BlobKind.SEEDED_EVALUATION_KEYS) {
      SeededEvaluationKeys seeded = readSeededPayload(r, set);
      r.finish();
      return seeded.decompress();
    }
    LweKeyswitchKey ksk = KeyFormats.readLweKeyswitchKey(r.payloadStream(), set);
    LweBootstrapKey bsk = KeyFormats.readLweBootstrapKey(r.payloadStream(), set);
    r.finish();
    return new EvaluationKeys(set, LweBootstrapKeyGeneration.convertToFourierNew(bsk), ksk);
  }

  /** {@link #readEvaluationKeys(InputStream, ParameterSet)} from an in-memory blob. */
  public static EvaluationKeys readEvaluationKeys(byte[] blob, ParameterSet set) {
    BlobHeader h =
        BlobReader.verify(
            blob,
            BlobCheck.oneOf(set.id(), BlobKind.SEEDED_EVALUATION_KEYS, BlobKind.EVALUATION_KEYS));
    if (!set.supportsBootstrap()) {
      requireLeveledLength(h, set);
      return EvaluationKeys.leveled(set);
    }
    try {
      return readEvaluationKeys(new ByteArrayInputStream(blob), set);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a seeded evaluation-key blob of {@code set} without decompressing it. */
  public static SeededEvaluationKeys readSeededEvaluationKeys(InputStream in, ParameterSet set)
      throws IOException {
    BlobReader r = openOuter(in, set, BlobKind.SEEDED_EVALUATION_KEYS);
    SeededEvaluationKeys keys = readSeededPayload(r, set);
    r.finish();
    return keys;
  }

  /**
   * Copies one evaluation-key blob (seeded or plain) from {@code in} to {@code out} while checking
   * its whole structure without decoding the keys: outer header, kind, the parameter set its header
   * names (must be a known PBS set), exact lengths, both nested blobs (kind, set, exact payload
   * length, the key's shape, checksum) and the outer checksum. Memory: a few 64 KiB buffers. This
   * is the check a registry runs on an upload; on a refusal the caller discards what was copied.
   *
   * @return the verified outer header (kind and parameter-set id)
   */
  public static BlobHeader copyVerified(InputStream in, OutputStream out) throws IOException {
    InputStream tee = new TeeInputStream(in, out);
    BlobReader r =
        BlobReader.open(
            tee,
            BlobCheck.anyParameterSet(BlobKind.SEEDED_EVALUATION_KEYS, BlobKind.EVALUATION_KEYS));
    ParameterSet set;
    try {
      set = io.fhestreams.engine.params.ParameterSets.byId(r.header().parameterSetId());
    } catch (IllegalArgumentException e) {
      throw new BlobFormatException(
          Reason.PARAMETER_SET, "evaluation keys name " + e.getMessage(), e);
    }
    if (!set.supportsBootstrap()) {
      if (r.header().kind() != BlobKind.EVALUATION_KEYS) {
        throw new BlobFormatException(
            Reason.KIND,
            "parameter set "
                + set.id()
                + " is leveled: expected "
                + BlobKind.EVALUATION_KEYS
                + " holding a client identity, found "
                + r.header().kind());
      }
      requireLeveledLength(r.header(), set);
      r.readRemainingPayload();
      r.finish();
      return r.header();
    }
    boolean seeded = r.header().kind() == BlobKind.SEEDED_EVALUATION_KEYS;
    boolean packing = requireOuterLength(r.header(), set);
    verifyNested(
        r,
        set,
        seeded ? BlobKind.SEEDED_LWE_KEYSWITCH_KEY : BlobKind.LWE_KEYSWITCH_KEY,
        KeyFormats.keyswitchKeyPayloadLength(set, seeded));
    verifyNested(
        r,
        set,
        seeded ? BlobKind.SEEDED_LWE_BOOTSTRAP_KEY : BlobKind.LWE_BOOTSTRAP_KEY,
        KeyFormats.bootstrapKeyPayloadLength(set, seeded));
    if (packing) {
      verifyNested(
          r,
          set,
          BlobKind.SEEDED_LWE_PACKING_KEYSWITCH_KEY,
          KeyFormats.packingKeyswitchKeyPayloadLength(set));
    }
    r.finish();
    return r.header();
  }

  private static void requireLeveledLength(BlobHeader h, ParameterSet set) {
    if (h.kind() != BlobKind.EVALUATION_KEYS || h.payloadLength() != LEVELED_IDENTITY_BYTES) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "evaluation keys of leveled set "
              + set.id()
              + ": expected an "
              + BlobKind.EVALUATION_KEYS
              + " blob with a "
              + LEVELED_IDENTITY_BYTES
              + "-byte identity, found "
              + h.kind()
              + " with a payload of "
              + h.payloadLength()
              + " bytes");
    }
  }

  /**
   * Reads one nested key blob of {@code set} without keeping it: header, exact payload length, the
   * key's shape (refused with reason CONTENT when it is not the set's), then the elements through a
   * small buffer, and the checksum. The elements need no range check: key-switching elements are
   * u32 modulo 2^32 and bootstrap-key elements u64 modulo 2^64 (the native modulus), so every value
   * is an element of the torus, and any 16 bytes are a seed.
   */
  private static void verifyNested(
      BlobReader outer, ParameterSet set, BlobKind kind, long payloadLength) throws IOException {
    BlobReader nested =
        BlobReader.open(
            outer.payloadStream(), BlobCheck.of(kind, set.id()).withMaxPayloadBytes(payloadLength));
    if (nested.header().payloadLength() != payloadLength) {
      throw new BlobFormatException(
          Reason.LENGTH,
          kind
              + " of parameter set "
              + set.id()
              + " has a payload of "
              + payloadLength
              + " bytes, the header declares "
              + nested.header().payloadLength());
    }
    KeyFormats.readShape(nested, KeyFormats.shape(kind, set), kind.name(), set);
    nested.payloadStream().transferTo(OutputStream.nullOutputStream());
    nested.finish();
  }

  /** Passes every byte read from {@code in} on to {@code out}. */
  private static final class TeeInputStream extends java.io.FilterInputStream {
    private final OutputStream out;

    TeeInputStream(InputStream in, OutputStream out) {
      super(in);
      this.out = out;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        out.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        out.write(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) {
      throw new UnsupportedOperationException("skipping would not copy");
    }
  }

  /**
   * Total blob length of the evaluation keys of {@code set}, seeded or plain, without packing key.
   */
  public static long blobLength(ParameterSet set, boolean seeded) {
    return blobLength(set, seeded, false);
  }

  /**
   * Total blob length of the evaluation keys of {@code set}, seeded or plain, with or without the
   * packing key (seeded only).
   */
  public static long blobLength(ParameterSet set, boolean seeded, boolean packing) {
    return new BlobHeader(
            BlobFormat.VERSION,
            seeded ? BlobKind.SEEDED_EVALUATION_KEYS : BlobKind.EVALUATION_KEYS,
            set.id(),
            payloadLength(set, seeded, packing))
        .totalLength();
  }

  private static SeededEvaluationKeys readSeededPayload(BlobReader r, ParameterSet set)
      throws IOException {
    boolean packing = r.header().payloadLength() == payloadLength(set, true, true);
    SeededLweKeyswitchKey ksk = KeyFormats.readSeededLweKeyswitchKey(r.payloadStream(), set);
    SeededLweBootstrapKey bsk = KeyFormats.readSeededLweBootstrapKey(r.payloadStream(), set);
    SeededLwePackingKeyswitchKey pksk =
        packing ? KeyFormats.readSeededLwePackingKeyswitchKey(r.payloadStream(), set) : null;
    return new SeededEvaluationKeys(set, ksk, bsk, pksk);
  }

  private static BlobReader openOuter(
      InputStream in, ParameterSet set, BlobKind first, BlobKind... rest) throws IOException {
    requireBootstrap(set);
    BlobReader r = BlobReader.open(in, BlobCheck.oneOf(set.id(), first, rest));
    requireOuterLength(r.header(), set);
    return r;
  }

  /**
   * The outer payload length must be exactly what {@code set} implies, with or without the packing
   * key (seeded only); the length of evaluation keys holding a retired format-1 key-switching key
   * (64-bit elements) is refused by name.
   *
   * @return whether the packing key follows the bootstrap key
   */
  private static boolean requireOuterLength(BlobHeader h, ParameterSet set) {
    boolean seeded = h.kind() == BlobKind.SEEDED_EVALUATION_KEYS;
    long expected = payloadLength(set, seeded, false);
    if (h.payloadLength() == expected) {
      return false;
    }
    if (seeded && h.payloadLength() == payloadLength(set, true, true)) {
      return true;
    }
    long retiredKeyswitch =
        KeyFormats.retiredKeyswitchKeyPayloadLength(set, seeded)
            - KeyFormats.keyswitchKeyPayloadLength(set, seeded);
    if (h.payloadLength() == expected + retiredKeyswitch) {
      throw KeyFormats.retiredKeyswitchFormat(h.kind(), set);
    }
    throw new BlobFormatException(
        Reason.LENGTH,
        h.kind()
            + " of parameter set "
            + set.id()
            + " has a payload of "
            + expected
            + " bytes, the header declares "
            + h.payloadLength()
            + (seeded
                ? " (" + payloadLength(set, true, true) + " bytes with the packing key)"
                : ""));
  }

  private static long payloadLength(ParameterSet set, boolean seeded, boolean packing) {
    requireBootstrap(set);
    if (packing && !seeded) {
      throw new IllegalArgumentException("only the seeded evaluation keys carry a packing key");
    }
    long packingKey =
        packing
            ? new BlobHeader(
                    BlobFormat.VERSION,
                    BlobKind.SEEDED_LWE_PACKING_KEYSWITCH_KEY,
                    set.id(),
                    KeyFormats.packingKeyswitchKeyPayloadLength(set))
                .totalLength()
            : 0;
    BlobKind ksk = seeded ? BlobKind.SEEDED_LWE_KEYSWITCH_KEY : BlobKind.LWE_KEYSWITCH_KEY;
    BlobKind bsk = seeded ? BlobKind.SEEDED_LWE_BOOTSTRAP_KEY : BlobKind.LWE_BOOTSTRAP_KEY;
    return new BlobHeader(
                BlobFormat.VERSION,
                ksk,
                set.id(),
                KeyFormats.keyswitchKeyPayloadLength(set, seeded))
            .totalLength()
        + new BlobHeader(
                BlobFormat.VERSION,
                bsk,
                set.id(),
                KeyFormats.bootstrapKeyPayloadLength(set, seeded))
            .totalLength()
        + packingKey;
  }

  private static void requireBootstrap(ParameterSet set) {
    if (!set.supportsBootstrap()) {
      throw new IllegalArgumentException(
          "parameter set " + set.id() + " is leveled: it has no evaluation keys");
    }
  }
}
