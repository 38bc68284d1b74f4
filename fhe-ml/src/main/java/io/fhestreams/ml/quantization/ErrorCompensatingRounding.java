package io.fhestreams.ml.quantization;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Rounds a layer's weights so that its outputs on the calibration inputs stay close to the
 * unquantized ones, at the quantizer's scale: Optimal Brain Quantization as GPTQ runs it (Frantar &
 * Alistarh, "Optimal Brain Compression", NeurIPS 2022; Frantar, Ashkboos, Hoefler, Alistarh, "GPTQ:
 * Accurate Post-Training Quantization for Generative Pre-trained Transformers", ICLR 2023,
 * algorithm 1). Per output channel, the weights are rounded one input at a time and each rounding
 * error is spread over the weights not yet rounded through the Cholesky factor of the inverse of H
 * = E[(x − E x)(x − E x)ᵀ] + λI, which minimizes the increase of E[((w − ŵ)·(x − E x))²] given the
 * weights rounded so far. The covariance rather than GPTQ's E[x xᵀ]: the mean output error is
 * removed afterwards by bias correction, so only the error's variance remains to be minimized. λ is
 * 1 % of the mean diagonal (GPTQ's default damping); inputs are taken in decreasing order of their
 * variance (GPTQ's reference implementation's "act order"), so the weights that matter most are
 * rounded while the most others can still compensate.
 *
 * <p>A weight that is exactly 0 (a convolution's weights outside its window, imported as a dense
 * layer, or a feature folded away) stays 0: each channel is solved on its own support, the im2col
 * view of a convolution. A compensated weight beyond the quantizer's clip is clamped like any
 * other; {@link #calibrate} chooses the clip for the error left after compensation (compensation
 * makes a finer step worth more clipping than rounding to nearest does).
 */
public final class ErrorCompensatingRounding {
  /** GPTQ's damping: 1 % of the mean diagonal of H. */
  static final double DAMPING = 0.01;

  private final int inputs;
  private final double[] covariance;
  // channels of one layer share their support (dense) or repeat a few (convolutions)
  private final Map<BitSet, Factor> factors = new HashMap<>();

  /**
   * The second moments of a layer's inputs.
   *
   * @param rows the layer's inputs on the calibration rows, each of the same length
   */
  public ErrorCompensatingRounding(double[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("error-compensating rounding needs calibration rows");
    }
    inputs = rows[0].length;
    double[] mean = new double[inputs];
    covariance = new double[inputs * inputs];
    for (double[] row : rows) {
      if (row.length != inputs) {
        throw new IllegalArgumentException(
            "calibration rows must all have " + inputs + " inputs, found one of " + row.length);
      }
      for (int j = 0; j < inputs; j++) {
        double v = row[j];
        if (v == 0) {
          continue; // activations after ReLU are mostly 0
        }
        mean[j] += v;
        for (int k = 0; k <= j; k++) {
          covariance[j * inputs + k] += v * row[k];
        }
      }
    }
    for (int j = 0; j < inputs; j++) {
      mean[j] /= rows.length;
    }
    for (int j = 0; j < inputs; j++) {
      for (int k = 0; k <= j; k++) {
        double c = covariance[j * inputs + k] / rows.length - mean[j] * mean[k];
        covariance[j * inputs + k] = c;
        covariance[k * inputs + j] = c;
      }
    }
  }

  /**
   * One channel's integer weights: {@code weights} (one per input) rounded by {@code quantizer} in
   * decreasing order of their input's variance, each rounding error compensated on the channel's
   * weights not yet rounded. Zero weights give 0.
   */
  public long[] round(double[] weights, UniformQuantizer quantizer) {
    if (weights.length != inputs) {
      throw new IllegalArgumentException(
          "expected " + inputs + " weights (one per input), found " + weights.length);
    }
    BitSet support = new BitSet(inputs);
    for (int j = 0; j < inputs; j++) {
      if (weights[j] != 0) {
        support.set(j);
      }
    }
    long[] rounded = new long[inputs];
    if (support.isEmpty()) {
      return rounded;
    }
    Factor f = factors.computeIfAbsent(support, this::factor);
    int n = f.order().length;
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = weights[f.order()[i]];
    }
    for (int i = 0; i < n; i++) {
      long q = quantizer.quantize(w[i]);
      rounded[f.order()[i]] = q;
      double error = (w[i] - quantizer.dequantize(q)) / f.upper()[i * n + i];
      for (int k = i + 1; k < n; k++) {
        w[k] -= error * f.upper()[i * n + k];
      }
    }
    return rounded;
  }

  /**
   * The symmetric quantizer for {@code channels} (one weight per input each) whose clip, among
   * {@link UniformQuantizer#WEIGHT_CLIP_RATIOS} of the largest |w| and the full range, minimizes
   * the sum over the channels of the output error left after compensated rounding.
   */
  public UniformQuantizer calibrate(double[][] channels, NBits bits) {
    double absMax = 0;
    for (double[] c : channels) {
      for (double v : c) {
        absMax = Math.max(absMax, Math.abs(v));
      }
    }
    UniformQuantizer full = UniformQuantizer.calibrateSymmetric(new double[] {absMax}, bits);
    UniformQuantizer best = null;
    double bestError = Double.POSITIVE_INFINITY;
    for (int r = -1; r < UniformQuantizer.WEIGHT_CLIP_RATIOS.length; r++) {
      UniformQuantizer q =
          r < 0
              ? full
              : new UniformQuantizer(
                  full.scale() * UniformQuantizer.WEIGHT_CLIP_RATIOS[r], 0, bits, true);
      double error = 0;
      for (double[] c : channels) {
        error += outputError(c, round(c, q), q);
      }
      if (error < bestError) {
        bestError = error;
        best = q;
      }
    }
    return best;
  }

  /**
   * (w − ŵ)ᵀ C (w − ŵ), C the inputs' covariance: the variance over the calibration rows of the
   * channel's output error, the error bias correction leaves.
   */
  double outputError(double[] weights, long[] rounded, UniformQuantizer q) {
    double[] e = new double[inputs];
    for (int j = 0; j < inputs; j++) {
      e[j] = weights[j] - q.dequantize(rounded[j]);
    }
    double sum = 0;
    for (int j = 0; j < inputs; j++) {
      if (e[j] == 0) {
        continue;
      }
      for (int k = 0; k < inputs; k++) {
        sum += e[j] * covariance[j * inputs + k] * e[k];
      }
    }
    return sum;
  }

  /**
   * The support's inputs in decreasing variance and U, upper triangular, with Uᵀ U = H⁻¹ on that
   * order (row-major, n × n).
   */
  private record Factor(int[] order, double[] upper) {}

  private Factor factor(BitSet support) {
    int[] order =
        support.stream()
            .boxed()
            .sorted((a, b) -> Double.compare(variance(b), variance(a)))
            .mapToInt(Integer::intValue)
            .toArray();
    int n = order.length;
    double[] h = new double[n * n];
    double trace = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        h[i * n + k] = covariance[order[i] * inputs + order[k]];
      }
      trace += h[i * n + i];
    }
    // inputs constant on the calibration rows: H = 0, and the identity leaves plain rounding
    double damping = trace > 0 ? DAMPING * trace / n : 1;
    for (int i = 0; i < n; i++) {
      h[i * n + i] += damping;
    }
    return new Factor(order, upperCholesky(inverse(lowerCholesky(h, n), n), n));
  }

  private double variance(int j) {
    return covariance[j * inputs + j];
  }

  /** L with L Lᵀ = a (a symmetric positive definite, n × n, row-major). */
  private static double[] lowerCholesky(double[] a, int n) {
    double[] l = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k <= i; k++) {
        double s = a[i * n + k];
        for (int m = 0; m < k; m++) {
          s -= l[i * n + m] * l[k * n + m];
        }
        if (i == k) {
          if (!(s > 0)) {
            throw new IllegalStateException("H is not positive definite at pivot " + i);
          }
          l[i * n + i] = Math.sqrt(s);
        } else {
          l[i * n + k] = s / l[k * n + k];
        }
      }
    }
    return l;
  }

  /** (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹ from the lower factor L. */
  private static double[] inverse(double[] l, int n) {
    double[] li = new double[n * n];
    for (int c = 0; c < n; c++) {
      // column c of L⁻¹ by forward substitution
      for (int i = c; i < n; i++) {
        double s = i == c ? 1 : 0;
        for (int m = c; m < i; m++) {
          s -= l[i * n + m] * li[m * n + c];
        }
        li[i * n + c] = s / l[i * n + i];
      }
    }
    double[] inv = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k <= i; k++) {
        double s = 0;
        for (int m = i; m < n; m++) {
          s += li[m * n + i] * li[m * n + k];
        }
        inv[i * n + k] = s;
        inv[k * n + i] = s;
      }
    }
    return inv;
  }

  /** U with Uᵀ U = a: the transpose of a's lower Cholesky factor. */
  private static double[] upperCholesky(double[] a, int n) {
    double[] l = lowerCholesky(a, n);
    double[] u = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k <= i; k++) {
        u[k * n + i] = l[i * n + k];
      }
    }
    return u;
  }
}
