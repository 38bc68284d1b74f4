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
   * The request is readable but malformed: no value, a record key that is not {@code KEYID} or
   * {@code KEYID/BUCKET} ({@code io.fhestreams.schemas.RequestKey}) or names another key id,
   * missing fields.
   */
  INVALID_REQUEST(false),
  /** The registry has no such model name and version. */
  UNKNOWN_MODEL(false),
  /**
   * The version exists but its stage is not one the app is configured to serve ({@code
   * registry.served.stages}, default production).
   */
  MODEL_STAGE_NOT_SERVED(false),
  /**
   * The request addresses a stage that does not exist, or one in which the model has no version
   * (then only after the grace period: a version may be promoted in a moment).
   */
  UNKNOWN_STAGE(false),
  /** The registry has no evaluation key with that id. */
  UNKNOWN_KEY(false),
  /**
   * The model's server artifact does not load, or exceeds the app's artifact limits (too costly for
   * one record): refused for good, and remembered so that it is not downloaded again.
   */
  MODEL_REFUSED(false),
  /**
   * The sender's evaluation keys do not decode against their parameter set: refused for good, and
   * remembered so that they are not downloaded again.
   */
  KEYS_REFUSED(false),
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
  /**
   * One record's evaluation ran the JVM out of a resource ({@code OutOfMemoryError}, {@code
   * StackOverflowError}, any {@code VirtualMachineError}): dead-lettered so that the stream thread
   * lives on.
   */
  RESOURCE_LIMIT(false),
  /** The evaluation ran longer than the per-record deadline ({@code app.record.deadline.ms}). */
  DEADLINE_EXCEEDED(false),
  /**
   * The prediction would exceed the record limit ({@code app.output.max.bytes}, at most the
   * producer's {@code max.request.size}), so the producer would refuse it.
   */
  OUTPUT_TOO_LARGE(false),
  /**
   * The record's offset was read {@code app.record.max.attempts} times without an outcome (each
   * attempt ended in a thread or process failure): it is set aside instead of looping.
   */
  QUARANTINED(false),
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
