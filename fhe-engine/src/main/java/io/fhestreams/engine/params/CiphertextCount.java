package io.fhestreams.engine.params;

/** Number of ciphertexts in a list. */
public record CiphertextCount(int value) {
  public CiphertextCount {
    if (value < 0) {
      throw new IllegalArgumentException("CiphertextCount must be >= 0, found " + value);
    }
  }
}
