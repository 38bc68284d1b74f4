package io.fhestreams.clients.consumer;

/**
 * The streams app could not process a request and wrote it to the dead-letter topic: the future of
 * that request fails with this, carrying the app's reason code and message.
 */
public final class DeadLetteredException extends RuntimeException {
  private final String requestId;
  private final String reason;

  /**
   * A failure of {@code requestId} with the dead letter's {@code reason} code and {@code message}.
   */
  public DeadLetteredException(String requestId, String reason, String message) {
    super("request " + requestId + " was dead-lettered: " + reason + ": " + message);
    this.requestId = requestId;
    this.reason = reason;
    // no stack trace would help: the failure happened in another process
    setStackTrace(new StackTraceElement[0]);
  }

  /** The request that failed. */
  public String requestId() {
    return requestId;
  }

  /** The reason code, e.g. {@code UNKNOWN_KEY}. */
  public String reason() {
    return reason;
  }
}
