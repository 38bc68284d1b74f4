package io.fhestreams.streams.processor;

import java.util.Objects;

/**
 * A request could not be answered, for a {@link FailureReason}. Thrown by {@link ModelResolver} and
 * {@link CiphertextEvaluator}; the processor dead-letters the request with the reason and this
 * message, or, when the reason is {@linkplain FailureReason#retryable() retryable}, waits and
 * retries.
 *
 * <p>The message should say what was expected and what was found; it ends up in the dead letter, so
 * it must never contain key material.
 */
public class InferenceException extends Exception {

  private static final long serialVersionUID = 1L;

  private final FailureReason reason;

  /** A failure with a reason and a message. */
  public InferenceException(FailureReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** A failure with a reason, a message and the exception that caused it. */
  public InferenceException(FailureReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the request failed. */
  public FailureReason reason() {
    return reason;
  }

  /** Shorthand for {@code reason().retryable()}. */
  public boolean isRetryable() {
    return reason.retryable();
  }
}
