package io.fhestreams.ml.onnx;

import java.util.List;
import java.util.Set;

/**
 * Converts one ONNX operator into layers. One converter per operator in {@link OnnxOps}'s table,
 * the only place an operator is dispatched.
 */
public interface OpConverter {

  /** The attribute names this converter understands; any other attribute is refused. */
  Set<String> attributes();

  /** The values of the node's outputs, in order (trailing unused outputs may be omitted). */
  List<Value> convert(NodeContext node);
}
