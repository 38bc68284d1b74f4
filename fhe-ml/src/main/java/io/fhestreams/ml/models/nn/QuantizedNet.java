package io.fhestreams.ml.models.nn;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.List;

/**
 * A neural net lowered to an integer circuit by post-training quantization (Concrete ML's scheme):
 * inputs and activations unsigned affine per tensor, weights signed symmetric per layer, biases and
 * zero points folded into the accumulator's clear offset. Each dense layer is one clear-weight
 * matrix product plus a constant that makes the accumulator non-negative; an accumulator wider than
 * {@code roundingBits} is rounded exactly to that many most significant bits ({@link
 * io.fhestreams.ml.circuit.Operation.RoundBits}: ⌊a/2^d⌋); each activation is then one lookup
 * fusing de-quantization (at the centre of the rounded bucket), the activation and the next layer's
 * quantization; a max pool after an activation is a pairwise tree of encrypted maxima on the
 * quantized activations. The last accumulator is the output; the client de-quantizes it as {@code
 * scale · acc + offset}.
 *
 * @param circuit the integer circuit
 * @param inputQuantizer the quantizer of every input feature
 * @param outputScale per output score
 * @param outputOffset per output score
 */
public record QuantizedNet(
    Circuit circuit, UniformQuantizer inputQuantizer, double[] outputScale, double[] outputOffset) {

  public QuantizedNet {
    outputScale = outputScale.clone();
    outputOffset = outputOffset.clone();
  }

  @Override
  public double[] outputScale() {
    return outputScale.clone();
  }

  @Override
  public double[] outputOffset() {
    return outputOffset.clone();
  }

  /**
   * Quantizes {@code net} with quantizers calibrated on the real-valued activations of {@code
   * calibration} (rows of features).
   */
  public static QuantizedNet quantize(NeuralNet net, double[][] calibration, NetQuantization q) {
    UniformQuantizer.requireCalibrationRows(calibration, net.inputs());
    Lowering lowering = new Lowering(net, calibration, q);
    List<NetLayer> layers = net.layers();
    for (int l = 0; l < layers.size(); l++) {
      if (!(layers.get(l) instanceof NetLayer.Dense d)) {
        throw new IllegalArgumentException(
            "layer "
                + layers.get(l).source()
                + ": expected a dense layer here (an activation must follow a dense layer and a max pool an activation;"
                + " two activations in a row are not supported)");
      }
      Accumulator acc = lowering.dense(d);
      if (l == layers.size() - 1) {
        return lowering.output(acc);
      }
      if (l + 1 >= layers.size() || !(layers.get(l + 1) instanceof NetLayer.Elementwise f)) {
        throw new IllegalArgumentException(
            "layer " + layers.get(l + 1).source() + " must be an activation");
      }
      lowering.activation(acc, f);
      l++;
      while (l + 1 < layers.size() && layers.get(l + 1) instanceof NetLayer.MaxPool pool) {
        lowering.maxPool(pool);
        l++;
      }
    }
    throw new IllegalArgumentException("network " + net.name() + " must end with a dense layer");
  }

  /**
   * A dense layer's non-negative accumulator.
   *
   * @param node its node
   * @param outputs its size
   * @param scale the real value of one accumulator step
   * @param shift what was added to make it non-negative
   * @param top its largest value
   */
  private record Accumulator(int node, int outputs, double scale, long shift, long top) {}

  /**
   * The circuit built so far, layer by layer: the current tensor with its range and quantizer, and
   * the calibration rows' real values at that point.
   */
  private static final class Lowering {
    private final NetQuantization q;
    private final UniformQuantizer in;
    private final CircuitBuilder b = new CircuitBuilder();
    private double[][] values;
    private int x;
    private ValueRange xRange;
    private UniformQuantizer current;
    private int dense;
    private int activations;

    Lowering(NeuralNet net, double[][] calibration, NetQuantization q) {
      this.q = q;
      values = calibration.clone();
      in = UniformQuantizer.calibrateAffine(flatten(values), q.inputBits());
      xRange = new ValueRange(0, in.maxInt());
      x = b.input("features", net.inputs(), xRange);
      current = in;
    }

    /**
     * The dense layer's clear-weight product plus the constant that folds bias and zero points and
     * makes the accumulator non-negative.
     */
    Accumulator dense(NetLayer.Dense d) {
      UniformQuantizer w = UniformQuantizer.calibrateSymmetric(d.weights(), q.weightBits(dense++));
      long[] wq = new long[d.inputs() * d.outputs()];
      long[] offset = new long[d.outputs()];
      double scale = current.scale() * w.scale();
      for (int i = 0; i < d.outputs(); i++) {
        long sum = 0;
        for (int j = 0; j < d.inputs(); j++) {
          long v = w.quantize(d.weight(i, j));
          wq[i * d.inputs() + j] = v;
          sum += v;
        }
        // Σ w(q − z) + b/scale = Σ w·q + (round(b/scale) − z·Σw)
        offset[i] = Math.round(d.bias(i) / scale) - current.zeroPoint() * sum;
      }
      int product = b.matMulConstant(x, d.outputs(), wq);
      // the circuit's range of the product (as CircuitBuilder infers it: the union over rows) plus
      // the offsets must start at 0: bootstrapped messages are unsigned
      ValueRange range = null;
      for (int i = 0; i < d.outputs(); i++) {
        ValueRange row = new ValueRange(0, 0);
        for (int j = 0; j < d.inputs(); j++) {
          row = row.plus(xRange.times(wq[i * d.inputs() + j]));
        }
        range = range == null ? row : range.union(row);
      }
      long lowest = Long.MAX_VALUE;
      long highest = Long.MIN_VALUE;
      for (long c : offset) {
        lowest = Math.min(lowest, range.min() + c);
        highest = Math.max(highest, range.max() + c);
      }
      for (int i = 0; i < offset.length; i++) {
        offset[i] -= lowest;
      }
      int acc = b.addConstant(product, offset);
      values = apply(d, values);
      return new Accumulator(acc, d.outputs(), scale, -lowest, highest - lowest);
    }

    /** The last accumulator is the output; the client de-quantizes it. */
    QuantizedNet output(Accumulator acc) {
      b.output(acc.node(), "scores");
      double[] scales = new double[acc.outputs()];
      double[] offsets = new double[acc.outputs()];
      java.util.Arrays.fill(scales, acc.scale());
      java.util.Arrays.fill(offsets, -acc.scale() * acc.shift());
      return new QuantizedNet(b.build(), in, scales, offsets);
    }

    /**
     * The accumulator rounded to {@code roundingBits} most significant bits when wider, then one
     * lookup fusing de-quantization, the activation and the next layer's quantization.
     */
    void activation(Accumulator acc, NetLayer.Elementwise f) {
      values = apply(f, values);
      NBits bits = q.activationBits(activations++);
      UniformQuantizer out = UniformQuantizer.calibrateAffine(flatten(values), bits);
      long top = acc.top();
      int width = Math.max(1, 64 - Long.numberOfLeadingZeros(top));
      int dropped = q.roundingBits() == 0 ? 0 : Math.max(0, width - q.roundingBits());
      int read = dropped == 0 ? acc.node() : b.roundBits(acc.node(), dropped);
      // entry k stands for the accumulators ⌊a/2^d⌋ = k: the activation at the bucket's centre (a
      // itself when nothing is dropped), i.e. round-to-nearest of a to a multiple of 2^d
      long[] table = new long[(int) (top >> dropped) + 1];
      for (int k = 0; k < table.length; k++) {
        double centre = dropped == 0 ? k : ((double) k + 0.5) * (1L << dropped) - 0.5;
        table[k] = out.quantize(f.activation().apply(acc.scale() * (centre - acc.shift())));
      }
      x = b.tableLookup(read, 0, table);
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (long t : table) {
        min = Math.min(min, t);
        max = Math.max(max, t);
      }
      xRange = new ValueRange(min, max);
      current = out;
    }

    /** Quantization is non-decreasing, so the max of quantized activations is the quantized max. */
    void maxPool(NetLayer.MaxPool pool) {
      x = QuantizedNet.maxPool(b, x, pool);
      values = apply(pool, values);
    }
  }

  /**
   * Max pooling of node {@code x}'s values: a pairwise tree of {@link CircuitBuilder#max} over each
   * window, one round per halving, both operands of a round gathered by 0/1 selection matrices. A
   * window of odd length carries its last value through a round as max(c, c) (one bootstrap), which
   * only windows cut by padding or of odd size pay.
   */
  private static int maxPool(CircuitBuilder b, int x, NetLayer.MaxPool pool) {
    int[][] slots = pool.windows(); // per output, its values' indices in the current vector
    int current = x;
    int size = pool.inputs();
    boolean pending = true;
    while (pending) {
      int rows = 0;
      for (int[] w : slots) {
        rows += (w.length + 1) / 2;
      }
      long[] left = new long[rows * size];
      long[] right = new long[rows * size];
      int row = 0;
      pending = false;
      for (int o = 0; o < slots.length; o++) {
        int[] w = slots[o];
        int[] next = new int[(w.length + 1) / 2];
        for (int k = 0; k < w.length; k += 2) {
          left[row * size + w[k]] = 1;
          right[row * size + w[Math.min(k + 1, w.length - 1)]] = 1;
          next[k / 2] = row++;
        }
        slots[o] = next;
        pending |= next.length > 1;
      }
      current =
          b.max(b.matMulConstant(current, rows, left), b.matMulConstant(current, rows, right));
      size = rows;
    }
    return current;
  }

  private static double[][] apply(NetLayer layer, double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = layer.apply(rows[i]);
    }
    return out;
  }

  private static double[] flatten(double[][] rows) {
    int n = 0;
    for (double[] r : rows) {
      n += r.length;
    }
    double[] v = new double[n];
    int k = 0;
    for (double[] r : rows) {
      System.arraycopy(r, 0, v, k, r.length);
      k += r.length;
    }
    return v;
  }
}
