package io.fhestreams.ml.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an ONNX tensor name holds during import: a constant, or a value computed from the model
 * input through a chain of layers.
 */
public sealed interface Value permits Value.Constant, Value.Dynamic {

  /**
   * A constant known at import time.
   *
   * @param tensor its values
   * @param elementType its ONNX element type (TensorProto.DataType: 1 float, 2 uint8, 3 int8, 6
   *     int32...), 0 when computed at import time
   * @param grid when a DequantizeLinear produced it: the step its values are integer multiples of;
   *     null otherwise
   */
  record Constant(ConstantTensor tensor, int elementType, Grid grid) implements Value {
    /** A constant of no particular element type, not on a grid. */
    public Constant(ConstantTensor tensor) {
      this(tensor, 0, null);
    }
  }

  /**
   * The steps of a de-quantized constant: along {@code axis}, the values at index k are integer
   * multiples of {@code steps[k]}; a single step (axis −1) covers the whole tensor.
   *
   * @param axis the quantization axis, in [0, rank), or −1 for one step
   * @param steps the step of each index along the axis (one when per tensor)
   */
  record Grid(int axis, double[] steps) {
    public Grid {
      steps = steps.clone();
    }

    @Override
    public double[] steps() {
      return steps.clone();
    }

    /** The step of the values at index {@code k} along the axis. */
    public double step(int k) {
      return axis < 0 ? steps[0] : steps[k];
    }
  }

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
