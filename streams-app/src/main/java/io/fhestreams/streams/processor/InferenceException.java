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
  private final boolean mayAppearLater;

  /** A failure with a reason and a message. */
  public InferenceException(FailureReason reason, String message) {
    this(reason, message, null, false);
  }

  /** A failure with a reason, a message and the exception that caused it. */
  public InferenceException(FailureReason reason, String message, Throwable cause) {
    this(reason, message, cause, false);
  }

  private InferenceException(
      FailureReason reason, String message, Throwable cause, boolean mayAppearLater) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.mayAppearLater = mayAppearLater;
  }

  /**
   * The registry does not hold the model or key yet ({@code UNKNOWN_MODEL} or {@code UNKNOWN_KEY}
   * for a 404): the processor asks again during the grace period ({@code app.unknown.grace.ms}),
   * since a request may arrive a moment before its keys, and only then dead-letters it.
   */
  public static InferenceException notFoundYet(FailureReason reason, String message) {
    return new InferenceException(reason, message, null, true);
  }

  /** True for {@link #notFoundYet}: the same lookup may succeed in a moment. */
  public boolean mayAppearLater() {
    return mayAppearLater;
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
