package io.fhestreams.ml.circuit;

/**
 * The closed interval of integers a node's values can take, inferred at build time.
 *
 * @param min the smallest value
 * @param max the largest value, &gt;= min
 */
public record ValueRange(long min, long max) {

  public ValueRange {
    if (max < min) {
      throw new IllegalArgumentException("value range: max " + max + " < min " + min);
    }
  }

  /** The range of unsigned n-bit integers, [0, 2^n − 1]. */
  public static ValueRange unsigned(int bits) {
    if (bits < 1 || bits > 62) {
      throw new IllegalArgumentException("unsigned bits must be in [1, 62], found " + bits);
    }
    return new ValueRange(0, (1L << bits) - 1);
  }

  /**
   * Bits needed to hold every value: unsigned width when min &gt;= 0, two's complement width (sign
   * bit included) otherwise.
   */
  public int bitWidth() {
    if (min >= 0) {
      return Math.max(1, 64 - Long.numberOfLeadingZeros(max));
    }
    int negative = 65 - Long.numberOfLeadingZeros(~min);
    int positive = max < 0 ? 1 : 65 - Long.numberOfLeadingZeros(max);
    return Math.max(negative, positive);
  }

  /** Whether the range holds negative values. */
  public boolean isSigned() {
    return min < 0;
  }

  /** Number of distinct values, max − min + 1. */
  public long count() {
    return Math.addExact(Math.subtractExact(max, min), 1);
  }

  /** Whether v lies in the range. */
  public boolean contains(long v) {
    return v >= min && v <= max;
  }

  /** Range of a + b. */
  public ValueRange plus(ValueRange o) {
    return new ValueRange(Math.addExact(min, o.min), Math.addExact(max, o.max));
  }

  /** Range of a − b. */
  public ValueRange minus(ValueRange o) {
    return new ValueRange(Math.subtractExact(min, o.max), Math.subtractExact(max, o.min));
  }

  /** Range of c · a for a clear constant c. */
  public ValueRange times(long c) {
    long a = Math.multiplyExact(min, c);
    long b = Math.multiplyExact(max, c);
    return new ValueRange(Math.min(a, b), Math.max(a, b));
  }

  /** Smallest range holding both. */
  public ValueRange union(ValueRange o) {
    return new ValueRange(Math.min(min, o.min), Math.max(max, o.max));
  }

  @Override
  public String toString() {
    return "[" + min + ", " + max + "] (" + bitWidth() + " bits)";
  }
}
