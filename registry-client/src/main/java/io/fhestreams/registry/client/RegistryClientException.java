package io.fhestreams.registry.client;

/**
 * A registry call that failed: a 4xx answer (at once, with the server's message) or a 5xx or
 * transport failure that outlasted the retries.
 */
public final class RegistryClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /**
   * A failure with HTTP {@code status} (0 when no answer came) and the server's {@code message}.
   */
  public RegistryClientException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when the server never answered (connection refused, timeout). */
  public int status() {
    return status;
  }

  /** Whether the server said the thing does not exist. */
  public boolean isNotFound() {
    return status == 404;
  }
}
