package io.fhestreams.ml.models.nn;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.circuit.exec.ClearExecutor;
import io.fhestreams.ml.quantization.ErrorCompensatingRounding;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleToLongFunction;

/**
 * A neural net lowered to an integer circuit by post-training quantization (Concrete ML's scheme,
 * with the usual PTQ refinements): inputs unsigned affine per feature, activations unsigned affine
 * per tensor, both with MSE-optimal clipping; weights signed symmetric, clipped to minimize their
 * error weighted by their input's mean square (the outputs' error, {@link
 * UniformQuantizer#calibrateSymmetricMse}), per output channel in the last layer and per layer
 * before, where cross-layer equalization ({@link NeuralNet#equalized}) has already balanced the
 * channels, after the features that are constant on the calibration rows have been folded into the
 * first layer's biases ({@link NeuralNet#withConstantInputs}); the input scales folded into the
 * weights, biases, zero points and the mean weight-quantization error (bias correction) folded into
 * the accumulator's clear offset; optionally ({@link NetQuantization#compensateRounding}) the
 * weights are rounded with error compensation ({@link ErrorCompensatingRounding}, GPTQ) on the
 * layer's quantized calibration inputs instead of to nearest, the clip then chosen for the error
 * left after compensation. Each dense layer is one clear-weight matrix product plus a constant that
 * makes the accumulator non-negative; with an accumulator limit, the smallest weights of the widest
 * rows are pruned until the accumulator fits (Concrete ML's pruning to the accumulator budget). An
 * accumulator wider than {@code roundingBits} is rounded exactly to that many most significant bits
 * ({@link io.fhestreams.ml.circuit.Operation.RoundBits}: ⌊a/2^d⌋), after an optional clamp to the
 * values where the activation's table is not constant ({@link NetQuantization#clampAccumulators}),
 * which lets that rounding drop fewer bits; each activation is then one lookup fusing
 * de-quantization (at the centre of the rounded bucket), the activation and the next layer's
 * quantization; a max pool after an activation is a pairwise tree of encrypted maxima on the
 * quantized activations. The last accumulator is the output; the client de-quantizes it as {@code
 * scale · acc + offset}.
 *
 * @param circuit the integer circuit
 * @param inputQuantizers the quantizer of each input feature
 * @param outputScale per output score
 * @param outputOffset per output score
 * @param prunedWeights weights set to 0 to fit the accumulator limit, over all layers
 */
