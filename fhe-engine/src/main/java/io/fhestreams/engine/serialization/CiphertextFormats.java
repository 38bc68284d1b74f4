package io.fhestreams.engine.serialization;

import io.fhestreams.engine.compression.SeededLweCiphertextList;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.random.Seed;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Blob formats of LWE ciphertext lists. Payloads (little-endian):
 * <pre>
 * LWE_CIPHERTEXT_LIST          u32 n, u32 count, count·(n+1) u64 (mask a_0..a_{n-1}, body b)
 * SEEDED_LWE_CIPHERTEXT_LIST   u32 n, u32 count, 16-byte mask seed, count u64 bodies
 * </pre>
 * n must be one of the parameter set's two LWE dimensions (big k·N or small n). A seeded list costs
 * 8 bytes per ciphertext plus 24 payload bytes and the blob frame; the masks are regenerated from
 * the seed in encryption order ({@link io.fhestreams.engine.compression.SeededCompression}).
 *
 * <p>Readers check the whole blob (checksum included) before they decode, and every count
 * against the bytes present, so a corrupt list is refused, never half-read.
 */
public final class CiphertextFormats {
    private static final int LIST_PREFIX = 8;
    private static final int SEEDED_PREFIX = LIST_PREFIX + Seed.BYTES;

    private CiphertextFormats() {
    }

    // ------------------------------------------------------------------ plain lists

    /** The blob of {@code list}, whose dimension must belong to {@code set}. */
    public static byte[] toBytes(LweCiphertextList list, ParameterSet set) {
        requireDimension(list.dimension(), set);
        return BlobWriter.toBytes(BlobKind.LWE_CIPHERTEXT_LIST, set.id(), plainPayloadLength(list),
                w -> writePlainPayload(w, list));
    }

    /** Streams the blob of {@code list} to {@code out}. */
    public static void write(OutputStream out, LweCiphertextList list, ParameterSet set) throws IOException {
        requireDimension(list.dimension(), set);
        BlobWriter w = BlobWriter.open(out, BlobKind.LWE_CIPHERTEXT_LIST, set.id(), plainPayloadLength(list));
        writePlainPayload(w, list);
        w.finish();
    }

    /** Reads a plain list made for {@code set}; refuses anything else with a {@link BlobFormatException}. */
    public static LweCiphertextList readLweCiphertextList(byte[] blob, ParameterSet set) {
        BlobHeader h = BlobReader.verify(blob, BlobCheck.of(BlobKind.LWE_CIPHERTEXT_LIST, set.id()));
        return decodePlain(payload(blob, h), set);
    }

    /** Reads one plain list blob from {@code in} (nothing past its end). */
    public static LweCiphertextList readLweCiphertextList(InputStream in, ParameterSet set) throws IOException {
        return decodePlain(readVerifiedPayload(in, BlobCheck.of(BlobKind.LWE_CIPHERTEXT_LIST, set.id())), set);
    }

    // ------------------------------------------------------------------ seeded lists

    /** The blob of a seeded list, whose dimension must belong to {@code set}. */
    public static byte[] toBytes(SeededLweCiphertextList list, ParameterSet set) {
        requireDimension(list.dimension(), set);
        return BlobWriter.toBytes(BlobKind.SEEDED_LWE_CIPHERTEXT_LIST, set.id(), seededPayloadLength(list),
                w -> writeSeededPayload(w, list));
    }

    /** Streams the blob of a seeded list to {@code out}. */
    public static void write(OutputStream out, SeededLweCiphertextList list, ParameterSet set) throws IOException {
        requireDimension(list.dimension(), set);
        BlobWriter w = BlobWriter.open(out, BlobKind.SEEDED_LWE_CIPHERTEXT_LIST, set.id(), seededPayloadLength(list));
        writeSeededPayload(w, list);
        w.finish();
    }

    /** Reads a seeded list made for {@code set}. */
    public static SeededLweCiphertextList readSeededLweCiphertextList(byte[] blob, ParameterSet set) {
        BlobHeader h = BlobReader.verify(blob, BlobCheck.of(BlobKind.SEEDED_LWE_CIPHERTEXT_LIST, set.id()));
        return decodeSeeded(payload(blob, h), set);
    }

