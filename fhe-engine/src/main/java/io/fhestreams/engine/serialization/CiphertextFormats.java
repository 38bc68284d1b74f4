package io.fhestreams.engine.serialization;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.ModulusSwitchedGlweCiphertextList;
import io.fhestreams.engine.compression.ModulusSwitchedLweCiphertextList;
import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.compression.SeededGlweCiphertext;
import io.fhestreams.engine.compression.SeededLweCiphertextList;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.random.Seed;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Blob formats of LWE ciphertext lists and GLWE ciphertexts. Payloads (little-endian):
 *
 * <pre>
 * LWE_CIPHERTEXT_LIST          u32 n, u32 count, count·(n+1) u64 (mask a_0..a_{n-1}, body b)
 * SEEDED_LWE_CIPHERTEXT_LIST   u32 n, u32 count, 16-byte mask seed, count u64 bodies
 * MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST
 *                              u32 n, u32 count, u8 b, count·(n+1) values of b bits packed LSB first,
 *                              ceil(count·(n+1)·b / 8) bytes, unused high bits of the last byte zero
 * MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST
 *                              u32 k, u32 N, u32 count, u8 b, then per GLWE ciphertext (⌈count/N⌉)
 *                              its k·N mask values and its bodies in use (N, the last count − N·⌊…⌋),
 *                              all of b bits packed LSB first as above
 * SEEDED_GLWE_CIPHERTEXT       u32 k, u32 N, u8 b, 16-byte mask seed, the top b bits of the N body
 *                              coefficients packed LSB first as above
 * </pre>
 *
 * n must be one of the parameter set's two LWE dimensions (big k·N or small n). A GLWE shape is the
 * set's packing shape or the big key read as k polynomials of N coefficients (k·N the big
 * dimension); readers of GLWE blobs take the shape the caller expects and refuse any other. A
 * seeded list costs 8 bytes per ciphertext plus 24 payload bytes and the blob frame; the masks are
 * regenerated from the seed in encryption order ({@link
 * io.fhestreams.engine.compression.SeededCompression}).
 *
 * <p>Readers check the whole blob (checksum included) before they decode, and every count against
 * the bytes present, so a corrupt list is refused, never half-read.
 */
public final class CiphertextFormats {
  private static final int LIST_PREFIX = 8;
  private static final int SEEDED_PREFIX = LIST_PREFIX + Seed.BYTES;
  private static final int GLWE_LIST_PREFIX = 13;
  private static final int SEEDED_GLWE_PREFIX = 9 + Seed.BYTES;

  private CiphertextFormats() {}

  // ------------------------------------------------------------------ plain lists

  /** The blob of {@code list}, whose dimension must belong to {@code set}. */
  public static byte[] toBytes(LweCiphertextList list, ParameterSet set) {
    return PLAIN.toBytes(list, set);
  }

  /** Streams the blob of {@code list} to {@code out}. */
  public static void write(OutputStream out, LweCiphertextList list, ParameterSet set)
      throws IOException {
    PLAIN.write(out, list, set);
  }

  /**
   * Reads a plain list made for {@code set}; refuses anything else with a {@link
   * BlobFormatException}.
   */
  public static LweCiphertextList readLweCiphertextList(byte[] blob, ParameterSet set) {
    return PLAIN.read(blob, set);
  }

  /** Reads a plain list that must hold exactly {@code expectedCount} ciphertexts. */
  public static LweCiphertextList readLweCiphertextList(
      byte[] blob, ParameterSet set, int expectedCount) {
    return PLAIN.read(blob, set, expectedCount);
  }

  /** Reads one plain list blob from {@code in} (nothing past its end). */
  public static LweCiphertextList readLweCiphertextList(InputStream in, ParameterSet set)
      throws IOException {
    return PLAIN.read(in, set);
  }

  // ------------------------------------------------------------------ seeded lists

