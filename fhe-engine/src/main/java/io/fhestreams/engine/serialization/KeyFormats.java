package io.fhestreams.engine.serialization;

import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.compression.SeededLweBootstrapKey;
import io.fhestreams.engine.compression.SeededLweKeyswitchKey;
import io.fhestreams.engine.compression.SeededLwePackingKeyswitchKey;
import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.LweBootstrapKey;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.random.Seed;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Blob formats of the evaluation-key parts. Payloads (little-endian), each opening with the key's
 * shape so that a mismatch is reported field by field:
 *
 * <pre>
 * LWE_KEYSWITCH_KEY          u32 n_in, u32 n_out, u32 baseLog, u32 l, n_in·l·(n_out+1) u32
 * SEEDED_LWE_KEYSWITCH_KEY   u32 n_in, u32 n_out, u32 baseLog, u32 l, 16-byte seed, n_in·l u32 bodies
 * LWE_BOOTSTRAP_KEY          u32 n, u32 k, u32 N, u32 baseLog, u32 l, n·l·(k+1)²·N u64
 * SEEDED_LWE_BOOTSTRAP_KEY   u32 n, u32 k, u32 N, u32 baseLog, u32 l, 16-byte seed, n·l·(k+1)·N u64 bodies
 * SEEDED_LWE_PACKING_KEYSWITCH_KEY
 *                            u32 n_in, u32 k', u32 N', u32 baseLog, u32 l, 16-byte seed, n_in·l·N' u64 bodies
 * </pre>
 *
 * The packing key-switching key goes from the big key (k·N) to the GLWE key the set packs outputs
 * under ({@link PackingKeyswitchParameters}): the big key read as k' = k·N/N' polynomials of N'
 * coefficients, or (6-bit sets) the client's compression key; its shape fields must be the set's,
 * so its length is bounded by the set before anything is allocated.
 *
 * <p>The key-switching key goes from the big key (k·N) to the small key (n) with the set's KS
 * decomposition; the bootstrap key (standard domain) encrypts the small key under the GLWE key with
 * the PBS decomposition. A reader accepts only the exact shape and payload length the parameter set
 * implies, so it never allocates more than a genuine key of that set needs, and it checks the
 * trailing checksum before it returns the key.
 *
 * <p>Key-switching keys are in format 2: elements modulo 2^32 (see {@link LweKeyswitchKey}). Format
 * 1 (64-bit elements, kinds {@link BlobKind#LWE_KEYSWITCH_KEY_64} and {@link
 * BlobKind#SEEDED_LWE_KEYSWITCH_KEY_64}) is refused with reason VERSION ({@link BlobCheck}): its
 * keys must be regenerated.
 */
public final class KeyFormats {
  private static final int KSK_SHAPE_BYTES = 16;
  private static final int BSK_SHAPE_BYTES = 20;
  private static final int PACKING_SHAPE_BYTES = 20;

  private KeyFormats() {}

  // ------------------------------------------------------------------ key-switching key

  /** Streams the blob of {@code key} (which must have the shape {@code set} implies). */
  public static void write(OutputStream out, LweKeyswitchKey key, ParameterSet set)
      throws IOException {
    int[] shape = kskShape(key);
    requireShape(shape, kskShape(set), "LweKeyswitchKey", set);
    BlobWriter w =
        BlobWriter.open(
            out, BlobKind.LWE_KEYSWITCH_KEY, set.id(), keyswitchKeyPayloadLength(set, false));
    writeShape(w, shape);
    for (int[] row : key.rows()) {
      w.writeInts(row, 0, row.length);
    }
    w.finish();
  }

  /** Streams the blob of a seeded key-switching key. */
  public static void write(OutputStream out, SeededLweKeyswitchKey key, ParameterSet set)
      throws IOException {
    int[] shape = {
      key.inputDimension().value(),
      key.outputDimension().value(),
      key.baseLog().value(),
      key.levelCount().value()
    };
    requireShape(shape, kskShape(set), "SeededLweKeyswitchKey", set);
    BlobWriter w =
        BlobWriter.open(
            out, BlobKind.SEEDED_LWE_KEYSWITCH_KEY, set.id(), keyswitchKeyPayloadLength(set, true));
    writeShape(w, shape);
    w.writeBytes(key.seed().toBytes(), 0, Seed.BYTES);
    w.writeInts(key.bodies(), 0, key.bodies().length);
    w.finish();
  }

  /** Reads a key-switching key blob of {@code set} from {@code in}. */
  public static LweKeyswitchKey readLweKeyswitchKey(InputStream in, ParameterSet set)
      throws IOException {
    int[] shape = kskShape(set);
    BlobReader r =
        openExact(in, BlobKind.LWE_KEYSWITCH_KEY, set, keyswitchKeyPayloadLength(set, false));
    readShape(r, shape, "LweKeyswitchKey", set);
    int[][] rows = new int[shape[0] * shape[3]][shape[1] + 1];
    for (int[] row : rows) {
      r.readInts(row, 0, row.length);
    }
    r.finish();
    return new LweKeyswitchKey(
        rows, set.bigLweDimension(), set.lweDimension(), set.ksBaseLog(), set.ksLevel());
  }

  /** Reads a seeded key-switching key blob of {@code set} from {@code in}. */
  public static SeededLweKeyswitchKey readSeededLweKeyswitchKey(InputStream in, ParameterSet set)
      throws IOException {
    int[] shape = kskShape(set);
    BlobReader r =
        openExact(in, BlobKind.SEEDED_LWE_KEYSWITCH_KEY, set, keyswitchKeyPayloadLength(set, true));
    readShape(r, shape, "SeededLweKeyswitchKey", set);
    Seed seed = readSeed(r);
    int[] data = new int[shape[0] * shape[3]];
    r.readInts(data, 0, data.length);
    r.finish();
    return new SeededLweKeyswitchKey(
        seed, data, set.bigLweDimension(), set.lweDimension(), set.ksBaseLog(), set.ksLevel());
  }

  // ------------------------------------------------------------------ bootstrap key

  /** Streams the blob of a standard-domain bootstrap key. */
  public static void write(OutputStream out, LweBootstrapKey key, ParameterSet set)
      throws IOException {
    int[] shape = {
      key.inputLweDimension().value(),
      key.glweDimension().value(),
      key.polynomialSize().value(),
      key.baseLog().value(),
      key.levelCount().value()
    };
    requireShape(shape, bskShape(set), "LweBootstrapKey", set);
    BlobWriter w =
        BlobWriter.open(
            out, BlobKind.LWE_BOOTSTRAP_KEY, set.id(), BSK_SHAPE_BYTES + 8L * key.data().length);
    writeShape(w, shape);
    w.writeLongs(key.data(), 0, key.data().length);
    w.finish();
  }

  /** Streams the blob of a seeded bootstrap key. */
  public static void write(OutputStream out, SeededLweBootstrapKey key, ParameterSet set)
      throws IOException {
    int[] shape = {
      key.inputLweDimension().value(),
      key.glweDimension().value(),
      key.polynomialSize().value(),
      key.baseLog().value(),
      key.levelCount().value()
    };
    requireShape(shape, bskShape(set), "SeededLweBootstrapKey", set);
    BlobWriter w =
        BlobWriter.open(
            out,
            BlobKind.SEEDED_LWE_BOOTSTRAP_KEY,
            set.id(),
            BSK_SHAPE_BYTES + Seed.BYTES + 8L * key.bodies().length);
    writeShape(w, shape);
    w.writeBytes(key.seed().toBytes(), 0, Seed.BYTES);
    w.writeLongs(key.bodies(), 0, key.bodies().length);
    w.finish();
  }

  /** Reads a standard-domain bootstrap key blob of {@code set} from {@code in}. */
  public static LweBootstrapKey readLweBootstrapKey(InputStream in, ParameterSet set)
      throws IOException {
    long elements =
        (long) set.lweDimension().value()
            * GgswCiphertext.sizeOf(set.glweDimension(), set.polynomialSize(), set.pbsLevel());
    BlobReader r = openExact(in, BlobKind.LWE_BOOTSTRAP_KEY, set, BSK_SHAPE_BYTES + 8 * elements);
    readShape(r, bskShape(set), "LweBootstrapKey", set);
    long[] data = new long[Math.toIntExact(elements)];
    r.readLongs(data, 0, data.length);
    r.finish();
    return new LweBootstrapKey(
        data,
        set.lweDimension(),
        set.glweDimension(),
        set.polynomialSize(),
        set.pbsBaseLog(),
        set.pbsLevel());
  }

  /** Reads a seeded bootstrap key blob of {@code set} from {@code in}. */
  public static SeededLweBootstrapKey readSeededLweBootstrapKey(InputStream in, ParameterSet set)
      throws IOException {
    long bodies =
        SeededLweBootstrapKey.bodyCount(
            set.lweDimension(), set.glweDimension(), set.polynomialSize(), set.pbsLevel());
    BlobReader r =
        openExact(
            in, BlobKind.SEEDED_LWE_BOOTSTRAP_KEY, set, BSK_SHAPE_BYTES + Seed.BYTES + 8 * bodies);
    readShape(r, bskShape(set), "SeededLweBootstrapKey", set);
    Seed seed = readSeed(r);
    long[] data = new long[Math.toIntExact(bodies)];
    r.readLongs(data, 0, data.length);
    r.finish();
    return new SeededLweBootstrapKey(
        seed,
        data,
        set.lweDimension(),
        set.glweDimension(),
        set.polynomialSize(),
        set.pbsBaseLog(),
        set.pbsLevel());
  }

  // ------------------------------------------------------------------ packing key-switching key

  /** Streams the blob of a seeded packing key-switching key of {@code set}. */
  public static void write(OutputStream out, SeededLwePackingKeyswitchKey key, ParameterSet set)
      throws IOException {
    requireShape(
        packingShape(key.parameters()),
        packingShape(PackingKeyswitchParameters.of(set)),
        "SeededLwePackingKeyswitchKey",
        set);
    BlobWriter w =
        BlobWriter.open(
            out,
            BlobKind.SEEDED_LWE_PACKING_KEYSWITCH_KEY,
            set.id(),
            packingKeyswitchKeyPayloadLength(set));
    writeShape(w, packingShape(key.parameters()));
    w.writeBytes(key.seed().toBytes(), 0, Seed.BYTES);
    w.writeLongs(key.bodies(), 0, key.bodies().length);
    w.finish();
  }

  /** Reads a seeded packing key-switching key blob of {@code set} from {@code in}. */
  public static SeededLwePackingKeyswitchKey readSeededLwePackingKeyswitchKey(
      InputStream in, ParameterSet set) throws IOException {
    PackingKeyswitchParameters p = PackingKeyswitchParameters.of(set);
    BlobReader r =
        openExact(
            in,
            BlobKind.SEEDED_LWE_PACKING_KEYSWITCH_KEY,
            set,
            packingKeyswitchKeyPayloadLength(set));
    readShape(r, packingShape(p), "SeededLwePackingKeyswitchKey", set);
    Seed seed = readSeed(r);
    long[] bodies = new long[Math.toIntExact(SeededLwePackingKeyswitchKey.bodyCount(p))];
    r.readLongs(bodies, 0, bodies.length);
    r.finish();
    return new SeededLwePackingKeyswitchKey(seed, bodies, p);
  }

  /** Payload length of the seeded packing key-switching key blob of {@code set}. */
  public static long packingKeyswitchKeyPayloadLength(ParameterSet set) {
    return PACKING_SHAPE_BYTES
        + Seed.BYTES
        + 8L * SeededLwePackingKeyswitchKey.bodyCount(PackingKeyswitchParameters.of(set));
  }

  private static int[] packingShape(PackingKeyswitchParameters p) {
    return new int[] {
      p.inputDimension().value(),
      p.glweDimension().value(),
      p.polynomialSize().value(),
      p.baseLog().value(),
      p.levelCount().value()
    };
  }

  // ------------------------------------------------------------------ byte[] conveniences

  /** Writes with {@code writer} into a new array (for keys small enough to hold twice). */
  static byte[] toBytes(IoWriter writer) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      writer.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Reads with {@code reader} from an in-memory blob, verified first (checksum before decoding).
   */
  static <T> T fromBytes(byte[] blob, BlobCheck check, IoReader<T> reader) {
    BlobReader.verify(blob, check);
    try {
      return reader.readFrom(new ByteArrayInputStream(blob));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A write into a stream. */
  @FunctionalInterface
  interface IoWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A read from a stream. */
  @FunctionalInterface
  interface IoReader<T> {
    T readFrom(InputStream in) throws IOException;
  }

  /** The blob of {@code key} as bytes. */
  public static byte[] toBytes(LweKeyswitchKey key, ParameterSet set) {
    return toBytes(out -> write(out, key, set));
  }

  /** The blob of a seeded key-switching key as bytes. */
  public static byte[] toBytes(SeededLweKeyswitchKey key, ParameterSet set) {
    return toBytes(out -> write(out, key, set));
  }

  /** The blob of a bootstrap key as bytes. */
  public static byte[] toBytes(LweBootstrapKey key, ParameterSet set) {
    return toBytes(out -> write(out, key, set));
  }

  /** The blob of a seeded bootstrap key as bytes. */
  public static byte[] toBytes(SeededLweBootstrapKey key, ParameterSet set) {
    return toBytes(out -> write(out, key, set));
  }

  /** Reads a key-switching key from an in-memory blob. */
  public static LweKeyswitchKey readLweKeyswitchKey(byte[] blob, ParameterSet set) {
    return fromBytes(
        blob,
        BlobCheck.of(BlobKind.LWE_KEYSWITCH_KEY, set.id()),
        in -> readLweKeyswitchKey(in, set));
  }

  /** Reads a seeded key-switching key from an in-memory blob. */
  public static SeededLweKeyswitchKey readSeededLweKeyswitchKey(byte[] blob, ParameterSet set) {
    return fromBytes(
        blob,
        BlobCheck.of(BlobKind.SEEDED_LWE_KEYSWITCH_KEY, set.id()),
        in -> readSeededLweKeyswitchKey(in, set));
  }

  /** Reads a bootstrap key from an in-memory blob. */
  public static LweBootstrapKey readLweBootstrapKey(byte[] blob, ParameterSet set) {
    return fromBytes(
        blob,
        BlobCheck.of(BlobKind.LWE_BOOTSTRAP_KEY, set.id()),
        in -> readLweBootstrapKey(in, set));
  }

  /** Reads a seeded bootstrap key from an in-memory blob. */
  public static SeededLweBootstrapKey readSeededLweBootstrapKey(byte[] blob, ParameterSet set) {
    return fromBytes(
        blob,
        BlobCheck.of(BlobKind.SEEDED_LWE_BOOTSTRAP_KEY, set.id()),
        in -> readSeededLweBootstrapKey(in, set));
  }

  /** Payload length of the key-switching key blob of {@code set}, seeded or plain. */
  public static long keyswitchKeyPayloadLength(ParameterSet set, boolean seeded) {
    return KSK_SHAPE_BYTES
        + (seeded ? Seed.BYTES : 0)
        + Integer.BYTES * keyswitchKeyElements(set, seeded);
  }

  /**
   * Payload length the retired format-1 key-switching key blob (64-bit elements) of {@code set}
   * had.
   */
  static long retiredKeyswitchKeyPayloadLength(ParameterSet set, boolean seeded) {
    return KSK_SHAPE_BYTES
        + (seeded ? Seed.BYTES : 0)
        + Long.BYTES * keyswitchKeyElements(set, seeded);
  }

  /** Why evaluation keys holding a format-1 key-switching key are refused. */
  static BlobFormatException retiredKeyswitchFormat(BlobKind outerKind, ParameterSet set) {
    return new BlobFormatException(
        Reason.VERSION,
        outerKind
            + " of parameter set "
            + set.id()
            + " has the length"
            + " of evaluation keys holding a key-switching key in format 1 (64-bit elements), which this engine no"
            + " longer reads; expected format 2 (32-bit elements, kinds "
            + BlobKind.LWE_KEYSWITCH_KEY
            + "/"
            + BlobKind.SEEDED_LWE_KEYSWITCH_KEY
            + "): regenerate the evaluation keys");
  }

  private static long keyswitchKeyElements(ParameterSet set, boolean seeded) {
    int[] s = kskShape(set);
    return (long) s[0] * s[3] * (seeded ? 1 : s[1] + 1);
  }

  /** Payload length of the (standard-domain) bootstrap key blob of {@code set}, seeded or plain. */
  public static long bootstrapKeyPayloadLength(ParameterSet set, boolean seeded) {
    long bodies =
        SeededLweBootstrapKey.bodyCount(
            set.lweDimension(), set.glweDimension(), set.polynomialSize(), set.pbsLevel());
    return BSK_SHAPE_BYTES
        + (seeded ? Seed.BYTES + 8L * bodies : 8L * bodies * set.glweDimension().toGlweSize());
  }

  // ------------------------------------------------------------------ internals

  private static int[] kskShape(LweKeyswitchKey key) {
    return new int[] {
      key.inputDimension().value(),
      key.outputDimension().value(),
      key.baseLog().value(),
      key.levelCount().value()
    };
  }

  private static int[] kskShape(ParameterSet set) {
    return new int[] {
      set.bigLweDimension().value(),
      set.lweDimension().value(),
      set.ksBaseLog().value(),
      set.ksLevel().value()
    };
  }

  private static int[] bskShape(ParameterSet set) {
    return new int[] {
      set.lweDimension().value(),
      set.glweDimension().value(),
      set.polynomialSize().value(),
      set.pbsBaseLog().value(),
      set.pbsLevel().value()
    };
  }

  static void requireShape(int[] found, int[] expected, String what, ParameterSet set) {
    if (!java.util.Arrays.equals(found, expected)) {
      throw new IllegalArgumentException(
          what
              + " shape "
              + java.util.Arrays.toString(found)
              + " does not match parameter set "
              + set.id()
              + ", which implies "
              + java.util.Arrays.toString(expected));
    }
  }

  static void writeShape(BlobWriter w, int[] shape) throws IOException {
    for (int v : shape) {
      w.writeInt(v);
    }
  }

  /** The shape fields {@code set} implies for a key blob of {@code kind} (plain or seeded). */
  static int[] shape(BlobKind kind, ParameterSet set) {
    return switch (kind) {
      case LWE_KEYSWITCH_KEY, SEEDED_LWE_KEYSWITCH_KEY -> kskShape(set);
      case LWE_BOOTSTRAP_KEY, SEEDED_LWE_BOOTSTRAP_KEY -> bskShape(set);
      case SEEDED_LWE_PACKING_KEYSWITCH_KEY -> packingShape(PackingKeyswitchParameters.of(set));
      default -> throw new IllegalArgumentException(kind + " is not a key blob");
    };
  }

  static void readShape(BlobReader r, int[] expected, String what, ParameterSet set)
      throws IOException {
    int[] found = new int[expected.length];
    for (int i = 0; i < found.length; i++) {
      found[i] = r.readInt();
    }
    if (!java.util.Arrays.equals(found, expected)) {
      throw new BlobFormatException(
          Reason.CONTENT,
          what
              + " shape in the blob "
              + java.util.Arrays.toString(found)
              + " does not match parameter set "
              + set.id()
              + ": expected "
              + java.util.Arrays.toString(expected));
    }
  }

  static Seed readSeed(BlobReader r) throws IOException {
    byte[] seed = new byte[Seed.BYTES];
    r.readFully(seed, 0, Seed.BYTES);
    return Seed.fromBytes(seed);
  }

  /**
   * Opens a blob whose payload length must be exactly what {@code set} implies for {@code kind}.
   */
  static BlobReader openExact(InputStream in, BlobKind kind, ParameterSet set, long payloadLength)
      throws IOException {
    BlobReader r = BlobReader.open(in, BlobCheck.of(kind, set.id()));
    if (r.header().payloadLength() != payloadLength) {
      throw new BlobFormatException(
          Reason.LENGTH,
          kind
              + " of parameter set "
              + set.id()
              + " has a payload of "
              + payloadLength
              + " bytes, the header declares "
              + r.header().payloadLength());
    }
    return r;
  }
}
