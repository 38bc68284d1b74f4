package io.fhestreams.engine.params;

/** Number of mask polynomials of a GLWE ciphertext (the GLWE secret key's polynomial count), k. */
public record GlweDimension(int value) {
  public GlweDimension {
    if (value < 1) {
      throw new IllegalArgumentException("GlweDimension must be >= 1, found " + value);
    }
  }

  /** Mask plus body: {@code k + 1}, the number of polynomials of one GLWE ciphertext. */
  public int toGlweSize() {
    return value + 1;
  }
}
