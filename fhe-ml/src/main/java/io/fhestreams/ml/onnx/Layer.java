package io.fhestreams.ml.onnx;

import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;

/**
 * One step of an imported model, in real numbers, as the ONNX graph computes it. A model front end
 * (the linear family today; neural nets and tree ensembles later) lowers a list of layers to a
 * quantized circuit. Each layer remembers the ONNX node it came from, for error messages.
 */
public sealed interface Layer permits Layer.Affine, Layer.Elementwise, Layer.ArgMax {

  /** The ONNX node this layer came from, as {@code 'name' (OpType)}. */
  String source();

  /** Number of values this layer produces per sample. */
  int outputSize();

  /** y = W·x + b. */
  record Affine(AffineMap map, String source) implements Layer {
    @Override
    public int outputSize() {
      return map.outputs();
    }
  }

  /** An activation over the row (element-wise, or softmax). */
  record Elementwise(Activation activation, int outputSize, String source) implements Layer {}

  /** Index of the largest value, mapped to a class label. */
  record ArgMax(long[] classLabels, String source) implements Layer {
    public ArgMax {
      classLabels = classLabels.clone();
    }

    @Override
    public long[] classLabels() {
      return classLabels.clone();
    }

    @Override
    public int outputSize() {
      return 1;
    }
  }
}