  /** The blob of a seeded list, whose dimension must belong to {@code set}. */
  public static byte[] toBytes(SeededLweCiphertextList list, ParameterSet set) {
    return SEEDED.toBytes(list, set);
  }

  /** Streams the blob of a seeded list to {@code out}. */
  public static void write(OutputStream out, SeededLweCiphertextList list, ParameterSet set)
      throws IOException {
    SEEDED.write(out, list, set);
  }

  /** Reads a seeded list made for {@code set}. */
  public static SeededLweCiphertextList readSeededLweCiphertextList(byte[] blob, ParameterSet set) {
    return SEEDED.read(blob, set);
  }

  /**
   * Reads a seeded list that must hold exactly {@code expectedCount} ciphertexts (e.g. a model's
   * input count). Use this form on untrusted input: decompression expands each 8-byte body to
   * 8·(n+1) bytes, so the count must be bounded before {@code SeededCompression.decompressNew}.
   */
  public static SeededLweCiphertextList readSeededLweCiphertextList(
      byte[] blob, ParameterSet set, int expectedCount) {
    return SEEDED.read(blob, set, expectedCount);
  }

  /** Reads one seeded list blob from {@code in}. */
  public static SeededLweCiphertextList readSeededLweCiphertextList(
      InputStream in, ParameterSet set) throws IOException {
    return SEEDED.read(in, set);
  }

  /**
   * How one list kind is framed: its blob kind, the dimension and count of a list, its payload
   * length, writer and decoder. The plain and seeded lists differ only in these.
   */
  private record ListFormat<T>(
      BlobKind kind,
      String label,
      Function<T, LweDimension> dimension,
      ToIntFunction<T> count,
      ToLongFunction<T> payloadLength,
      PayloadWriter<T> writer,
      BiFunction<ByteBuffer, ParameterSet, T> decoder) {

    byte[] toBytes(T list, ParameterSet set) {
      requireDimension(dimension.apply(list), set);
      return BlobWriter.toBytes(
          kind, set.id(), payloadLength.applyAsLong(list), w -> writer.write(w, list));
    }

    void write(OutputStream out, T list, ParameterSet set) throws IOException {
      requireDimension(dimension.apply(list), set);
      BlobWriter w = BlobWriter.open(out, kind, set.id(), payloadLength.applyAsLong(list));
      writer.write(w, list);
      w.finish();
    }

    T read(byte[] blob, ParameterSet set) {
      BlobHeader h = BlobReader.verify(blob, BlobCheck.of(kind, set.id()));
      return decoder.apply(payload(blob, h), set);
    }

    T read(byte[] blob, ParameterSet set, int expectedCount) {
      T list = read(blob, set);
      requireCount(expectedCount, count.applyAsInt(list), label);
      return list;
    }

    T read(InputStream in, ParameterSet set) throws IOException {
      return decoder.apply(readVerifiedPayload(in, BlobCheck.of(kind, set.id())), set);
    }
  }

  /** Writes a list's payload. */
  @FunctionalInterface
  private interface PayloadWriter<T> {
    void write(BlobWriter w, T list) throws IOException;
  }

  private static final ListFormat<LweCiphertextList> PLAIN =
      new ListFormat<>(
          BlobKind.LWE_CIPHERTEXT_LIST,
          "plain",
          LweCiphertextList::dimension,
          list -> list.count().value(),
          CiphertextFormats::plainPayloadLength,
          CiphertextFormats::writePlainPayload,
          CiphertextFormats::decodePlain);

  private static final ListFormat<SeededLweCiphertextList> SEEDED =
      new ListFormat<>(
          BlobKind.SEEDED_LWE_CIPHERTEXT_LIST,
          "seeded",
          SeededLweCiphertextList::dimension,
          list -> list.bodies().length,
          CiphertextFormats::seededPayloadLength,
          CiphertextFormats::writeSeededPayload,
          CiphertextFormats::decodeSeeded);