    /** Reads one seeded list blob from {@code in}. */
    public static SeededLweCiphertextList readSeededLweCiphertextList(InputStream in, ParameterSet set)
            throws IOException {
        return decodeSeeded(readVerifiedPayload(in, BlobCheck.of(BlobKind.SEEDED_LWE_CIPHERTEXT_LIST, set.id())), set);
    }

    /** Bytes of the seeded blob of {@code count} ciphertexts for {@code set}: 8·count + a constant. */
    public static long seededBlobLength(ParameterSet set, int count) {
        return new BlobHeader(BlobFormat.VERSION, BlobKind.SEEDED_LWE_CIPHERTEXT_LIST, set.id(),
                SEEDED_PREFIX + 8L * count).totalLength();
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

    private static void writeSeededPayload(BlobWriter w, SeededLweCiphertextList list) throws IOException {
        w.writeInt(list.dimension().value());
        w.writeInt(list.bodies().length);
        w.writeBytes(list.seed().toBytes(), 0, Seed.BYTES);
        w.writeLongs(list.bodies(), 0, list.bodies().length);
    }

    private static LweCiphertextList decodePlain(ByteBuffer p, ParameterSet set) {
        LweDimension n = readDimension(p, set);
        int count = readCount(p, (long) n.toLweSize() * 8, "LWE ciphertext of " + n.toLweSize() + " elements");
        long[] data = new long[count * n.toLweSize()];
        p.asLongBuffer().get(data);
        return new LweCiphertextList(data, n, new CiphertextCount(count));
    }

    private static SeededLweCiphertextList decodeSeeded(ByteBuffer p, ParameterSet set) {
        LweDimension n = readDimension(p, set);
        int count = p.getInt();
        if (p.remaining() < Seed.BYTES) {
            throw new BlobFormatException(Reason.LENGTH, "seeded list payload has no room for its 16-byte seed");
        }
        byte[] seed = new byte[Seed.BYTES];
        p.get(seed);
        checkCount(count, p.remaining(), 8, "body");
        long[] bodies = new long[count];
        p.asLongBuffer().get(bodies);
        return new SeededLweCiphertextList(Seed.fromBytes(seed), bodies, n);
    }

    private static int readCount(ByteBuffer p, long bytesPerItem, String item) {
        int count = p.getInt();
        checkCount(count, p.remaining(), bytesPerItem, item);
        return count;
    }

    /** The count must be non-negative and fill the rest of the payload exactly. */
    private static void checkCount(int count, int remaining, long bytesPerItem, String item) {
        if (count < 0 || (long) count * bytesPerItem != remaining) {
            throw new BlobFormatException(Reason.LENGTH, "list declares " + Integer.toUnsignedString(count) + " items of "
                    + bytesPerItem + " bytes (" + item + "), but the payload holds " + remaining + " bytes for them");
        }
    }

    private static LweDimension readDimension(ByteBuffer p, ParameterSet set) {
        if (p.remaining() < LIST_PREFIX) {
            throw new BlobFormatException(Reason.LENGTH, "list payload of " + p.remaining()
                    + " bytes is shorter than its " + LIST_PREFIX + "-byte prefix");
        }
        int n = p.getInt();
        int big = set.bigLweDimension().value();
        int small = set.lweDimension().value();
        if (n != big && n != small) {
            throw new BlobFormatException(Reason.CONTENT, "LWE dimension " + Integer.toUnsignedString(n)
                    + " does not belong to parameter set " + set.id() + " (expected " + big + " or " + small + ")");
        }
        return new LweDimension(n);
    }

    private static void requireDimension(LweDimension n, ParameterSet set) {
        if (!n.equals(set.bigLweDimension()) && !n.equals(set.lweDimension())) {
            throw new IllegalArgumentException("LWE dimension " + n.value() + " does not belong to parameter set "
                    + set.id() + " (expected " + set.bigLweDimension().value() + " or " + set.lweDimension().value() + ")");
        }
    }

    /** The payload of a verified in-memory blob as a little-endian buffer. */
    static ByteBuffer payload(byte[] blob, BlobHeader h) {
        return ByteBuffer.wrap(blob, h.encodedLength(), (int) h.payloadLength()).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads a whole blob from a stream, checksum verified, and returns its payload. */
    static ByteBuffer readVerifiedPayload(InputStream in, BlobCheck check) throws IOException {
        BlobReader r = BlobReader.open(in, check);
        byte[] payload = r.readRemainingPayload();
        r.finish();
        return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    }
}
