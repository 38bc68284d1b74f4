package io.fhestreams.ml.circuit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Reads a body of bytes from outside (a circuit, an artifact's payload) that may be hostile: it
 * knows how many bytes remain, so that every announced count is checked against a limit and against
 * the bytes that could hold it before anything is allocated. Every refusal is an {@link
 * IOException} naming the field.
 */
public final class UntrustedInput extends DataInputStream {
  private final ByteArrayInputStream body;

  /** Reads {@code body} from its start. */
  public UntrustedInput(byte[] body) {
    this(new ByteArrayInputStream(body));
  }

  private UntrustedInput(ByteArrayInputStream body) {
    super(body);
    this.body = body;
  }

  /** Bytes not read yet. */
  public int remaining() {
    return body.available();
  }

  /**
   * Reads a count of elements of at least {@code bytesEach} bytes each and checks it lies in [0,
   * {@code max}] and that the remaining bytes can hold that many elements.
   */
  public int readCount(String field, int max, int bytesEach) throws IOException {
    int count = readInt();
    checkAtMost(field, count, max);
    requireBytes(field, count, bytesEach);
    return count;
  }

  /** Reads an array of longs preceded by its length, at most {@code maxLength}. */
  public long[] readLongs(String field, int maxLength) throws IOException {
    long[] values = new long[readCount(field + " length", maxLength, Long.BYTES)];
    for (int i = 0; i < values.length; i++) {
      values[i] = readLong();
    }
    return values;
  }

  /** Reads an array of ints preceded by its length, at most {@code maxLength}. */
  public int[] readInts(String field, int maxLength) throws IOException {
    int[] values = new int[readCount(field + " length", maxLength, Integer.BYTES)];
    for (int i = 0; i < values.length; i++) {
      values[i] = readInt();
    }
    return values;
  }

  /** Reads an array of doubles preceded by its length, at most {@code maxLength}. */
  public double[] readDoubles(String field, int maxLength) throws IOException {
    return readDoublesOfCount(field, readCount(field + " length", maxLength, Double.BYTES));
  }

  /** Reads {@code count} doubles whose count the format implies (no length precedes them). */
  public double[] readDoublesOfCount(String field, int count) throws IOException {
    requireBytes(field, count, Double.BYTES);
    double[] values = new double[count];
    for (int i = 0; i < values.length; i++) {
      values[i] = readDouble();
    }
    return values;
  }

  /** Refuses {@code count} elements of {@code bytesEach} bytes when fewer bytes remain. */
  public void requireBytes(String field, long count, int bytesEach) throws IOException {
    if (count < 0 || count > remaining() / bytesEach) {
      throw new IOException(
          field
              + ": "
              + count
              + " elements of "
              + bytesEach
              + " bytes announced but only "
              + remaining()
              + " bytes remain");
    }
  }

  /** Refuses a value outside [0, {@code max}] (a count, a size or a running total). */
  public static void checkAtMost(String field, long value, long max) throws IOException {
    if (value < 0 || value > max) {
      throw new IOException(field + " must be in [0, " + max + "], found " + value);
    }
  }
}
