package io.fhestreams.ml.models.nn;

import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.onnx.Layer;
import io.fhestreams.ml.onnx.OnnxImportException;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A quantization-aware net: an MLP whose ONNX graph carries its own quantizers (QuantizeLinear [→
 * Clip] → DequantizeLinear pairs on the input, on every weight matrix and after every hidden
 * activation, as torch's fake-quant export and Brevitas' QCDQ write them), lowered to a circuit
 * that computes the integers the graph computes instead of recalibrating.
 *
 * <p>With x_j = s_j (q_j − z_j) the quantized inputs of a dense layer and W_ij = t_i w_ij its
 * de-quantized integer weights (t_i per tensor or per output row), y_i = s t_i · acc_i + b_i with
 * the exact integer accumulator acc_i = Σ_j w_ij ρ_j (q_j − z_j) (s the smallest input scale, ρ_j =
 * s_j / s an integer). The next QuantizeLinear computes rint(y_i / s') = rint(acc_i · 2^−d_i + b_i
 * / s'), so the ratio s t_i / s' must be a power of two 2^−d_i (Brevitas' power-of-two scaling,
 * "fixed point"): rows are multiplied by 2^(D − d_i) to share D = max d_i, the bias folds into the
 * integer constant c_i = ⌊2^D b_i / s' + 2^(D−1)⌋, and ⌊(acc + c) / 2^D⌋ is rounded exactly ({@link
 * io.fhestreams.ml.circuit.Operation.RoundBits}). That is rint, half to even, except on exact ties
 * (acc + 2^D b_i / s' an odd multiple of 2^(D−1), possible only when the bias lies on the
 * accumulator's grid, e.g. Brevitas' int32 biases), which round half up here. One lookup then
 * applies the clip, zero point, ReLU and any further quantizer of the chain. The last dense layer's
 * accumulator is the output, de-quantized by the client as s t_i · acc_i + b_i.
 *
 * <p>Between quantized dense layers only ReLU and quantizers are accepted (a ReLU commutes with the
 * rounding; a sigmoid would not); activation quantizers must be per tensor (one table per layer);
 * the input quantizers may be per feature and must span a full n-bit range (the client quantizes).
 */
public final class QdqNet {
  /** Widest integer weight (bits, sign included): the accumulators must fit a long. */
  static final int MAX_WEIGHT_BITS = NBits.MAX;

  /** Largest factor 2^(D − d_i) aligning per-channel shifts. */
  static final int MAX_ALIGNMENT_BITS = 16;

  private final String name;
  private final Layer.Quantize input;
  private final List<Block> blocks;

  /**
   * A dense layer and what follows it up to the next one.
   *
   * @param dense the dense layer, its weights on a grid
   * @param chain ReLUs and quantizers after it (empty for the last)
   */
  private record Block(Layer.Affine dense, List<Layer> chain) {}

  private QdqNet(String name, Layer.Quantize input, List<Block> blocks) {
    this.name = name;
    this.input = input;
    this.blocks = blocks;
  }

  /** Whether the graph carries quantizers on computed values (a quantization-aware export). */
  public static boolean isQuantizationAware(ImportedModel model) {
    return model.layers().stream().anyMatch(l -> l instanceof Layer.Quantize);
  }

