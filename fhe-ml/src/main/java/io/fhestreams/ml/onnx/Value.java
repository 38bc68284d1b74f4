package io.fhestreams.ml.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an ONNX tensor name holds during import: a constant, or a value computed from the model
 * input through a chain of layers.
 */
public sealed interface Value permits Value.Constant, Value.Dynamic {

  /** A constant known at import time. */
  record Constant(ConstantTensor tensor) implements Value {}

  /**
   * A per-sample tensor computed from the input, flattened row-major (NCHW without the batch axis).
   *
   * @param layers the layers from the model input to this value
   * @param shape the per-sample shape (without the batch axis)
   * @param isLabel whether the value is a predicted class label (an ArgMax or a classifier's label)
   */
  record Dynamic(List<Layer> layers, int[] shape, boolean isLabel) implements Value {
    public Dynamic {
      layers = List.copyOf(layers);
      shape = shape.clone();
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }

    /** Number of elements per sample. */
    public int size() {
      return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** Number of per-sample axes. */
    public int rank() {
      return shape.length;
    }

    /** This value followed by one more layer, whose output is a flat vector. */
    public Dynamic then(Layer layer) {
      return then(layer, new int[] {layer.outputSize()});
    }

    /** This value followed by one more layer, whose output has {@code newShape}. */
    public Dynamic then(Layer layer, int[] newShape) {
      List<Layer> next = new ArrayList<>(layers);
      next.add(layer);
      return new Dynamic(next, newShape, layer instanceof Layer.ArgMax);
    }

    /** The same values seen with another shape of the same size. */
    public Dynamic reshaped(int[] newShape) {
      return new Dynamic(layers, newShape, isLabel);
    }
  }
}
