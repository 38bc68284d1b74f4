package io.fhestreams.ml.quantization;

/**
 * The element-wise or row-wise functions a model may apply after its last affine layer. They run on
 * the client, in the clear, after de-quantization (as Concrete ML does for sigmoid, softmax and
 * argmax), or are fused into a lookup table when a later encrypted layer consumes them ({@link
 * LookupTables}).
 */
public enum Activation {
  /** y = x. */
  IDENTITY,
  /** y = 1 / (1 + e^−x), element-wise. */
  SIGMOID,
  /** y = e^x / Σ e^x over the row. */
  SOFTMAX,
  /** y = e^x, element-wise: the log link of Poisson, Gamma and Tweedie GLMs. */
  EXP,
  /** y = max(0, x), element-wise. */
  RELU,
  /** y = tanh(x), element-wise. */
  TANH;

  /** Whether the function acts on each element alone (and so can become a lookup table). */
  public boolean isElementwise() {
    return this != SOFTMAX;
  }

  /** Applies the function to one element; refused for row-wise functions. */
  public double applyScalar(double x) {
    return switch (this) {
      case IDENTITY -> x;
      case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
      case EXP -> Math.exp(x);
      case RELU -> Math.max(0, x);
      case TANH -> Math.tanh(x);
      case SOFTMAX ->
          throw new IllegalStateException("SOFTMAX acts on a whole row, not one element");
    };
  }

  /** Applies the function to one row, into a new array. */
  public double[] apply(double[] row) {
    double[] out = new double[row.length];
    if (this == SOFTMAX) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : row) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int i = 0; i < row.length; i++) {
        out[i] = Math.exp(row[i] - max);
        sum += out[i];
      }
      for (int i = 0; i < row.length; i++) {
        out[i] /= sum;
      }
      return out;
    }
    for (int i = 0; i < row.length; i++) {
      out[i] = applyScalar(row[i]);
    }
    return out;
  }
}
