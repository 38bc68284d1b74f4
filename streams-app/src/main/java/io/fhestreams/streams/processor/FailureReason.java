package io.fhestreams.streams.processor;

/**
 * Why a request could not be answered. Every code except the retryable ones ends in the dead-letter
 * topic, as the {@code reason} string of a {@code DeadLetter}.
 */
public enum FailureReason {
  /**
   * The record's bytes are not a readable {@code EncryptedInferenceRequest} (bad framing, unknown
   * schema id, bad Avro).
   */
  UNDECODABLE(false),
  /**
   * The request is readable but malformed: no value, record key differs from the key id, missing
   * fields.
   */
  INVALID_REQUEST(false),
  /** The registry has no such model name and version. */
  UNKNOWN_MODEL(false),
  /**
   * The version exists but its stage is not one the app is configured to serve ({@code
   * registry.served.stages}, default production).
   */
  MODEL_STAGE_NOT_SERVED(false),
  /** The registry has no evaluation key with that id. */
  UNKNOWN_KEY(false),
  /** Request, model and key do not share one parameter set. */
  PARAMETER_SET_MISMATCH(false),
  /** The input ciphertexts do not have the size or count the model expects. */
  WRONG_CIPHERTEXT_SIZE(false),
  /** Homomorphic evaluation failed. */
  EVALUATION_ERROR(false),
  /**
   * An unexpected exception in a resolver or evaluator (a bug): dead-lettered so that the stream
   * goes on.
   */
  INTERNAL_ERROR(false),
  /** The model registry cannot be reached: retried, never dead-lettered. */
  REGISTRY_UNAVAILABLE(true);

  private final boolean retryable;

  FailureReason(boolean retryable) {
    this.retryable = retryable;
  }

  /** True when the same request may succeed later, so it is retried instead of dead-lettered. */
  public boolean retryable() {
    return retryable;
  }
}
