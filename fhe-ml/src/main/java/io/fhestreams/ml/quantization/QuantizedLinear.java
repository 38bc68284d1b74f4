package io.fhestreams.ml.quantization;

import java.util.Arrays;
import java.util.List;

/**
 * A quantized Gemm with an integer accumulator: acc = M·q + c, read back as y ≈ t ⊙ acc.
 *
 * <p>From a real map y = W·x + b and one affine quantizer per feature (scale s_j, zero point z_j),
 * each row i of W·diag(s) is quantized symmetrically to {@code weightBits} (scale t_i, integers
 * M_ij), so that y_i = Σ_j W_ij·s_j·(q_j − z_j) + b_i ≈ t_i·(Σ_j M_ij·q_j + c_i) with the integer
 * offset c_i = round(b_i / t_i) − Σ_j M_ij·z_j. The server computes acc exactly on encrypted q; the
 * client multiplies by t. Folding the per-feature input scales into the weights is what lets every
 * feature have its own quantizer (as Concrete ML's linear models do) while the encrypted part stays
 * one integer matrix product.
 *
 * @param inputQuantizers one quantizer per feature
 * @param inputs number of features
 * @param outputs number of accumulators
 * @param weights M, row-major, outputs · inputs
 * @param offsets c, one per output
 * @param outputScales t, one per output: y_i ≈ t_i · acc_i
 */
public record QuantizedLinear(
    List<UniformQuantizer> inputQuantizers,
    int inputs,
    int outputs,
    long[] weights,
    long[] offsets,
    double[] outputScales) {

  public QuantizedLinear {
    inputQuantizers = List.copyOf(inputQuantizers);
    if (inputQuantizers.size() != inputs) {
      throw new IllegalArgumentException(
          "input quantizers: expected " + inputs + ", found " + inputQuantizers.size());
    }
    if (weights.length != (long) inputs * outputs
        || offsets.length != outputs
        || outputScales.length != outputs) {
      throw new IllegalArgumentException(
          "quantized linear of "
              + outputs
              + " x "
              + inputs
              + ": found weights "
              + weights.length
              + ", offsets "
              + offsets.length
              + ", scales "
              + outputScales.length);
    }
    weights = weights.clone();
    offsets = offsets.clone();
    outputScales = outputScales.clone();
  }

  /**
   * Quantizes {@code map} for inputs quantized by {@code inputQuantizers}, weights on {@code
   * weightBits}.
   */
  public static QuantizedLinear quantize(
      AffineMap map, List<UniformQuantizer> inputQuantizers, NBits weightBits) {
    int n = map.inputs();
    int m = map.outputs();
    if (inputQuantizers.size() != n) {
      throw new IllegalArgumentException(
          "input quantizers: expected " + n + ", found " + inputQuantizers.size());
    }
    long[] weights = new long[m * n];
    long[] offsets = new long[m];
    double[] scales = new double[m];
    double[] row = new double[n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        row[j] = map.weight(i, j) * inputQuantizers.get(j).scale();
      }
      UniformQuantizer rowQuantizer = UniformQuantizer.calibrateSymmetric(row, weightBits);
      scales[i] = rowQuantizer.scale();
      long offset = Math.round(map.bias()[i] / scales[i]);
      for (int j = 0; j < n; j++) {
        long w = rowQuantizer.quantize(row[j]);
        weights[i * n + j] = w;
        offset =
            Math.subtractExact(offset, Math.multiplyExact(w, inputQuantizers.get(j).zeroPoint()));
      }
      offsets[i] = offset;
    }
    return new QuantizedLinear(inputQuantizers, n, m, weights, offsets, scales);
  }

  /** Quantizes one sample with the per-feature quantizers. */
  public long[] quantizeInput(double[] x) {
    if (x.length != inputs) {
      throw new IllegalArgumentException(
          "input length: expected " + inputs + ", found " + x.length);
    }
    long[] q = new long[inputs];
    for (int j = 0; j < inputs; j++) {
      q[j] = inputQuantizers.get(j).quantize(x[j]);
    }
    return q;
  }

  /** acc = M·q + c, exactly (overflow throws). */
  public long[] accumulate(long[] q) {
    if (q.length != inputs) {
      throw new IllegalArgumentException(
          "input length: expected " + inputs + ", found " + q.length);
    }
    long[] acc = offsets.clone();
    for (int i = 0; i < outputs; i++) {
      for (int j = 0; j < inputs; j++) {
        acc[i] = Math.addExact(acc[i], Math.multiplyExact(weights[i * inputs + j], q[j]));
      }
    }
    return acc;
  }

  /** y_i = t_i · acc_i. */
  public double[] dequantize(long[] acc) {
    if (acc.length != outputs) {
      throw new IllegalArgumentException(
          "accumulator length: expected " + outputs + ", found " + acc.length);
    }
    double[] y = new double[outputs];
    for (int i = 0; i < outputs; i++) {
      y[i] = outputScales[i] * acc[i];
    }
    return y;
  }

  @Override
  public long[] weights() {
    return weights.clone();
  }

  @Override
  public long[] offsets() {
    return offsets.clone();
  }

  @Override
  public double[] outputScales() {
    return outputScales.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuantizedLinear q
        && q.inputQuantizers.equals(inputQuantizers)
        && Arrays.equals(q.weights, weights)
        && Arrays.equals(q.offsets, offsets)
        && Arrays.equals(q.outputScales, outputScales);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(weights) * 31 + Arrays.hashCode(offsets);
  }

  @Override
  public String toString() {
    return "QuantizedLinear[" + outputs + " x " + inputs + "]";
  }
}
