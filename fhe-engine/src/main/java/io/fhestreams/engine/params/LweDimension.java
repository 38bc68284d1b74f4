package io.fhestreams.engine.params;

/** Number of mask elements of an LWE ciphertext (the LWE secret key length), n. */
public record LweDimension(int value) {
  public LweDimension {
    if (value < 1) {
      throw new IllegalArgumentException("LweDimension must be >= 1, found " + value);
    }
  }

  /** Mask plus body: {@code n + 1}, the number of torus elements of one LWE ciphertext. */
  public int toLweSize() {
    return value + 1;
  }
}
