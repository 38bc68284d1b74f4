package io.fhestreams.ml.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * What an ONNX tensor name holds during import: a constant, or a value computed from the model
 * input through a chain of layers.
 */
public sealed interface Value permits Value.Constant, Value.Dynamic {

  /** A constant known at import time. */
  record Constant(ConstantTensor tensor) implements Value {}

  /**
   * A per-sample vector computed from the input.
   *
   * @param layers the layers from the model input to this value
   * @param size number of elements per sample
   * @param isLabel whether the value is a predicted class label (an ArgMax or a classifier's label)
   */
  record Dynamic(List<Layer> layers, int size, boolean isLabel) implements Value {
    public Dynamic {
      layers = List.copyOf(layers);
    }

    /** This value followed by one more layer. */
    public Dynamic then(Layer layer) {
      List<Layer> next = new ArrayList<>(layers);
      next.add(layer);
      return new Dynamic(next, layer.outputSize(), layer instanceof Layer.ArgMax);
    }
  }
}