  // ------------------------------------------------------------------ modulus-switched (output)
  // lists

  /** The blob of a modulus-switched list (outputs compressed by the noise model). */
  public static byte[] toBytes(ModulusSwitchedLweCiphertextList list, ParameterSet set) {
    requireDimension(list.dimension(), set);
    long packed = packedLength(list.values().length, list.modulusLog().value());
    return BlobWriter.toBytes(
        BlobKind.MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST,
        set.id(),
        LIST_PREFIX + 1 + packed,
        w -> {
          w.writeInt(list.dimension().value());
          w.writeInt(list.count().value());
          w.writeByte(list.modulusLog().value());
          byte[] bytes = pack(list.values(), list.modulusLog().value());
          w.writeBytes(bytes, 0, bytes.length);
        });
  }

  /** Reads a modulus-switched list made for {@code set}. */
  public static ModulusSwitchedLweCiphertextList readModulusSwitchedLweCiphertextList(
      byte[] blob, ParameterSet set) {
    BlobHeader h =
        BlobReader.verify(
            blob, BlobCheck.of(BlobKind.MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST, set.id()));
    return decodeModulusSwitched(payload(blob, h), set);
  }

  /** Reads one modulus-switched list blob from {@code in}. */
  public static ModulusSwitchedLweCiphertextList readModulusSwitchedLweCiphertextList(
      InputStream in, ParameterSet set) throws IOException {
    return decodeModulusSwitched(
        readVerifiedPayload(
            in, BlobCheck.of(BlobKind.MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST, set.id())),
        set);
  }

