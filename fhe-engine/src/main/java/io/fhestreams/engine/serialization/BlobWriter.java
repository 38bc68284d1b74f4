package io.fhestreams.engine.serialization;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Writes one blob to a stream: the header first, then exactly the declared number of payload bytes,
 * then (at {@link #finish()}) the trailing checksum. Memory use is one 64 KiB buffer, whatever the
 * payload size. Writing more or fewer payload bytes than declared is a programming error and throws
 * {@link IllegalStateException}. Not thread-safe. The underlying stream is flushed, never closed.
 */
public final class BlobWriter {
  private static final int BUFFER_BYTES = 1 << 16;

  /** Writes a payload into a blob writer; used by {@link #toBytes}. */
  @FunctionalInterface
  public interface PayloadWriter {
    /** Writes exactly the declared payload bytes to {@code writer}. */
    void writeTo(BlobWriter writer) throws IOException;
  }

  private final OutputStream out;
  private final BlobHeader header;
  private final byte[] buf;
  private final ByteBuffer bb;
  private final CRC32C crc = new CRC32C();
  private long payloadWritten;
  private boolean finished;

  private BlobWriter(OutputStream out, BlobHeader header) throws IOException {
    this.out = out;
    this.header = header;
    // no larger than the payload (a prediction's 8 KiB would otherwise take a zeroed 64 KiB buffer
    // per record); at least a long, the widest single write
    this.buf = new byte[(int) Math.max(Long.BYTES, Math.min(BUFFER_BYTES, header.payloadLength()))];
    this.bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    byte[] h = BlobFormat.encodeHeader(header);
    crc.update(h, 0, h.length);
    out.write(h);
  }

  /**
   * Starts a blob on {@code out} and writes its header.
   *
   * @param payloadLength the exact number of payload bytes that will follow
   */
  public static BlobWriter open(
      OutputStream out, BlobKind kind, String parameterSetId, long payloadLength)
      throws IOException {
    return new BlobWriter(
        out, new BlobHeader(BlobFormat.VERSION, kind, parameterSetId, payloadLength));
  }

  /**
   * Builds a whole blob in memory; {@code payload} must write exactly {@code payloadLength} bytes.
   */
  public static byte[] toBytes(
      BlobKind kind, String parameterSetId, long payloadLength, PayloadWriter payload) {
    BlobHeader header = new BlobHeader(BlobFormat.VERSION, kind, parameterSetId, payloadLength);
    long total = header.totalLength();
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "blob of " + total + " bytes does not fit a byte[]; stream it");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) total);
    try {
      BlobWriter w = new BlobWriter(bytes, header);
      payload.writeTo(w);
      w.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("a ByteArrayOutputStream does not throw", e);
    }
    return bytes.toByteArray();
  }

  /** The header this writer wrote. */
  public BlobHeader header() {
    return header;
  }

  private void reserve(int n) throws IOException {
    if (finished) {
      throw new IllegalStateException("blob already finished");
    }
    if (payloadWritten + n > header.payloadLength()) {
      throw new IllegalStateException(
          "payload overflow: declared "
              + header.payloadLength()
              + " bytes, writing byte "
              + (payloadWritten + n)
              + " of kind "
              + header.kind());
    }
    if (bb.remaining() < n) {
      flushBuffer();
    }
    payloadWritten += n;
  }

  private void flushBuffer() throws IOException {
    crc.update(buf, 0, bb.position());
    out.write(buf, 0, bb.position());
    bb.clear();
  }

  /** Writes one byte (the low 8 bits of {@code v}). */
  public void writeByte(int v) throws IOException {
    reserve(1);
    bb.put((byte) v);
  }

  /** Writes a little-endian 32-bit integer. */
  public void writeInt(int v) throws IOException {
    reserve(4);
    bb.putInt(v);
  }

  /** Writes a little-endian 64-bit integer. */
  public void writeLong(long v) throws IOException {
    reserve(8);
    bb.putLong(v);
  }

  /** Writes {@code length} longs of {@code src} from {@code offset}, little-endian. */
  public void writeLongs(long[] src, int offset, int length) throws IOException {
    writeElements(Long.BYTES, offset, length, (from, n) -> bb.asLongBuffer().put(src, from, n));
  }

  /** Writes {@code length} ints of {@code src} from {@code offset}, little-endian. */
  public void writeInts(int[] src, int offset, int length) throws IOException {
    writeElements(Integer.BYTES, offset, length, (from, n) -> bb.asIntBuffer().put(src, from, n));
  }

  /** Copies {@code n} elements from index {@code from} of an array to the buffer's position. */
  @FunctionalInterface
  private interface ElementCopy {
    void copy(int from, int n);
  }

  private void writeElements(int elementBytes, int offset, int length, ElementCopy copy)
      throws IOException {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      if (bb.remaining() < elementBytes) {
        flushBuffer();
      }
      int n = Math.min(end - i, bb.remaining() / elementBytes);
      reserve(elementBytes * n);
      copy.copy(i, n);
      bb.position(bb.position() + elementBytes * n);
      i += n;
    }
  }

  /** Writes {@code length} bytes of {@code src} from {@code offset}. */
  public void writeBytes(byte[] src, int offset, int length) throws IOException {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      if (!bb.hasRemaining()) {
        flushBuffer();
      }
      int n = Math.min(end - i, bb.remaining());
      reserve(n);
      bb.put(src, i, n);
      i += n;
    }
  }

  /**
   * A stream view of the payload, e.g. to nest another blob inside this one; bytes written count
   * against the declared payload length. Closing the view does nothing.
   */
  public OutputStream payloadStream() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        writeByte(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        writeBytes(b, off, len);
      }
    };
  }

  /**
   * Ends the blob: checks that exactly the declared payload was written, writes the trailing
   * checksum and flushes the underlying stream.
   */
  public void finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("blob already finished");
    }
    if (payloadWritten != header.payloadLength()) {
      throw new IllegalStateException(
          "payload underflow: declared "
              + header.payloadLength()
              + " bytes, wrote "
              + payloadWritten
              + " for kind "
              + header.kind());
    }
    flushBuffer();
    finished = true;
    bb.putInt((int) crc.getValue());
    out.write(buf, 0, BlobFormat.TRAILER_LENGTH);
    bb.clear();
    out.flush();
  }
}
