package io.fhestreams.engine.models.nn;

import io.fhestreams.engine.circuit.Circuit;
import io.fhestreams.engine.circuit.CircuitBuilder;
import io.fhestreams.engine.circuit.ValueRange;
import io.fhestreams.engine.quantization.NBits;
import io.fhestreams.engine.quantization.UniformQuantizer;
import java.util.List;

/**
 * A neural net lowered to an integer circuit by post-training quantization (Concrete ML's scheme):
 * inputs and activations unsigned affine per tensor, weights signed symmetric per layer, biases and
 * zero points folded into the accumulator's clear offset. Each dense layer is one clear-weight matrix
 * product plus a constant that makes the accumulator non-negative; each activation is one lookup on
 * that accumulator fusing de-quantization, the optional rounding to {@code roundingBits} most
 * significant bits, the activation and the next layer's quantization. The last accumulator is the
 * output; the client de-quantizes it as {@code scale · acc + offset}.
 *
 * <p>The lookup tables span a power of two of indices (the last entry repeated), so that a bootstrap
 * reading an index a little past the accumulator's range gets the nearest value.
 *
 * @param circuit the integer circuit
 * @param inputQuantizer the quantizer of every input feature
 * @param outputScale per output score
 * @param outputOffset per output score
 */
public record QuantizedNet(Circuit circuit, UniformQuantizer inputQuantizer, double[] outputScale,
    double[] outputOffset) {

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
   * Quantizes {@code net} with quantizers calibrated on the real-valued activations of
   * {@code calibration} (rows of features).
   */
  public static QuantizedNet quantize(NeuralNet net, double[][] calibration, NetQuantization q) {
    UniformQuantizer.requireCalibrationRows(calibration, net.inputs());
    double[][] values = calibration.clone();
    UniformQuantizer in = UniformQuantizer.calibrateAffine(flatten(values), q.inputBits());
    CircuitBuilder b = new CircuitBuilder();
    ValueRange xRange = new ValueRange(0, in.maxInt());
    int x = b.input("features", net.inputs(), xRange);
    UniformQuantizer current = in;
    List<NetLayer> layers = net.layers();
    int dense = 0;
    int activations = 0;
    for (int l = 0; l < layers.size(); l++) {
      if (!(layers.get(l) instanceof NetLayer.Dense d)) {
        throw new IllegalArgumentException("layer " + layers.get(l).source()
            + ": an activation must follow a dense layer (two activations in a row are not supported)");
      }
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
      // the circuit's range of the product (as CircuitBuilder infers it: the union over rows) plus the
      // offsets must start at 0: bootstrapped messages are unsigned
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
      long shift = -lowest;
      int acc = b.addConstant(product, offset);
      values = apply(d, values);
      if (l == layers.size() - 1) {
        b.output(acc, "scores");
        double[] scales = new double[d.outputs()];
        double[] offsets = new double[d.outputs()];
        java.util.Arrays.fill(scales, scale);
        java.util.Arrays.fill(offsets, -scale * shift);
        return new QuantizedNet(b.build(), in, scales, offsets);
      }
      if (l + 1 >= layers.size() || !(layers.get(l + 1) instanceof NetLayer.Elementwise f)) {
        throw new IllegalArgumentException("layer " + layers.get(l + 1).source() + " must be an activation");
      }
      values = apply(f, values);
      NBits bits = q.activationBits(activations++);
      UniformQuantizer out = UniformQuantizer.calibrateAffine(flatten(values), bits);
      long top = highest - lowest;
      int width = Math.max(1, 64 - Long.numberOfLeadingZeros(top));
      int dropped = q.roundingBits() == 0 ? 0 : Math.max(0, width - q.roundingBits());
      long[] table = new long[1 << width];
      for (int a = 0; a < table.length; a++) {
        long read = Math.min(a, top);
        long rounded = dropped == 0 ? read : Math.floorDiv(read + (1L << (dropped - 1)), 1L << dropped) << dropped;
        table[a] = out.quantize(f.activation().apply(scale * (rounded - shift)));
      }
      x = b.tableLookup(acc, 0, table);
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int a = 0; a <= top; a++) {
        min = Math.min(min, table[a]);
        max = Math.max(max, table[a]);
      }
      xRange = new ValueRange(min, max);
      current = out;
      l++;
    }
    throw new IllegalArgumentException("network " + net.name() + " must end with a dense layer");
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
