package io.fhestreams.ml.compiler;

/**
 * A circuit that no candidate parameter set can run: the message names the node that does not fit
 * and by how much (bits of precision, or bits of failure probability).
 */
public final class CompilationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CompilationException(String message) {
    super(message);
  }
}
