package io.fhestreams.ml.deploy;

/**
 * A server artifact is well formed but exceeds a cap of {@link ArtifactLimits} (or asks for more
 * than its parameter set can do); the message names the cap, the node and the values. Permanent:
 * the same artifact is refused every time.
 */
public final class ArtifactLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A refusal with {@code message} naming what exceeds which cap. */
  public ArtifactLimitException(String message) {
    super("server artifact refused: " + message);
  }
}
