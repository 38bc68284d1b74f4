package io.fhestreams.ml.models.nn;

import java.util.Arrays;

/**
 * One real-valued step of a neural net on a flat vector (tensors flattened row-major, NCHW without
 * the batch axis). Convolutions, pools, batch normalizations and biases are all {@link Dense} once
 * imported; a max pool keeps its windows. Each layer names the ONNX node it came from, for errors.
 */
public sealed interface NetLayer permits NetLayer.Dense, NetLayer.Elementwise, NetLayer.MaxPool {

  /** Values per sample this layer reads. */
  int inputs();

  /** Values per sample this layer produces. */
  int outputs();

  /** The ONNX node(s) this layer came from. */
  String source();

  /** The layer on one sample. */
  double[] apply(double[] x);

  /**
   * y = W·x + b with W of {@code outputs} × {@code inputs}, row-major.
   *
   * @param weights W, length outputs · inputs
   * @param bias b, length outputs
   */
  record Dense(int inputs, int outputs, double[] weights, double[] bias, String source)
      implements NetLayer {
    public Dense {
      if (inputs <= 0
          || outputs <= 0
          || weights.length != (long) inputs * outputs
          || bias.length != outputs) {
        throw new IllegalArgumentException(
            "dense layer "
                + source
                + ": "
                + outputs
                + " x "
                + inputs
                + " needs "
                + ((long) inputs * outputs)
                + " weights and "
                + outputs
                + " biases, found "
                + weights.length
                + " and "
                + bias.length);
      }
      weights = weights.clone();
      bias = bias.clone();
    }

    /** The identity on {@code size} values plus a bias. */
    public static Dense bias(double[] bias, String source) {
      int n = bias.length;
      double[] w = new double[n * n];
      for (int i = 0; i < n; i++) {
        w[i * n + i] = 1;
      }
      return new Dense(n, n, w, bias, source);
    }

    /** y_i = scale_i · x_i + shift_i. */
    public static Dense diagonal(double[] scale, double[] shift, String source) {
      int n = scale.length;
      double[] w = new double[n * n];
      for (int i = 0; i < n; i++) {
        w[i * n + i] = scale[i];
      }
      return new Dense(n, n, w, shift, source);
    }

    @Override
    public double[] weights() {
      return weights.clone();
    }

    @Override
    public double[] bias() {
      return bias.clone();
    }

    /** W[row][column] without a copy. */
    public double weight(int row, int column) {
      return weights[row * inputs + column];
    }

    /** b[row] without a copy. */
    public double bias(int row) {
      return bias[row];
    }

    @Override
    public double[] apply(double[] x) {
      double[] y = new double[outputs];
      for (int i = 0; i < outputs; i++) {
        double s = bias[i];
        for (int j = 0; j < inputs; j++) {
          s += weights[i * inputs + j] * x[j];
        }
        y[i] = s;
      }
      return y;
    }

    /** {@code next} after this layer, as one dense layer: W'·(W·x + b) + b'. */
    public Dense then(Dense next) {
      if (next.inputs != outputs) {
        throw new IllegalArgumentException(
            "cannot fold "
                + next.source
                + " ("
                + next.inputs
                + " inputs) after "
                + source
                + " ("
                + outputs
                + " outputs)");
      }
      double[] w = new double[next.outputs * inputs];
      double[] b = new double[next.outputs];
      for (int i = 0; i < next.outputs; i++) {
        double s = next.bias[i];
        for (int k = 0; k < outputs; k++) {
          double c = next.weights[i * outputs + k];
          if (c != 0) {
            s += c * bias[k];
            for (int j = 0; j < inputs; j++) {
              w[i * inputs + j] += c * weights[k * inputs + j];
            }
          }
        }
        b[i] = s;
      }
      return new Dense(inputs, next.outputs, w, b, source + " + " + next.source);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Dense d
          && d.inputs == inputs
          && d.outputs == outputs
          && Arrays.equals(d.weights, weights)
          && Arrays.equals(d.bias, bias);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(weights) * 31 + Arrays.hashCode(bias);
    }
  }

  /** An activation applied to each of {@code size} values. */
  record Elementwise(NetActivation activation, int size, String source) implements NetLayer {
    @Override
    public int inputs() {
      return size;
    }

    @Override
    public int outputs() {
      return size;
    }

    @Override
    public double[] apply(double[] x) {
      double[] y = new double[x.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = activation.apply(x[i]);
      }
      return y;
    }
  }

  /**
   * Max pooling: output o is the largest of the inputs listed in {@code windows[o]} (padding cells
   * are left out, as torch pads with −∞).
   *
   * @param inputs values per sample read
   * @param windows for each output, the input indices of its window (at least one each)
   */
  record MaxPool(int inputs, int[][] windows, String source) implements NetLayer {
    public MaxPool {
      windows = windows.clone();
      for (int o = 0; o < windows.length; o++) {
        if (windows[o].length == 0) {
          throw new IllegalArgumentException("max pool " + source + ": window " + o + " is empty");
        }
        for (int i : windows[o]) {
          if (i < 0 || i >= inputs) {
            throw new IllegalArgumentException(
                "max pool " + source + ": window " + o + " reads input " + i + " of " + inputs);
          }
        }
        windows[o] = windows[o].clone();
      }
    }

    @Override
    public int outputs() {
      return windows.length;
    }

    /** The input indices of window {@code o}, a copy. */
    public int[] window(int o) {
      return windows[o].clone();
    }

    @Override
    public int[][] windows() {
      int[][] copy = windows.clone();
      for (int o = 0; o < copy.length; o++) {
        copy[o] = copy[o].clone();
      }
      return copy;
    }

    @Override
    public double[] apply(double[] x) {
      double[] y = new double[windows.length];
      for (int o = 0; o < y.length; o++) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i : windows[o]) {
          m = Math.max(m, x[i]);
        }
        y[o] = m;
      }
      return y;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MaxPool m && m.inputs == inputs && Arrays.deepEquals(m.windows, windows);
    }

    @Override
    public int hashCode() {
      return Arrays.deepHashCode(windows);
    }
  }
}
