package io.fhestreams.ml.onnx;

/**
 * An ONNX model that cannot be imported: the message names the node, the operator and what is
 * wrong.
 */
public final class OnnxImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxImportException(String message) {
    super(message);
  }

  public OnnxImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
