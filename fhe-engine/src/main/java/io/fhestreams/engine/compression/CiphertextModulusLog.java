package io.fhestreams.engine.compression;

/**
 * log2 of a power-of-two ciphertext modulus below 2^64 (the bits kept per coefficient), in [1, 63].
 */
public record CiphertextModulusLog(int value) {
  /** Checks the range. */
  public CiphertextModulusLog {
    if (value < 1 || value > 63) {
      throw new IllegalArgumentException("CiphertextModulusLog must be in [1, 63], found " + value);
    }
  }
}
