package io.fhestreams.streams.processor;

import java.util.Objects;

/**
 * The result of evaluating one request: the output ciphertexts and how many bootstraps it took.
 *
 * @param outputCiphertexts output ciphertext list in the engine's framed format
 * @param bootstraps number of programmable bootstraps performed, >= 0 (for the bootstraps/s metric)
 */
public record Evaluation(byte[] outputCiphertexts, long bootstraps) {
  /** Validates the fields. */
  public Evaluation {
    Objects.requireNonNull(outputCiphertexts, "outputCiphertexts");
    if (bootstraps < 0) {
      throw new IllegalArgumentException("bootstraps must be >= 0, found " + bootstraps);
    }
  }
}