public record QuantizedNet(
    Circuit circuit,
    List<UniformQuantizer> inputQuantizers,
    double[] outputScale,
    double[] outputOffset,
    int prunedWeights) {

  public QuantizedNet {
    inputQuantizers = List.copyOf(inputQuantizers);
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

  /** The quantized inputs of one sample. */
  public long[] quantizeInputs(double[] x) {
    long[] q = new long[x.length];
    for (int j = 0; j < x.length; j++) {
      q[j] = inputQuantizers.get(j).quantize(x[j]);
    }
    return q;
  }

  /** The de-quantized scores of the clear circuit on one sample. */
  public double[] clearScores(double[] x) {
    long[] acc = ClearExecutor.evaluate(circuit, List.of(quantizeInputs(x))).get(0);
    double[] y = new double[acc.length];
    for (int k = 0; k < y.length; k++) {
      y[k] = outputScale[k] * acc[k] + outputOffset[k];
    }
    return y;
  }

  /**
   * Quantizes {@code net} with quantizers calibrated on the real-valued activations of {@code
   * calibration} (rows of features).
   */
  public static QuantizedNet quantize(NeuralNet net, double[][] calibration, NetQuantization q) {
    UniformQuantizer.requireCalibrationRows(calibration, net.inputs());
    List<UniformQuantizer> inputs =
        UniformQuantizer.calibrateAffineMsePerFeature(calibration, net.inputs(), q.inputBits());
    double[] inputScales = new double[net.inputs()];
    for (int j = 0; j < inputScales.length; j++) {
      inputScales[j] = inputs.get(j).scale();
    }
    // a feature constant on the calibration rows has a step of 1: folded into the biases first,
    // it cannot set the first layer's weight scale
    NeuralNet equalized = net.withConstantInputs(calibration).equalized(inputScales);
    Lowering lowering = new Lowering(equalized, calibration, inputs, q);
    List<NetLayer> layers = equalized.layers();
    for (int l = 0; l < layers.size(); l++) {
      if (!(layers.get(l) instanceof NetLayer.Dense d)) {
        throw new IllegalArgumentException(
            "layer "
                + layers.get(l).source()
                + ": expected a dense layer here (an activation must follow a dense layer and a max pool an activation;"
                + " two activations in a row are not supported)");
      }
      boolean last = l == layers.size() - 1;
      Accumulator acc = lowering.dense(d, last);
      if (last) {
        return lowering.output(acc);
      }
      if (!(layers.get(l + 1) instanceof NetLayer.Elementwise f)) {
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
   * @param scale per output, the real value of one accumulator step
   * @param shift what was added to make it non-negative
   * @param top its largest value
   */
  private record Accumulator(int node, double[] scale, long shift, long top) {}

  /**
   * The circuit built so far, layer by layer: the current tensor with its range and per-element
   * quantizer, and the calibration rows' real values at that point.
   */
  private static final class Lowering {
    private final NetQuantization q;
    private final List<UniformQuantizer> in;
    private final CircuitBuilder b = new CircuitBuilder();
    private double[][] values;
    private int x;
    private ValueRange xRange;
    private double[] scales;
    private long[] zeroPoints;
    private int dense;
    private int activations;
    private int pruned;

    Lowering(NeuralNet net, double[][] calibration, List<UniformQuantizer> in, NetQuantization q) {
      this.q = q;
      this.in = in;
      values = calibration.clone();
      xRange = new ValueRange(0, in.get(0).maxInt());
      x = b.input("features", net.inputs(), xRange);
      scales = new double[net.inputs()];
      zeroPoints = new long[net.inputs()];
      for (int j = 0; j < scales.length; j++) {
        scales[j] = in.get(j).scale();
        zeroPoints[j] = in.get(j).zeroPoint();
      }
    }

    /**
     * The dense layer's clear-weight product plus the constant that folds bias, zero points and the
     * mean quantization error and makes the accumulator non-negative.
     */
    Accumulator dense(NetLayer.Dense d, boolean perChannel) {
      int rows = d.outputs();
      int cols = d.inputs();
      // weights on the quantized inputs: w_ij · s_j
      double[] folded = new double[rows * cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          folded[i * cols + j] = d.weight(i, j) * scales[j];
        }
      }
      NBits bits = q.weightBits(dense++);
      double[] scale = new double[rows];
      long[] wq = new long[rows * cols];
      double[][] inputs = quantizedInputs();
      double[] meanInput = new double[cols];
      // a weight's error counts as much as its input's mean square on the calibration rows
      double[] energy = new double[cols];
      for (double[] row : inputs) {
        for (int j = 0; j < cols; j++) {
          meanInput[j] += row[j] / inputs.length;
          energy[j] += row[j] * row[j] / inputs.length;
        }
      }
      double[][] channels = new double[rows][];
      for (int i = 0; i < rows; i++) {
        channels[i] = Arrays.copyOfRange(folded, i * cols, (i + 1) * cols);
      }
      if (q.compensateRounding()) {
        // clip and rounding chosen together: the clip that minimizes the output error left after
        // compensation, which rounding to nearest's best clip does not
        ErrorCompensatingRounding compensated = new ErrorCompensatingRounding(inputs);
        UniformQuantizer shared = perChannel ? null : compensated.calibrate(channels, bits);
        for (int i = 0; i < rows; i++) {
          UniformQuantizer w =
              perChannel ? compensated.calibrate(new double[][] {channels[i]}, bits) : shared;
          scale[i] = w.scale();
          System.arraycopy(compensated.round(channels[i], w), 0, wq, i * cols, cols);
        }
      } else {
        double[] importance = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
          System.arraycopy(energy, 0, importance, i * cols, cols);
        }
        UniformQuantizer shared =
            perChannel ? null : UniformQuantizer.calibrateSymmetricMse(folded, importance, bits);
        for (int i = 0; i < rows; i++) {
          UniformQuantizer w =
              perChannel
                  ? UniformQuantizer.calibrateSymmetricMse(channels[i], energy, bits)
                  : shared;
          scale[i] = w.scale();
          for (int j = 0; j < cols; j++) {
            wq[i * cols + j] = w.quantize(channels[i][j]);
          }
        }
      }
      if (q.maxAccumulatorBits() > 0 && !q.splitAccumulators()) {
        pruned += prune(wq, rows, cols, d, folded, scale, meanInput);
      }
      long[] offset = offsets(wq, rows, cols, d, folded, scale, meanInput);
      if (q.maxAccumulatorBits() > 0 && q.splitAccumulators() && !fits(wq, rows, cols, offset)) {
        values = apply(d, values);
        return split(wq, rows, cols, offset, scale, d);
      }
      int product = b.matMulConstant(x, rows, wq);
      // the circuit's range of the product (as CircuitBuilder infers it: the union over rows) plus
      // the offsets must start at 0: bootstrapped messages are unsigned
      long lowest = Long.MAX_VALUE;
      long highest = Long.MIN_VALUE;
      ValueRange range = productRange(wq, rows, cols);
      for (long c : offset) {
        lowest = Math.min(lowest, range.min() + c);
        highest = Math.max(highest, range.max() + c);
      }
      for (int i = 0; i < offset.length; i++) {
        offset[i] -= lowest;
      }
      int acc = b.addConstant(product, offset);
      values = apply(d, values);
      return new Accumulator(acc, scale, -lowest, highest - lowest);
    }

    /**
     * Per row, Σ_j wq_ij (q_j − z_j) + c_i ≈ (W·x + b)_i / scale_i with c_i = round((b_i + e_i) /
     * scale_i) − Σ_j wq_ij z_j, where e_i is the mean over the calibration rows of the error the
     * quantized weights make (bias correction, Nagel et al., "Data-free quantization through weight
     * equalization and bias correction", 2019).
     */
    private long[] offsets(
        long[] wq,
        int rows,
        int cols,
        NetLayer.Dense d,
        double[] folded,
        double[] scale,
        double[] meanInput) {
      long[] offset = new long[rows];
      for (int i = 0; i < rows; i++) {
        long zeroTerm = 0;
        double error = 0;
        for (int j = 0; j < cols; j++) {
          long w = wq[i * cols + j];
          zeroTerm += w * zeroPoints[j];
          error += (folded[i * cols + j] - scale[i] * w) * meanInput[j];
        }
        offset[i] = Math.round((d.bias(i) + error) / scale[i]) - zeroTerm;
      }
      return offset;
    }

    /**
     * The current tensor on the calibration rows in quantized units, q_j − z_j: the real values
     * quantized at the current scales, as the circuit would receive them without upstream error.
     */
    private double[][] quantizedInputs() {
      double[][] rows = new double[values.length][scales.length];
      for (int r = 0; r < values.length; r++) {
        for (int j = 0; j < scales.length; j++) {
          long v = Math.round(values[r][j] / scales[j]) + zeroPoints[j];
          rows[r][j] = Math.max(xRange.min(), Math.min(xRange.max(), v)) - zeroPoints[j];
        }
      }
      return rows;
    }

    /**
     * Sets to 0 the smallest weights of the widest rows until the accumulator fits {@link
     * NetQuantization#maxAccumulatorBits}: a row's span is Σ_j |wq_ij| times the input range, the
     * product holds the union of the rows' intervals and the accumulator the same with the offsets
     * added; both must fit. Returns the number of weights pruned.
     */
    private int prune(
        long[] wq,
        int rows,
        int cols,
        NetLayer.Dense d,
        double[] folded,
        double[] scale,
        double[] meanInput) {
      long width = xRange.max() - xRange.min();
      int count = 0;
      while (true) {
        long[] offset = offsets(wq, rows, cols, d, folded, scale, meanInput);
        long widestSpan = -1;
        int widest = -1;
        for (int i = 0; i < rows; i++) {
          long span = 0;
          for (int j = 0; j < cols; j++) {
            span += Math.abs(wq[i * cols + j]);
          }
          if (span > widestSpan) {
            widestSpan = span;
            widest = i;
          }
        }
        if (fits(wq, rows, cols, offset)) {
          return count;
        }
        int smallest = -1;
        for (int j = 0; j < cols; j++) {
          long w = Math.abs(wq[widest * cols + j]);
          if (w != 0 && (smallest < 0 || w < Math.abs(wq[widest * cols + smallest]))) {
            smallest = j;
          }
        }
        if (smallest < 0 || width == 0) {
          throw new IllegalArgumentException(
              "layer "
                  + d.source()
                  + ": its biases alone need an accumulator wider than "
                  + q.maxAccumulatorBits()
                  + " bits");
        }
        wq[widest * cols + smallest] = 0;
        count++;
      }
    }

    /**
     * Whether the accumulator fits {@link NetQuantization#maxAccumulatorBits} as dense() builds it:
     * the product holds the union of the rows' intervals, the accumulator the same with each row's
     * offset added; both must fit.
     */
    private boolean fits(long[] wq, int rows, int cols, long[] offset) {
      ValueRange product = productRange(wq, rows, cols);
      long lowest = Long.MAX_VALUE;
      long highest = Long.MIN_VALUE;
      for (long c : offset) {
        lowest = Math.min(lowest, product.min() + c);
        highest = Math.max(highest, product.max() + c);
      }
      return highest - lowest <= (1L << q.maxAccumulatorBits()) - 1
          && product.bitWidth() <= q.maxAccumulatorBits();
    }

    /**
     * The dot products split into parts that each fit {@link NetQuantization#maxAccumulatorBits}: G
     * groups of consecutive columns (the fewest that fit) or, when one column's products alone are
     * too wide (n_bits 6: 6-bit weights times 6-bit inputs), G groups of each of the two digits of
     * the weights, w = 2^h·w_hi + w_lo with w_lo ∈ [0, 2^h). Each partial sum p, shifted to start
     * at 2^(e−1), is rounded exactly to k = ⌊(p − min p + 2^(e−1)) / 2^e⌋ ({@link
     * io.fhestreams.ml.circuit.Operation.RoundBits}, 2^e the smallest that leaves each k within the
     * rounding bits, per part) and a lookup returns its part of the sum at a common step 2^E,
     * round(m·k·2^e / 2^E) for the digit's multiplier m (exact when m·2^e ≥ 2^E); 2^E is the
     * smallest step at which the sum of the parts fits the budget. The parts are added and the
     * row's offset (with the parts' m·min p, divided by 2^E and rounded in the clear) is added to
     * the sum. The result approximates the accumulator / 2^E with an error below (P + 1) / 2 steps
     * for P parts, computed the same way encrypted and in the clear; {@link #activation} then
     * rounds it exactly like any accumulator: 3P + 3 bootstraps per unit instead of 3.
     */
    private Accumulator split(
        long[] wq, int rows, int cols, long[] offset, double[] scale, NetLayer.Dense d) {
      long limit = (1L << q.maxAccumulatorBits()) - 1;
      int readBits = q.roundingBits() > 0 ? q.roundingBits() : q.maxAccumulatorBits();
      long largest = 0;
      for (long w : wq) {
        largest = Math.max(largest, Math.abs(w));
      }
      int h = (64 - Long.numberOfLeadingZeros(largest) + 1) / 2;
      long[][] digits = {wq, null};
      long[] multipliers = {1, 1L << h};
      for (int digitCount = 1; digitCount <= 2; digitCount++) {
        if (digitCount == 2) {
          digits = new long[][] {new long[wq.length], new long[wq.length]};
          for (int i = 0; i < wq.length; i++) {
            digits[0][i] = Math.floorMod(wq[i], 1L << h);
            digits[1][i] = Math.floorDiv(wq[i], 1L << h);
          }
        }
        for (int groups = 3 - digitCount; groups <= cols; groups++) {
          int count = groups * digitCount;
          long[][] parts = new long[count][];
          long[] multiplier = new long[count];
          ValueRange[] ranges = new ValueRange[count];
          for (int t = 0; t < digitCount; t++) {
            for (int g = 0; g < groups; g++) {
              int p = t * groups + g;
              parts[p] = new long[wq.length];
              multiplier[p] = digitCount == 1 ? 1 : multipliers[t];
              for (int i = 0; i < rows; i++) {
                for (int j = g * cols / groups; j < (g + 1) * cols / groups; j++) {
                  parts[p][i * cols + j] = digits[t][i * cols + j];
                }
              }
              ranges[p] = productRange(parts[p], rows, cols);
            }
          }
          Accumulator acc =
              sumOfRoundedParts(parts, multiplier, ranges, rows, offset, scale, limit, readBits);
          if (acc != null) {
            return acc;
          }
        }
      }
      throw new IllegalArgumentException(
          "layer "
              + d.source()
              + ": no split into partial sums fits accumulators of "
              + q.maxAccumulatorBits()
              + " bits");
    }

    /** The parts' circuit as {@link #split} describes it; null when they do not fit the budget. */
    private Accumulator sumOfRoundedParts(
        long[][] parts,
        long[] multiplier,
        ValueRange[] ranges,
        int rows,
        long[] offset,
        double[] scale,
        long limit,
        int readBits) {
      // each part is read whole by its lookup: at most readBits bits
      int[] e = new int[parts.length];
      long sumTop = 0;
      for (int p = 0; p < parts.length; p++) {
        ValueRange r = ranges[p];
        e[p] = 1;
        while (e[p] < 62 && (r.max() - r.min() + (1L << (e[p] - 1))) >> e[p] >= (1L << readBits)) {
          e[p]++;
        }
        if (r.max() - r.min() + (1L << (e[p] - 1)) > limit
            || r.bitWidth() > q.maxAccumulatorBits()) {
          return null;
        }
        sumTop += multiplier[p] * (r.max() - r.min() + (1L << (e[p] - 1)));
      }
      // the common step: the sum of the parts' largest outputs within the budget
      int step = Arrays.stream(e).max().getAsInt();
      while (step < 62 && sumTop >> step > limit) {
        step++;
      }
      int sum = -1;
      long mins = 0;
      for (int p = 0; p < parts.length; p++) {
        long[] shift = new long[rows];
        Arrays.fill(shift, (1L << (e[p] - 1)) - ranges[p].min());
        mins += multiplier[p] * ranges[p].min();
        int rounded = b.roundBits(b.addConstant(b.matMulConstant(x, rows, parts[p]), shift), e[p]);
        ValueRange k = b.range(rounded);
        long[] table = new long[Math.toIntExact(k.max() - k.min() + 1)];
        for (int t = 0; t < table.length; t++) {
          table[t] = roundedShift(multiplier[p] * (k.min() + t) << e[p], step);
        }
        int part = b.tableLookup(rounded, k.min(), table);
        sum = sum < 0 ? part : b.add(sum, part);
      }
      long[] rest = new long[rows];
      long lowest = Long.MAX_VALUE;
      for (int i = 0; i < rows; i++) {
        rest[i] = Math.round((offset[i] + mins) / (double) (1L << step));
        lowest = Math.min(lowest, rest[i]);
      }
      long shift = Math.max(0, -lowest);
      for (int i = 0; i < rows; i++) {
        rest[i] += shift;
      }
      int acc = b.addConstant(sum, rest);
      double[] coarse = new double[rows];
      for (int i = 0; i < rows; i++) {
        coarse[i] = scale[i] * (1L << step);
      }
      return new Accumulator(acc, coarse, shift, b.range(acc).max());
    }

    /** round(v / 2^bits), ties up. */
    private static long roundedShift(long v, int bits) {
      return bits == 0 ? v : Math.floorDiv(v + (1L << (bits - 1)), 1L << bits);
    }

    private ValueRange productRange(long[] wq, int rows, int cols) {
      ValueRange range = null;
      for (int i = 0; i < rows; i++) {
        ValueRange row = new ValueRange(0, 0);
        for (int j = 0; j < cols; j++) {
          row = row.plus(xRange.times(wq[i * cols + j]));
        }
        range = range == null ? row : range.union(row);
      }
      return range;
    }

    /** The last accumulator is the output; the client de-quantizes it. */
    QuantizedNet output(Accumulator acc) {
      b.output(acc.node(), "scores");
      double[] offsets = new double[acc.scale().length];
      for (int i = 0; i < offsets.length; i++) {
        offsets[i] = -acc.scale()[i] * acc.shift();
      }
      return new QuantizedNet(b.build(), in, acc.scale(), offsets, pruned);
    }

    /**
     * The accumulator rounded to {@code roundingBits} most significant bits when wider, then one
     * lookup fusing de-quantization, the activation and the next layer's quantization; with {@link
     * NetQuantization#clampAccumulators}, clamped first ({@link #clamp}) when that lets the
     * rounding drop fewer bits.
     */
    void activation(Accumulator acc, NetLayer.Elementwise f) {
      values = apply(f, values);
      NBits bits = q.activationBits(activations++);
      UniformQuantizer out = UniformQuantizer.calibrateAffineMse(flatten(values), bits);
      // hidden layers share one weight scale, so one table serves every unit
      double step = acc.scale()[0];
      // the quantized activation of accumulator value a (a real: tables read buckets' centres)
      DoubleToLongFunction quantized =
          a -> out.quantize(f.activation().apply(step * (a - acc.shift())));
      long top = acc.top();
      int dropped = dropped(top);
      int node = acc.node();
      long origin = 0;
      if (q.clampAccumulators() && dropped > 0) {
        Clamp c = clamp(acc.node(), top, dropped, quantized);
        if (c != null) {
          node = c.node();
          origin = c.origin();
          top = b.range(node).max();
          dropped = dropped(top);
        }
      }
      int read = dropped == 0 ? node : b.roundBits(node, dropped);
      // entry k stands for the values ⌊v/2^d⌋ = k: the activation at the bucket's centre (v
      // itself when nothing is dropped), i.e. round-to-nearest of v to a multiple of 2^d; v is the
      // accumulator minus origin
      long[] table = new long[(int) (top >> dropped) + 1];
      for (int k = 0; k < table.length; k++) {
        double centre = dropped == 0 ? k : ((double) k + 0.5) * (1L << dropped) - 0.5;
        table[k] = quantized.applyAsLong(origin + centre);
      }
      x = b.tableLookup(read, 0, table);
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (long t : table) {
        min = Math.min(min, t);
        max = Math.max(max, t);
      }
      xRange = new ValueRange(min, max);
      scales = new double[f.size()];
      zeroPoints = new long[f.size()];
      Arrays.fill(scales, out.scale());
      Arrays.fill(zeroPoints, out.zeroPoint());
    }

    /** Bits the rounding drops from values up to {@code top} (0: none). */
    private int dropped(long top) {
      int width = Math.max(1, 64 - Long.numberOfLeadingZeros(top));
      return q.roundingBits() == 0 ? 0 : Math.max(0, width - q.roundingBits());
    }

    /**
     * A clamped accumulator: node holds a − origin for a within the clamp's window.
     *
     * @param node its node, values in [0, its range's max]
     * @param origin the accumulator value its 0 stands for
     */
    private record Clamp(int node, long origin) {}

    /**
     * The accumulator a ∈ [0, top] clamped to the values where the activation's table is not
     * constant, without changing any table entry: r = ⌊a/2^D⌋ (the rounding at the box's shift D
     * the lookup would otherwise read), c = a mod 2^D ({@link CircuitBuilder#remainder}), and one
     * lookup of r giving 2^D·(min(max(r, kLo), kHi) − kLo), where the coarse buckets below kLo all
     * give the table's value at a = 0 and those above kHi the value at a = top: c plus that lookup
     * lies in [0, (kHi − kLo + 1)·2^D) and stands for a − kLo·2^D, which the finer rounding then
     * reads. Values outside the window (also never seen in calibration) thus get the saturated
     * value they would get unclamped, never a wrapped one. 3 bootstraps per unit more than without
     * (the coarse rounding and the lookup); null when the window does not let the rounding drop
     * fewer bits.
     */
    private Clamp clamp(int acc, long top, int coarse, DoubleToLongFunction quantized) {
      long buckets = (top >> coarse) + 1;
      // the tables read values at buckets' centres, all on the half-integer grid
      long low = quantized.applyAsLong(0);
      long high = quantized.applyAsLong(top);
      long constantBelow = 0; // buckets 0..constantBelow−1 give `low` everywhere
      while (constantBelow < buckets
          && ((constantBelow + 1) << coarse) - 1 <= top
          && constantOn(
              quantized, constantBelow << coarse, ((constantBelow + 1) << coarse) - 1, low)) {
        constantBelow++;
      }
      long constantFrom = buckets; // buckets constantFrom..last give `high` on [.., top]
      while (constantFrom > 0
          && constantOn(
              quantized,
              (constantFrom - 1) << coarse,
              Math.min(top, (constantFrom << coarse) - 1),
              high)) {
        constantFrom--;
      }
      long kLo = Math.max(0, constantBelow - 1);
      long kHi = Math.min(buckets - 1, Math.max(kLo, constantFrom));
      long width = (kHi - kLo + 1) << coarse;
      if (dropped(width - 1) >= coarse) {
        return null;
      }
      int rounded = b.roundBits(acc, coarse);
      long[] shift = new long[(int) buckets];
      for (int r = 0; r < shift.length; r++) {
        shift[r] = (Math.min(Math.max(r, kLo), kHi) - kLo) << coarse;
      }
      int clamped = b.add(b.remainder(acc, rounded), b.tableLookup(rounded, 0, shift));
      return new Clamp(clamped, kLo << coarse);
    }

    /** Whether {@code quantized} equals {@code value} on every half-integer of [from, to]. */
    private static boolean constantOn(
        DoubleToLongFunction quantized, long from, long to, long value) {
      for (long t = 2 * from; t <= 2 * to; t++) {
        if (quantized.applyAsLong(t / 2.0) != value) {
          return false;
        }
      }
      return true;
    }

    /** Quantization is non-decreasing, so the max of quantized activations is the quantized max. */
    void maxPool(NetLayer.MaxPool pool) {
      x = QuantizedNet.maxPool(b, x, pool);
      values = apply(pool, values);
      double s = scales[0];
      long z = zeroPoints[0];
      scales = new double[pool.outputs()];
      zeroPoints = new long[pool.outputs()];
      Arrays.fill(scales, s);
      Arrays.fill(zeroPoints, z);
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
