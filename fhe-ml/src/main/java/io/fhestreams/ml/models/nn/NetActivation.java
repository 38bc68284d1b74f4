package io.fhestreams.ml.models.nn;

/**
 * The element-wise activations a neural net's lookups compute. All are non-decreasing, so each
 * commutes with max pooling and with a non-decreasing quantizer.
 */
public enum NetActivation {
  /** max(0, x). */
  RELU,
  /** 1 / (1 + e^−x). */
  SIGMOID,
  /** tanh(x). */
  TANH;

  /** The activation of one value. */
  public double apply(double x) {
    return switch (this) {
      case RELU -> Math.max(0, x);
      case SIGMOID -> 1 / (1 + Math.exp(-x));
      case TANH -> Math.tanh(x);
    };
  }
}