  /**
   * The quantized net of an imported graph.
   *
   * @throws OnnxImportException naming the node whose quantization the circuit cannot reproduce
   */
  public static QdqNet fromImported(ImportedModel model) {
    List<Layer> layers = new ArrayList<>(model.layers());
    while (!layers.isEmpty()
        && (layers.get(layers.size() - 1) instanceof Layer.ArgMax
            || (layers.get(layers.size() - 1) instanceof Layer.Elementwise e
                && e.activation() == Activation.SOFTMAX))) {
      layers.remove(layers.size() - 1);
    }
    if (layers.isEmpty() || !(layers.get(0) instanceof Layer.Quantize in)) {
      throw new OnnxImportException(
          model.name()
              + ": a quantization-aware net must quantize its input first (QuantizeLinear →"
              + " DequantizeLinear on the graph input)");
    }
    inputQuantizers(in);
    List<Block> blocks = new ArrayList<>();
    for (int i = 1; i < layers.size(); ) {
      Layer layer = layers.get(i);
      if (!(layer instanceof Layer.Affine dense)) {
        throw new OnnxImportException(
            "node "
                + layer.source()
                + ": expected a dense layer (Gemm or MatMul) reading quantized values");
      }
      if (dense.weightSteps() == null) {
        throw new OnnxImportException(
            "node "
                + dense.source()
                + ": its weights are not quantized (no DequantizeLinear on them); a"
                + " quantization-aware net quantizes every dense layer's weights");
      }
      List<Layer> chain = new ArrayList<>();
      i++;
      while (i < layers.size() && !(layers.get(i) instanceof Layer.Affine)) {
        Layer c = layers.get(i++);
        boolean relu = c instanceof Layer.Elementwise e && e.activation() == Activation.RELU;
        if (!relu && !(c instanceof Layer.Quantize)) {
          throw new OnnxImportException(
              "node "
                  + c.source()
                  + ": only Relu and QuantizeLinear / DequantizeLinear may follow a dense layer of"
                  + " a quantization-aware net");
        }
        if (c instanceof Layer.Quantize q && !q.dequantized()) {
          throw new OnnxImportException(
              "node " + q.source() + ": its integers are used without a DequantizeLinear");
        }
        if (c instanceof Layer.Quantize q && !q.perTensor()) {
          throw new OnnxImportException(
              "node "
                  + q.source()
                  + ": activations must be quantized per tensor (one lookup table per layer)");
        }
        chain.add(c);
      }
      boolean last = i >= layers.size();
      if (!last && chain.stream().noneMatch(l -> l instanceof Layer.Quantize)) {
        throw new OnnxImportException(
            "node "
                + layers.get(i).source()
                + ": its input is not quantized (no QuantizeLinear / DequantizeLinear after "
                + dense.source()
                + ")");
      }
      if (last && !chain.isEmpty()) {
        throw new OnnxImportException(
            "node "
                + chain.get(0).source()
                + ": nothing may follow the last dense layer but a Softmax or ArgMax (the client"
                + " de-quantizes the scores and takes their arg-max)");
      }
      blocks.add(new Block(dense, chain));
    }
    if (blocks.isEmpty()) {
      throw new OnnxImportException(model.name() + ": no dense layer after the input quantizer");
    }
    return new QdqNet(model.name(), in, blocks);
  }

  /** The client's quantizer of each feature: the graph's input QuantizeLinear, as it is. */
  public List<UniformQuantizer> inputQuantizers() {
    return inputQuantizers(input);
  }

  private static List<UniformQuantizer> inputQuantizers(Layer.Quantize in) {
    long levels = in.max() - in.min() + 1;
    int bits = 64 - Long.numberOfLeadingZeros(levels - 1);
    boolean signed = in.min() < 0;
    if (Long.bitCount(levels) != 1 || in.min() != (signed ? -(levels / 2) : 0)) {
      throw new OnnxImportException(
          "node "
              + in.source()
              + ": the input's integer range ["
              + in.min()
              + ", "
              + in.max()
              + "] is not a full n-bit range ([0, 2^n − 1] or [−2^(n−1), 2^(n−1) − 1])");
    }
    List<UniformQuantizer> out = new ArrayList<>();
    double[] scale = in.scale();
    long[] zero = in.zeroPoint();
    for (int j = 0; j < scale.length; j++) {
      out.add(new UniformQuantizer(scale[j], zero[j], new NBits(Math.max(1, bits)), signed));
    }
    return out;
  }

  /**
   * The graph's own real-valued computation of one sample, ONNX's semantics (rint, half to even),
   * or with {@code tiesUp} the circuit's: each dense layer's first quantizer rounding exact ties
   * half up.
   */
  public double[] onnxScores(double[] x, boolean tiesUp) {
    double[] y = quantize(input, x);
    for (Block block : blocks) {
      y = block.dense().map().apply(y);
      Layer.Quantize first = firstQuantizer(block.chain());
      for (Layer c : block.chain()) {
        if (c == first && tiesUp) {
          for (int i = 0; i < y.length; i++) {
            double q = Math.floor(y[i] / first.scale()[i] + 0.5) + first.zeroPoint()[i];
            q = Math.max(first.min(), Math.min(first.max(), q));
            y[i] = first.scale()[i] * (q - first.zeroPoint()[i]);
          }
        } else {
          y =
              c instanceof Layer.Quantize q
                  ? quantize(q, y)
                  : ((Layer.Elementwise) c).activation().apply(y);
        }
      }
    }
    return y;
  }

