package io.fhestreams.ml.quantization;

import java.util.Arrays;

/**
 * A real-valued affine map y = W·x + b from {@code inputs} features to {@code outputs} values: the
 * float layer that {@link QuantizedLinear} quantizes. W is stored row-major, one row per output.
 *
 * @param inputs number of features, &gt; 0
 * @param outputs number of outputs, &gt; 0
 * @param weights W, length outputs · inputs, finite
 * @param bias b, length outputs, finite
 */
public record AffineMap(int inputs, int outputs, double[] weights, double[] bias) {

  public AffineMap {
    if (inputs <= 0 || outputs <= 0) {
      throw new IllegalArgumentException(
          "affine map needs inputs > 0 and outputs > 0, found " + inputs + " x " + outputs);
    }
    if (weights.length != (long) inputs * outputs) {
      throw new IllegalArgumentException(
          "weights length: expected "
              + outputs
              + " x "
              + inputs
              + " = "
              + (inputs * outputs)
              + ", found "
              + weights.length);
    }
    if (bias.length != outputs) {
      throw new IllegalArgumentException(
          "bias length: expected " + outputs + ", found " + bias.length);
    }
    for (double v : weights) {
      requireFinite(v, "weight");
    }
    for (double v : bias) {
      requireFinite(v, "bias");
    }
    weights = weights.clone();
    bias = bias.clone();
  }

  /** Builds a map from a weight matrix given as rows (one per output) and a bias. */
  public static AffineMap of(double[][] rows, double[] bias) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("weight matrix has no rows");
    }
    int inputs = rows[0].length;
    double[] flat = new double[rows.length * inputs];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != inputs) {
        throw new IllegalArgumentException(
            "weight row " + i + ": expected " + inputs + " columns, found " + rows[i].length);
      }
      System.arraycopy(rows[i], 0, flat, i * inputs, inputs);
    }
    return new AffineMap(inputs, rows.length, flat, bias);
  }

  /** The identity map on n features. */
  public static AffineMap identity(int n) {
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      w[i * n + i] = 1;
    }
    return new AffineMap(n, n, w, new double[n]);
  }

  /** W[row][column]. */
  public double weight(int row, int column) {
    return weights[row * inputs + column];
  }

  /** Evaluates W·x + b in double precision. */
  public double[] apply(double[] x) {
    if (x.length != inputs) {
      throw new IllegalArgumentException(
          "input length: expected " + inputs + ", found " + x.length);
    }
    double[] y = bias.clone();
    for (int i = 0; i < outputs; i++) {
      double acc = 0;
      for (int j = 0; j < inputs; j++) {
        acc += weights[i * inputs + j] * x[j];
      }
      y[i] += acc;
    }
    return y;
  }

  /** The composition {@code next ∘ this}: x ↦ next(this(x)). */
  public AffineMap then(AffineMap next) {
    if (next.inputs != outputs) {
      throw new IllegalArgumentException(
          "cannot compose: first map has " + outputs + " outputs, next expects " + next.inputs);
    }
    double[] w = new double[next.outputs * inputs];
    for (int i = 0; i < next.outputs; i++) {
      for (int j = 0; j < inputs; j++) {
        double acc = 0;
        for (int k = 0; k < outputs; k++) {
          acc += next.weight(i, k) * weight(k, j);
        }
        w[i * inputs + j] = acc;
      }
    }
    return new AffineMap(inputs, next.outputs, w, next.apply(bias));
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public double[] bias() {
    return bias.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AffineMap m
        && m.inputs == inputs
        && m.outputs == outputs
        && Arrays.equals(m.weights, weights)
        && Arrays.equals(m.bias, bias);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(weights) + Arrays.hashCode(bias);
  }

  @Override
  public String toString() {
    return "AffineMap[" + outputs + " x " + inputs + "]";
  }

  private static void requireFinite(double v, String what) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " must be finite, found " + v);
    }
  }
}
