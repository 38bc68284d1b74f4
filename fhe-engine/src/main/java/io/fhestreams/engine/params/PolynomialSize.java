package io.fhestreams.engine.params;

/**
 * Number of coefficients N of a polynomial mod X^N+1; a power of two, at least 4 (the FFT works on
 * N/2 points).
 */
public record PolynomialSize(int value) {
  public PolynomialSize {
    if (value < 4 || Integer.bitCount(value) != 1) {
      throw new IllegalArgumentException(
          "PolynomialSize must be a power of two >= 4, found " + value);
    }
  }

  /** log2 N. */
  public int log2() {
    return Integer.numberOfTrailingZeros(value);
  }

  /** The number of complex points of the negacyclic FFT: N/2. */
  public int fourierSize() {
    return value / 2;
  }

  /** Big LWE dimension k*N of a sample extracted from a GLWE of this size. */
  public LweDimension toLweDimension(GlweDimension k) {
    return new LweDimension(Math.multiplyExact(k.value(), value));
  }
}