  /**
   * Hidden units of one sample whose pre-activation lies exactly halfway between two integers of
   * its first quantizer and rounds differently half up (the circuit) than half to even (ONNX).
   */
  public int roundingTies(double[] x) {
    int ties = 0;
    double[] y = quantize(input, x);
    for (Block block : blocks) {
      y = block.dense().map().apply(y);
      Layer.Quantize first = firstQuantizer(block.chain());
      if (first != null) {
        // a ReLU before the quantizer sends every negative value to 0 either way
        boolean reluFirst = block.chain().get(0) instanceof Layer.Elementwise;
        for (double v : y) {
          double w = v / first.scale()[0];
          if (Math.floor(w + 0.5) != Math.rint(w) && (w > 0 || !reluFirst)) {
            ties++;
          }
        }
      }
      for (Layer c : block.chain()) {
        y =
            c instanceof Layer.Quantize q
                ? quantize(q, y)
                : ((Layer.Elementwise) c).activation().apply(y);
      }
    }
    return ties;
  }

  private static double[] quantize(Layer.Quantize q, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = q.fakeQuantize(i, x[i]);
    }
    return y;
  }

  private static Layer.Quantize firstQuantizer(List<Layer> chain) {
    for (Layer c : chain) {
      if (c instanceof Layer.Quantize q) {
        return q;
      }
    }
    return null;
  }

  /**
   * The integer circuit, one lookup per hidden unit after the exact rounding, and the client's
   * de-quantization of the scores.
   *
   * @throws IllegalArgumentException naming the layer whose quantization the circuit cannot
   *     reproduce exactly
   */
  public QuantizedNet lower() {
    CircuitBuilder b = new CircuitBuilder();
    List<UniformQuantizer> in = inputQuantizers();
    double[] scale = input.scale();
    long[] zero = input.zeroPoint();
    int x = b.input("features", scale.length, new ValueRange(input.min(), input.max()));
    for (Block block : blocks) {
      Layer.Affine dense = block.dense();
      int rows = dense.map().outputs();
      int cols = dense.map().inputs();
      double unit = Double.POSITIVE_INFINITY;
      for (double s : scale) {
        unit = Math.min(unit, s);
      }
      long[] w = integerWeights(dense, scale, unit);
      double[] bias = dense.map().bias();
      double[] steps = dense.weightSteps();
      if (block.chain().isEmpty()) {
        long[] offset = zeroPointTerms(w, rows, cols, zero, new long[rows]);
        int product = b.matMulConstant(x, rows, w);
        long shift = nonNegativeShift(b.range(product), offset, 1);
        for (int i = 0; i < rows; i++) {
          offset[i] += shift;
        }
        int acc = b.addConstant(product, offset);
        b.output(acc, "scores");
        double[] outScale = new double[rows];
        double[] outOffset = new double[rows];
        for (int i = 0; i < rows; i++) {
          outScale[i] = unit * steps[i];
          outOffset[i] = bias[i] - outScale[i] * shift;
        }
        return new QuantizedNet(b.build(), in, outScale, outOffset, 0);
      }
      Layer.Quantize first = firstQuantizer(block.chain());
      double next = first.scale()[0];
      int[] exponent = new int[rows];
      int shared = 0;
      for (int i = 0; i < rows; i++) {
        double ratio = unit * steps[i] / next;
        if (ratio != Math.scalb(1.0, Math.getExponent(ratio))) {
          throw new IllegalArgumentException(
              "layer "
                  + dense.source()
                  + ", row "
                  + i
                  + ": input scale × weight scale / output scale = "
                  + ratio
                  + " is not a power of two, so the next quantizer cannot be computed exactly"
                  + " from the integer accumulator; export with power-of-two scales (Brevitas"
                  + " restrict_scaling_type=POWER_OF_TWO)");
        }
        exponent[i] = -Math.getExponent(ratio);
        shared = Math.max(shared, exponent[i]);
      }
      long[] c = new long[rows];
      for (int i = 0; i < rows; i++) {
        int align = shared - exponent[i];
        if (align > MAX_ALIGNMENT_BITS) {
          throw new IllegalArgumentException(
              "layer "
                  + dense.source()
                  + ": per-channel scales differ by 2^"
                  + align
                  + ", more than 2^"
                  + MAX_ALIGNMENT_BITS);
        }
        for (int j = 0; j < cols; j++) {
          w[i * cols + j] <<= align;
        }
        double half = Math.scalb(1.0, shared - 1);
        double gamma = Math.scalb(bias[i] / next, shared) + half;
        c[i] = (long) Math.floor(gamma);
        if (Math.abs(gamma - Math.rint(gamma)) <= 1e-9 * Math.max(1, Math.abs(gamma))) {
          c[i] = (long) Math.rint(gamma); // on the grid: a tie rounds half up
        }
      }
      long[] offset = zeroPointTerms(w, rows, cols, zero, c);
      int product = b.matMulConstant(x, rows, w);
      long step = 1L << shared;
      long shift = nonNegativeShift(b.range(product), offset, step);
      for (int i = 0; i < rows; i++) {
        offset[i] += shift;
      }
      int acc = b.addConstant(product, offset);
      int read = shared == 0 ? acc : b.roundBits(acc, shared);
      ValueRange domain = b.range(read);
      long[] table = new long[Math.toIntExact(domain.max() - domain.min() + 1)];
      Layer.Quantize last = null;
      for (int k = 0; k < table.length; k++) {
        // k stands for rint(y / s') = domain.min + k − shift / 2^D; the chain from there
        long r = domain.min() + k - shift / step;
        double v = Double.NaN;
        boolean quantized = false;
        for (Layer l : block.chain()) {
          if (l instanceof Layer.Quantize q) {
            v = quantized ? q.fakeQuantize(0, v) : q.scale()[0] * (clamp(q, r) - q.zeroPoint()[0]);
            quantized = true;
            last = q;
          } else if (quantized) {
            v = Math.max(0, v);
          } else {
            r = Math.max(0, r);
          }
        }
        table[k] = (long) Math.rint(v / last.scale()[0]) + last.zeroPoint()[0];
      }
      x = b.tableLookup(read, domain.min(), table);
      scale = new double[rows];
      zero = new long[rows];
      Arrays.fill(scale, last.scale()[0]);
      Arrays.fill(zero, last.zeroPoint()[0]);
    }
    throw new IllegalStateException("network " + name + " has no last dense layer");
  }

  private static long clamp(Layer.Quantize q, long r) {
    return Math.max(q.min(), Math.min(q.max(), r + q.zeroPoint()[0]));
  }

  /**
   * w_ij · ρ_j: the integer weights of a dense layer, each column scaled by ρ_j = s_j / unit (an
   * integer), checked to lie on the layer's grid.
   */
  private static long[] integerWeights(Layer.Affine dense, double[] inputScale, double unit) {
    int rows = dense.map().outputs();
    int cols = dense.map().inputs();
    double[] weights = dense.map().weights();
    double[] steps = dense.weightSteps();
    long bound = 1L << (MAX_WEIGHT_BITS - 1);
    long[] w = new long[rows * cols];
    for (int j = 0; j < cols; j++) {
      double rho = inputScale[j] / unit;
      if (rho != Math.rint(rho) || rho > bound) {
        throw new IllegalArgumentException(
            "layer "
                + dense.source()
                + ": input "
                + j
                + "'s scale is "
                + rho
                + " times the smallest input scale; the ratios must be integers");
      }
      for (int i = 0; i < rows; i++) {
        double q = weights[i * cols + j] / steps[i];
        if (Math.abs(q - Math.rint(q)) > 1e-6 * Math.max(1, Math.abs(q)) || Math.abs(q) > bound) {
          throw new IllegalArgumentException(
              "layer "
                  + dense.source()
                  + ": weight ("
                  + i
                  + ", "
                  + j
                  + ") = "
                  + weights[i * cols + j]
                  + " is not an integer of at most "
                  + MAX_WEIGHT_BITS
                  + " bits times its step "
                  + steps[i]);
        }
        w[i * cols + j] = (long) Math.rint(q) * (long) rho;
      }
    }
    return w;
  }

  /** c_i − Σ_j w_ij z_j: the zero points folded into each row's constant. */
  private static long[] zeroPointTerms(long[] w, int rows, int cols, long[] zero, long[] c) {
    long[] offset = new long[rows];
    for (int i = 0; i < rows; i++) {
      long sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += w[i * cols + j] * zero[j];
      }
      offset[i] = c[i] - sum;
    }
    return offset;
  }

  /**
   * The smallest multiple of {@code step} that makes every row's accumulator (the product's range
   * plus its offset) non-negative: bootstrapped messages are unsigned.
   */
  private static long nonNegativeShift(ValueRange product, long[] offset, long step) {
    long lowest = Long.MAX_VALUE;
    for (long o : offset) {
      lowest = Math.min(lowest, product.min() + o);
    }
    return lowest >= 0 ? 0 : Math.floorDiv(-lowest + step - 1, step) * step;
  }

  /** The net's name. */
  public String name() {
    return name;
  }

  /** Dense layers. */
  public int denseLayers() {
    return blocks.size();
  }
}
