package io.fhestreams.ml.onnx;

import java.util.Arrays;

/**
 * A constant of an ONNX graph (an initializer or a Constant node's value), as doubles with its
 * shape.
 *
 * @param shape the dimensions (empty for a scalar)
 * @param values the elements in row-major order, length = product of the dimensions
 */
public record ConstantTensor(long[] shape, double[] values) {

  public ConstantTensor {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("tensor dimension must be >= 0, found " + d);
      }
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "tensor of shape "
              + Arrays.toString(shape)
              + " needs "
              + n
              + " values, found "
              + values.length);
    }
    shape = shape.clone();
    values = values.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  /** Number of elements. */
  public int size() {
    return values.length;
  }

  /** Element i without a copy. */
  public double value(int i) {
    return values[i];
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConstantTensor t
        && Arrays.equals(t.shape, shape)
        && Arrays.equals(t.values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ConstantTensor" + Arrays.toString(shape);
  }
}
