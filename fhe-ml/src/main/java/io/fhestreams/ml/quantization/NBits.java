package io.fhestreams.ml.quantization;

/**
 * Number of bits of a quantized value (Concrete ML's {@code n_bits}): a quantizer with n bits maps
 * reals onto 2^n consecutive integers.
 *
 * @param value the bit count, in [1, 16]
 */
public record NBits(int value) {
  /**
   * Largest supported bit count: a dot product of two 16-bit values still fits a long accumulator.
   */
  public static final int MAX = 16;

  public NBits {
    if (value < 1 || value > MAX) {
      throw new IllegalArgumentException("n_bits must be in [1, " + MAX + "], found " + value);
    }
  }

  /** The number of integer levels, 2^n. */
  public long levels() {
    return 1L << value;
  }
}
