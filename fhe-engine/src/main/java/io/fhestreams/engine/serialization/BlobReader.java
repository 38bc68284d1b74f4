package io.fhestreams.engine.serialization;

import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads and checks one blob from a stream or a byte array.
 *
 * <p>Static entry points: {@link #readHeader(InputStream)} (header only, for routing), {@link
 * #verify(byte[], BlobCheck)} and {@link #copyVerified(InputStream, OutputStream, BlobCheck)}
 * (whole blob, checksum included, e.g. a registry upload). A decoder uses {@link #open(InputStream,
 * BlobCheck)}, reads the payload with the typed methods, and calls {@link #finish()} before it
 * returns anything: only then is the trailing checksum known to match.
 *
 * <p>Every refusal is a {@link BlobFormatException} naming the failed check, expected and found.
 * The reader never reads a byte past the end of its blob (blobs can be concatenated or nested),
 * never reads more payload than the header declares, and never allocates more than its 64 KiB
 * buffer on the strength of a declared length. Not thread-safe.
 */
public final class BlobReader {
  private static final int BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final BlobHeader header;
  private final byte[] rawHeader;
  private final byte[] buf;
  private final ByteBuffer bb;
  private final CRC32C crc = new CRC32C();
  private int pos;
  private int lim;
  private long payloadRemaining;

  /** Bytes of this blob (payload + trailer) still in {@code in}, not yet in the buffer. */
  private long unread;

  private boolean finished;

  private BlobReader(InputStream in, byte[] rawHeader, BlobHeader header) {
    this.in = in;
    this.rawHeader = rawHeader;
    this.header = header;
    this.crc.update(rawHeader, 0, rawHeader.length);
    this.payloadRemaining = header.payloadLength();
    this.unread = header.payloadLength() + BlobFormat.TRAILER_LENGTH;
    this.buf = new byte[(int) Math.min(BUFFER_BYTES, Math.max(16, unread))];
    this.bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
  }

  // ---------------------------------------------------------------- entry points

  /**
   * Reads and checks the header (magic, version, header checksum, known kind) and leaves {@code in}
   * at the first payload byte. Does not check kind or parameter set against any expectation.
   */
  public static BlobHeader readHeader(InputStream in) throws IOException {
    return readRawHeader(in).header;
  }

  /** {@link #readHeader(InputStream)} over the start of a byte array. */
  public static BlobHeader readHeader(byte[] blob) {
    try {
      return readHeader(new ByteArrayInputStream(blob));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens a blob for decoding: reads the header and checks it against {@code check}. The caller
   * reads the payload, then calls {@link #finish()}.
   */
  public static BlobReader open(InputStream in, BlobCheck check) throws IOException {
    RawHeader raw = readRawHeader(in);
    check.verify(raw.header);
    return new BlobReader(in, raw.bytes, raw.header);
  }

  /**
   * Opens a blob held in memory: the whole blob (exact length and trailing checksum) is verified
   * before any payload byte is handed out, so that corrupt content is never decoded.
   */
  public static BlobReader open(byte[] blob, BlobCheck check) {
    verify(blob, check);
    try {
      return open(new ByteArrayInputStream(blob), check);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Verifies a whole in-memory blob: header, {@code check}, exact length (no missing, no extra
   * bytes) and trailing checksum.
   *
   * @return the header
   */
  public static BlobHeader verify(byte[] blob, BlobCheck check) {
    BlobHeader header = readHeader(blob);
    check.verify(header);
    long total = header.totalLength();
    if (blob.length < total) {
      throw new BlobFormatException(
          Reason.TRUNCATED,
          "header declares "
              + total
              + " bytes in all (payload "
              + header.payloadLength()
              + ") for kind "
              + header.kind()
              + ", found "
              + blob.length
              + " bytes");
    }
    if (blob.length > total) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "header declares "
              + total
              + " bytes in all (payload "
              + header.payloadLength()
              + ") for kind "
              + header.kind()
              + ", found "
              + blob.length
              + " bytes: "
              + (blob.length - total)
              + " extra bytes after the blob");
    }
    int end = (int) total - BlobFormat.TRAILER_LENGTH;
    int stored = ByteBuffer.wrap(blob, end, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int computed = BlobFormat.crc32c(blob, 0, end);
    if (stored != computed) {
      throw checksumMismatch(header, stored, computed);
    }
    return header;
  }

  /**
   * Copies one blob from {@code in} to {@code out} while verifying it (header, {@code check},
   * payload length, trailing checksum), holding at most 64 KiB in memory. On a refusal the bytes
   * already copied to {@code out} must be discarded by the caller.
   *
   * @return the verified header
   */
  public static BlobHeader copyVerified(InputStream in, OutputStream out, BlobCheck check)
      throws IOException {
    BlobReader reader = open(in, check);
    out.write(reader.rawHeader);
    while (reader.payloadRemaining > 0) {
      int n = (int) Math.min(reader.payloadRemaining, reader.buf.length);
      int at = reader.take(n);
      out.write(reader.buf, at, n);
    }
    int trailer = reader.finishAndGetTrailer();
    byte[] t = new byte[BlobFormat.TRAILER_LENGTH];
    ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(trailer);
    out.write(t);
    return reader.header;
  }

  // ---------------------------------------------------------------- payload access

  /** The checked header of this blob. */
  public BlobHeader header() {
    return header;
  }

  /** Payload bytes not read yet. */
  public long remainingPayload() {
    return payloadRemaining;
  }

  /** Reads one unsigned byte. */
  public int readUnsignedByte() throws IOException {
    return buf[take(1)] & 0xFF;
  }

  /** Reads a little-endian 32-bit integer. */
  public int readInt() throws IOException {
    return bb.getInt(take(4));
  }

  /** Reads a little-endian 64-bit integer. */
  public long readLong() throws IOException {
    return bb.getLong(take(8));
  }

  /** Reads {@code length} little-endian longs into {@code dst} from {@code offset}. */
  public void readLongs(long[] dst, int offset, int length) throws IOException {
    readElements(Long.BYTES, offset, length, (from, n) -> bb.asLongBuffer().get(dst, from, n));
  }

  /** Reads {@code length} little-endian ints into {@code dst} from {@code offset}. */
  public void readInts(int[] dst, int offset, int length) throws IOException {
    readElements(Integer.BYTES, offset, length, (from, n) -> bb.asIntBuffer().get(dst, from, n));
  }

  /** Copies {@code n} elements at the buffer's position into an array from index {@code from}. */
  @FunctionalInterface
  private interface ElementCopy {
    void copy(int from, int n);
  }

  private void readElements(int elementBytes, int offset, int length, ElementCopy copy)
      throws IOException {
    requirePayload((long) elementBytes * length);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int n = Math.min(end - i, buf.length / elementBytes);
      bb.position(take(elementBytes * n));
      copy.copy(i, n);
      i += n;
    }
  }

  /** Reads exactly {@code length} bytes into {@code dst} from {@code offset}. */
  public void readFully(byte[] dst, int offset, int length) throws IOException {
    requirePayload(length);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int n = Math.min(end - i, buf.length);
      int at = take(n);
      System.arraycopy(buf, at, dst, i, n);
      i += n;
    }
  }

  /**
   * Reads the rest of the payload into a new array. Memory grows with the bytes actually received,
   * never with the declared length, so a lying header cannot force a large allocation.
   */
  public byte[] readRemainingPayload() throws IOException {
    java.io.ByteArrayOutputStream out =
        new java.io.ByteArrayOutputStream((int) Math.min(payloadRemaining, buf.length));
    while (payloadRemaining > 0) {
      int n = (int) Math.min(payloadRemaining, buf.length);
      int at = take(n);
      out.write(buf, at, n);
    }
    return out.toByteArray();
  }

  /**
   * A stream view of the rest of the payload, e.g. to read a blob nested in this one. Reads count
   * against this blob's payload and checksum; the view reports end of stream at the payload's end.
   */
  public InputStream payloadStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return payloadRemaining == 0 ? -1 : readUnsignedByte();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (payloadRemaining == 0) {
          return -1;
        }
        int n = (int) Math.min(len, Math.min(payloadRemaining, buf.length));
        int at = take(n);
        System.arraycopy(buf, at, b, off, n);
        return n;
      }
    };
  }

  /**
   * Ends the blob: the payload must have been read completely (else reason LENGTH) and the trailing
   * checksum must match every byte of the blob (else reason CHECKSUM). Call before using anything
   * decoded from the payload.
   */
  public void finish() throws IOException {
    finishAndGetTrailer();
  }

  /**
   * Throws a LENGTH refusal unless at least {@code bytes} payload bytes remain; decoders call it
   * with the size a declared count implies before they allocate for that count.
   */
  public void requirePayload(long bytes) {
    if (bytes < 0 || bytes > payloadRemaining) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "content needs "
              + bytes
              + " more payload bytes, but the header of this "
              + header.kind()
              + " leaves "
              + payloadRemaining);
    }
  }

  // ---------------------------------------------------------------- internals

  private int finishAndGetTrailer() throws IOException {
    if (finished) {
      throw new IllegalStateException("blob already finished");
    }
    if (payloadRemaining != 0) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "content of this "
              + header.kind()
              + " ended "
              + payloadRemaining
              + " bytes before the payload length the header declares ("
              + header.payloadLength()
              + ")");
    }
    ensure(BlobFormat.TRAILER_LENGTH);
    int stored = bb.getInt(pos);
    pos += BlobFormat.TRAILER_LENGTH;
    finished = true;
    int computed = (int) crc.getValue();
    if (stored != computed) {
      throw checksumMismatch(header, stored, computed);
    }
    return stored;
  }

  /** Consumes {@code n} payload bytes (n <= buffer size); returns their offset in {@code buf}. */
  private int take(int n) throws IOException {
    requirePayload(n);
    ensure(n);
    int at = pos;
    crc.update(buf, at, n);
    pos += n;
    payloadRemaining -= n;
    return at;
  }

  private void ensure(int n) throws IOException {
    if (lim - pos >= n) {
      return;
    }
    System.arraycopy(buf, pos, buf, 0, lim - pos);
    lim -= pos;
    pos = 0;
    while (lim < n) {
      int want = (int) Math.min(buf.length - lim, unread);
      if (want == 0) {
        throw new IllegalStateException("reader needs " + n + " bytes past the end of its blob");
      }
      int r = in.read(buf, lim, want);
      if (r < 0) {
        long consumed = rawHeader.length + header.payloadLength() - payloadRemaining;
        throw new BlobFormatException(
            Reason.TRUNCATED,
            "stream ended after "
                + (consumed + lim)
                + " bytes of a "
                + header.kind()
                + " blob whose header declares "
                + header.totalLength()
                + " bytes");
      }
      lim += r;
      unread -= r;
    }
  }

  private static BlobFormatException checksumMismatch(BlobHeader header, int stored, int computed) {
    return new BlobFormatException(
        Reason.CHECKSUM,
        "trailing CRC32C of this "
            + header.kind()
            + " blob does not match: stored 0x"
            + Integer.toHexString(stored)
            + ", computed 0x"
            + Integer.toHexString(computed)
            + " (the bytes were corrupted)");
  }

  private record RawHeader(BlobHeader header, byte[] bytes) {}

  private static RawHeader readRawHeader(InputStream in) throws IOException {
    byte[] prefix = readExactly(in, BlobFormat.FIXED_PREFIX_LENGTH, 0, "header");
    if (!Arrays.equals(prefix, 0, 4, BlobFormat.MAGIC, 0, 4)) {
      throw new BlobFormatException(
          Reason.MAGIC,
          "expected magic "
              + BlobFormat.hex(BlobFormat.MAGIC)
              + ", found "
              + BlobFormat.hex(Arrays.copyOf(prefix, 4))
              + ": not an fhe-streams blob");
    }
    ByteBuffer p = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN);
    int version = Short.toUnsignedInt(p.getShort(4));
    if (version != BlobFormat.VERSION) {
      throw new BlobFormatException(
          Reason.VERSION, "expected format version " + BlobFormat.VERSION + ", found " + version);
    }
    int kindCode = Short.toUnsignedInt(p.getShort(6));
    int idLength = Byte.toUnsignedInt(prefix[8]);
    if (idLength == 0 || idLength > BlobFormat.MAX_PARAMETER_SET_ID_LENGTH) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "parameter-set id length must be 1.."
              + BlobFormat.MAX_PARAMETER_SET_ID_LENGTH
              + ", found "
              + idLength);
    }
    byte[] rest = readExactly(in, idLength + 12, prefix.length, "header");
    byte[] raw = new byte[prefix.length + rest.length];
    System.arraycopy(prefix, 0, raw, 0, prefix.length);
    System.arraycopy(rest, 0, raw, prefix.length, rest.length);
    ByteBuffer r = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int storedCrc = r.getInt(raw.length - 4);
    int computedCrc = BlobFormat.crc32c(raw, 0, raw.length - 4);
    if (storedCrc != computedCrc) {
      throw new BlobFormatException(
          Reason.CHECKSUM,
          "header CRC32C does not match: stored 0x"
              + Integer.toHexString(storedCrc)
              + ", computed 0x"
              + Integer.toHexString(computedCrc)
              + " (the header was corrupted)");
    }
    BlobKind kind = BlobKind.fromCode(kindCode);
    String id =
        new String(raw, BlobFormat.FIXED_PREFIX_LENGTH, idLength, StandardCharsets.US_ASCII);
    long payloadLength = r.getLong(BlobFormat.FIXED_PREFIX_LENGTH + idLength);
    if (payloadLength < 0 || payloadLength > Long.MAX_VALUE - 4096) {
      throw new BlobFormatException(
          Reason.LENGTH, "payload length out of range: " + Long.toUnsignedString(payloadLength));
    }
    try {
      return new RawHeader(new BlobHeader(version, kind, id, payloadLength), raw);
    } catch (IllegalArgumentException e) {
      throw new BlobFormatException(Reason.CONTENT, "invalid header field: " + e.getMessage(), e);
    }
  }

  private static byte[] readExactly(InputStream in, int n, int alreadyRead, String what)
      throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new BlobFormatException(
          Reason.TRUNCATED,
          "stream ended inside the "
              + what
              + " after "
              + (alreadyRead + b.length)
              + " bytes, expected at least "
              + (alreadyRead + n));
    }
    return b;
  }
}