  private static ModulusSwitchedLweCiphertextList decodeModulusSwitched(
      ByteBuffer p, ParameterSet set) {
    LweDimension n = readDimension(p, set);
    int count = p.getInt();
    if (!p.hasRemaining()) {
      throw new BlobFormatException(
          Reason.LENGTH, "modulus-switched list payload has no room for its modulus byte");
    }
    int bits = p.get() & 0xFF;
    if (bits < 1 || bits > 63) {
      throw new BlobFormatException(
          Reason.CONTENT,
          "modulus-switched list declares " + bits + " bits per value; expected 1..63");
    }
    long values = count < 0 ? -1 : (long) count * n.toLweSize();
    long expected = values < 0 ? -1 : packedLength(values, bits);
    if (expected != p.remaining()) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "list declares "
              + Integer.toUnsignedString(count)
              + " ciphertexts of "
              + n.toLweSize()
              + " values of "
              + bits
              + " bits, but the payload holds "
              + p.remaining()
              + " bytes for them");
    }
    byte[] bytes = new byte[p.remaining()];
    p.get(bytes);
    long[] out = unpack(bytes, (int) values, bits);
    return new ModulusSwitchedLweCiphertextList(out, n, new CiphertextModulusLog(bits));
  }

  // ------------------------------------------------------------------ packed (output) GLWE lists

  /** The blob of a packed, modulus-switched GLWE list (outputs packed by the server). */
  public static byte[] toBytes(ModulusSwitchedGlweCiphertextList list, ParameterSet set) {
    requireGlweShape(list.glweDimension(), list.polynomialSize(), set);
    long packed = packedLength(list.values().length, list.modulusLog().value());
    return BlobWriter.toBytes(
        BlobKind.MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST,
        set.id(),
        GLWE_LIST_PREFIX + packed,
        w -> {
          w.writeInt(list.glweDimension().value());
          w.writeInt(list.polynomialSize().value());
          w.writeInt(list.count());
          w.writeByte(list.modulusLog().value());
          byte[] bytes = pack(list.values(), list.modulusLog().value());
          w.writeBytes(bytes, 0, bytes.length);
        });
  }

  /** Blob length of {@code count} packed outputs of {@code set} switched to 2^b. */
  public static long packedGlweBlobLength(ParameterSet set, int count, CiphertextModulusLog b) {
    PackingKeyswitchParameters p = PackingKeyswitchParameters.of(set);
    return packedGlweBlobLength(set, p.glweDimension(), p.polynomialSize(), count, b);
  }

  /**
   * Blob length of {@code count} outputs in GLWE ciphertexts of shape (k, N) under {@code set},
   * switched to 2^b.
   */
  public static long packedGlweBlobLength(
      ParameterSet set, GlweDimension k, PolynomialSize n, int count, CiphertextModulusLog b) {
    long values = ModulusSwitchedGlweCiphertextList.valueCount(k, n, count);
    return new BlobHeader(
            BlobFormat.VERSION,
            BlobKind.MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST,
            set.id(),
            GLWE_LIST_PREFIX + packedLength(values, b.value()))
        .totalLength();
  }

  /**
   * Reads a packed, modulus-switched GLWE list made for {@code set}: the shape must be the set's
   * packing shape, the count at least 1 and the payload exactly the bits it declares.
   */
  public static ModulusSwitchedGlweCiphertextList readModulusSwitchedGlweCiphertextList(
      byte[] blob, ParameterSet set) {
    PackingKeyswitchParameters shape = PackingKeyswitchParameters.of(set);
    return readModulusSwitchedGlweCiphertextList(
        blob, set, shape.glweDimension(), shape.polynomialSize(), "packs into");
  }

  /**
   * Reads a modulus-switched GLWE list of {@code set} that must have shape (k, N) (e.g. a
   * coefficient-encoded model's outputs, whose shape its artifact names), a count of at least 1 and
   * a payload of exactly the bits it declares.
   */
  public static ModulusSwitchedGlweCiphertextList readModulusSwitchedGlweCiphertextList(
      byte[] blob, ParameterSet set, GlweDimension k, PolynomialSize n) {
    requireGlweShape(k, n, set);
    return readModulusSwitchedGlweCiphertextList(blob, set, k, n, "expects");
  }

  private static ModulusSwitchedGlweCiphertextList readModulusSwitchedGlweCiphertextList(
      byte[] blob,
      ParameterSet set,
      GlweDimension expectedK,
      PolynomialSize expectedN,
      String expectation) {
    BlobHeader h =
        BlobReader.verify(
            blob, BlobCheck.of(BlobKind.MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST, set.id()));
    ByteBuffer p = payload(blob, h);
    if (p.remaining() < GLWE_LIST_PREFIX) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "packed GLWE list payload of "
              + p.remaining()
              + " bytes is shorter than its "
              + GLWE_LIST_PREFIX
              + "-byte prefix");
    }
    int k = p.getInt();
    int bigN = p.getInt();
    int count = p.getInt();
    int bits = p.get() & 0xFF;
    if (k != expectedK.value() || bigN != expectedN.value()) {
      throw new BlobFormatException(
          Reason.CONTENT,
          "packed GLWE list has k="
              + Integer.toUnsignedString(k)
              + ", N="
              + Integer.toUnsignedString(bigN)
              + "; parameter set "
              + set.id()
              + " "
              + expectation
              + " k="
              + expectedK.value()
              + ", N="
              + expectedN.value());
    }
    if (count < 1) {
      throw new BlobFormatException(
          Reason.CONTENT,
          "packed GLWE list declares "
              + Integer.toUnsignedString(count)
              + " ciphertexts; expected at least 1");
    }
    if (bits < 1 || bits > 63) {
      throw new BlobFormatException(
          Reason.CONTENT, "packed GLWE list declares " + bits + " bits per value; expected 1..63");
    }
    long values = ModulusSwitchedGlweCiphertextList.valueCount(expectedK, expectedN, count);
    if (packedLength(values, bits) != p.remaining()) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "packed GLWE list declares "
              + count
              + " ciphertexts ("
              + values
              + " values of "
              + bits
              + " bits), but the payload holds "
              + p.remaining()
              + " bytes for them");
    }
    byte[] bytes = new byte[p.remaining()];
    p.get(bytes);
    return new ModulusSwitchedGlweCiphertextList(
        unpack(bytes, (int) values, bits),
        expectedK,
        expectedN,
        count,
        new CiphertextModulusLog(bits));
  }

  // ------------------------------------------------------------------ seeded GLWE (input)

  /** The blob of a seeded GLWE ciphertext of {@code set} (k·N the set's big LWE dimension). */
  public static byte[] toBytes(SeededGlweCiphertext ciphertext, ParameterSet set) {
    requireGlweShape(ciphertext.glweDimension(), ciphertext.polynomialSize(), set);
    int bits = ciphertext.bodyModulusLog().value();
    long[] top = new long[ciphertext.body().length];
    for (int i = 0; i < top.length; i++) {
      top[i] = ciphertext.body()[i] >>> (64 - bits);
    }
    byte[] packed = pack(top, bits);
    return BlobWriter.toBytes(
        BlobKind.SEEDED_GLWE_CIPHERTEXT,
        set.id(),
        SEEDED_GLWE_PREFIX + packed.length,
        w -> {
          w.writeInt(ciphertext.glweDimension().value());
          w.writeInt(ciphertext.polynomialSize().value());
          w.writeByte(bits);
          w.writeBytes(ciphertext.seed().toBytes(), 0, Seed.BYTES);
          w.writeBytes(packed, 0, packed.length);
        });
  }

  /** Bytes of the seeded GLWE blob of polynomial size N, b body bits, for {@code set}. */
  public static long seededGlweBlobLength(
      ParameterSet set, PolynomialSize n, CiphertextModulusLog b) {
    return new BlobHeader(
            BlobFormat.VERSION,
            BlobKind.SEEDED_GLWE_CIPHERTEXT,
            set.id(),
            SEEDED_GLWE_PREFIX + packedLength(n.value(), b.value()))
        .totalLength();
  }

  /**
   * Reads a seeded GLWE ciphertext of {@code set} that must have shape (k, N) and b body bits, e.g.
   * a model's input, whose shape its artifact names. The kind, set, checksum, shape, b and length
   * are checked before the body is allocated, so an untrusted blob cannot make the reader allocate
   * more than the expected N coefficients.
   */
  public static SeededGlweCiphertext readSeededGlweCiphertext(
      byte[] blob, ParameterSet set, GlweDimension k, PolynomialSize n, CiphertextModulusLog b) {
    requireGlweShape(k, n, set);
    BlobHeader h = BlobReader.verify(blob, BlobCheck.of(BlobKind.SEEDED_GLWE_CIPHERTEXT, set.id()));
    ByteBuffer p = payload(blob, h);
    if (p.remaining() < SEEDED_GLWE_PREFIX) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "seeded GLWE payload of "
              + p.remaining()
              + " bytes is shorter than its "
              + SEEDED_GLWE_PREFIX
              + "-byte prefix");
    }
    int foundK = p.getInt();
    int foundN = p.getInt();
    int bits = p.get() & 0xFF;
    if (foundK != k.value() || foundN != n.value() || bits != b.value()) {
      throw new BlobFormatException(
          Reason.CONTENT,
          "seeded GLWE ciphertext has k="
              + Integer.toUnsignedString(foundK)
              + ", N="
              + Integer.toUnsignedString(foundN)
              + ", "
              + bits
              + " body bits; expected k="
              + k.value()
              + ", N="
              + n.value()
              + ", "
              + b.value()
              + " body bits");
    }
    byte[] seed = new byte[Seed.BYTES];
    p.get(seed);
    long expected = packedLength(n.value(), bits);
    if (p.remaining() != expected) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "seeded GLWE ciphertext of N="
              + n.value()
              + " at "
              + bits
              + " bits needs "
              + expected
              + " body bytes, the payload holds "
              + p.remaining());
    }
    byte[] bytes = new byte[p.remaining()];
    p.get(bytes);
    long[] body = unpack(bytes, n.value(), bits);
    for (int i = 0; i < body.length; i++) {
      body[i] <<= 64 - bits;
    }
    return new SeededGlweCiphertext(Seed.fromBytes(seed), body, k, n, b);
  }

  /**
   * A GLWE shape of {@code set}: its packing shape, or the big key read as k polynomials of N
   * coefficients.
   */
  private static void requireGlweShape(GlweDimension k, PolynomialSize n, ParameterSet set) {
    if ((long) k.value() * n.value() == set.bigLweDimension().value()) {
      return;
    }
    PackingKeyswitchParameters p = PackingKeyswitchParameters.of(set);
    if (!k.equals(p.glweDimension()) || !n.equals(p.polynomialSize())) {
      throw new IllegalArgumentException(
          "GLWE shape k="
              + k.value()
              + ", N="
              + n.value()
              + " is neither the big key of "
              + set.id()
              + " (k·N = "
              + set.bigLweDimension().value()
              + ") nor its packing shape "
              + p);
    }
  }

  private static long packedLength(long values, int bits) {
    return (values * bits + 7) / 8;
  }

  /** b bits per value, LSB first, value after value (the mirror of {@link #unpack}). */
  private static byte[] pack(long[] values, int bits) {
    byte[] out = new byte[(int) packedLength(values.length, bits)];
    long bitPos = 0;
    for (long v : values) {
      int done = 0;
      while (done < bits) {
        int byteIndex = (int) (bitPos >>> 3);
        int offset = (int) (bitPos & 7);
        int take = Math.min(8 - offset, bits - done);
        out[byteIndex] |= (byte) (((v >>> done) & ((1L << take) - 1)) << offset);
        done += take;
        bitPos += take;
      }
    }
    return out;
  }

  private static long[] unpack(byte[] bytes, int count, int bits) {
    long[] out = new long[count];
    long mask = (1L << bits) - 1;
    long bitPos = 0;
    for (int i = 0; i < count; i++) {
      long v = 0;
      int got = 0;
      while (got < bits) {
        int byteIndex = (int) (bitPos >>> 3);
        int offset = (int) (bitPos & 7);
        int take = Math.min(8 - offset, bits - got);
        v |= (long) ((bytes[byteIndex] & 0xFF) >>> offset & ((1 << take) - 1)) << got;
        got += take;
        bitPos += take;
      }
      out[i] = v & mask;
    }
    int usedInLast = (int) (bitPos & 7);
    if (usedInLast != 0 && ((bytes[bytes.length - 1] & 0xFF) >>> usedInLast) != 0) {
      throw new BlobFormatException(
          Reason.CONTENT, "padding bits of a modulus-switched list are not zero");
    }
    return out;
  }

  /**
   * Bytes of the seeded blob of {@code count} ciphertexts for {@code set}: 8·count + a constant.
   */
  public static long seededBlobLength(ParameterSet set, int count) {
    return new BlobHeader(
            BlobFormat.VERSION,
            BlobKind.SEEDED_LWE_CIPHERTEXT_LIST,
            set.id(),
            SEEDED_PREFIX + 8L * count)
        .totalLength();
  }

  // ------------------------------------------------------------------ internals

  private static long plainPayloadLength(LweCiphertextList list) {
    return LIST_PREFIX + 8L * list.data().length;
  }

  private static void writePlainPayload(BlobWriter w, LweCiphertextList list) throws IOException {
    w.writeInt(list.dimension().value());
    w.writeInt(list.count().value());
    w.writeLongs(list.data(), 0, list.data().length);
  }

  private static long seededPayloadLength(SeededLweCiphertextList list) {
    return SEEDED_PREFIX + 8L * list.bodies().length;
  }

  private static void writeSeededPayload(BlobWriter w, SeededLweCiphertextList list)
      throws IOException {
    w.writeInt(list.dimension().value());
    w.writeInt(list.bodies().length);
    w.writeBytes(list.seed().toBytes(), 0, Seed.BYTES);
    w.writeLongs(list.bodies(), 0, list.bodies().length);
  }

  private static LweCiphertextList decodePlain(ByteBuffer p, ParameterSet set) {
    LweDimension n = readDimension(p, set);
    int count =
        readCount(p, (long) n.toLweSize() * 8, "LWE ciphertext of " + n.toLweSize() + " elements");
    long[] data = new long[count * n.toLweSize()];
    p.asLongBuffer().get(data);
    return new LweCiphertextList(data, n, new CiphertextCount(count));
  }

  private static SeededLweCiphertextList decodeSeeded(ByteBuffer p, ParameterSet set) {
    LweDimension n = readDimension(p, set);
    int count = p.getInt();
    if (p.remaining() < Seed.BYTES) {
      throw new BlobFormatException(
          Reason.LENGTH, "seeded list payload has no room for its 16-byte seed");
    }
    byte[] seed = new byte[Seed.BYTES];
    p.get(seed);
    checkCount(count, p.remaining(), 8, "body");
    long[] bodies = new long[count];
    p.asLongBuffer().get(bodies);
    return new SeededLweCiphertextList(Seed.fromBytes(seed), bodies, n);
  }

  private static void requireCount(int expected, int found, String what) {
    if (expected != found) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "expected a " + what + " list of " + expected + " ciphertexts, found " + found);
    }
  }

  private static int readCount(ByteBuffer p, long bytesPerItem, String item) {
    int count = p.getInt();
    checkCount(count, p.remaining(), bytesPerItem, item);
    return count;
  }

  /** The count must be non-negative and fill the rest of the payload exactly. */
  private static void checkCount(int count, int remaining, long bytesPerItem, String item) {
    if (count < 0 || (long) count * bytesPerItem != remaining) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "list declares "
              + Integer.toUnsignedString(count)
              + " items of "
              + bytesPerItem
              + " bytes ("
              + item
              + "), but the payload holds "
              + remaining
              + " bytes for them");
    }
  }

  private static LweDimension readDimension(ByteBuffer p, ParameterSet set) {
    if (p.remaining() < LIST_PREFIX) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "list payload of "
              + p.remaining()
              + " bytes is shorter than its "
              + LIST_PREFIX
              + "-byte prefix");
    }
    int n = p.getInt();
    int big = set.bigLweDimension().value();
    int small = set.lweDimension().value();
    if (n != big && n != small) {
      throw new BlobFormatException(
          Reason.CONTENT,
          "LWE dimension "
              + Integer.toUnsignedString(n)
              + " does not belong to parameter set "
              + set.id()
              + " (expected "
              + big
              + " or "
              + small
              + ")");
    }
    return new LweDimension(n);
  }

  private static void requireDimension(LweDimension n, ParameterSet set) {
    if (!n.equals(set.bigLweDimension()) && !n.equals(set.lweDimension())) {
      throw new IllegalArgumentException(
          "LWE dimension "
              + n.value()
              + " does not belong to parameter set "
              + set.id()
              + " (expected "
              + set.bigLweDimension().value()
              + " or "
              + set.lweDimension().value()
              + ")");
    }
  }

  /** The payload of a verified in-memory blob as a little-endian buffer. */
  static ByteBuffer payload(byte[] blob, BlobHeader h) {
    return ByteBuffer.wrap(blob, h.encodedLength(), (int) h.payloadLength())
        .slice()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Reads a whole blob from a stream, checksum verified, and returns its payload. */
  static ByteBuffer readVerifiedPayload(InputStream in, BlobCheck check) throws IOException {
    BlobReader r = BlobReader.open(in, check);
    byte[] payload = r.readRemainingPayload();
    r.finish();
    return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
  }
}
