package io.fhestreams.ml.quantization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.DoubleStream;

/**
 * A uniform affine quantizer as in Concrete ML ({@code quantization/quantizers.py}): a real r is
 * represented by the integer q = clamp(round(r / scale) + zeroPoint) and read back as r' = scale ·
 * (q − zeroPoint).
 *
 * <p>Unsigned quantizers use q in [0, 2^n − 1]; signed ones use q in [−2^(n−1), 2^(n−1) − 1].
 *
 * @param scale the real step between two consecutive integers, finite and &gt; 0
 * @param zeroPoint the integer that represents the real 0 (may lie outside the integer range when
 *     the calibration data does not contain 0)
 * @param nBits the number of bits of q
 * @param signed whether q is signed
 */
public record UniformQuantizer(double scale, long zeroPoint, NBits nBits, boolean signed) {

  public UniformQuantizer {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("quantizer scale must be finite and > 0, found " + scale);
    }
    if (nBits == null) {
      throw new IllegalArgumentException("quantizer n_bits is missing");
    }
  }

  /**
   * Calibrates an unsigned affine quantizer on data: the range [min, max] of the values is mapped
   * onto [0, 2^n − 1]. A constant column gets scale 1 and represents its value exactly.
   */
  public static UniformQuantizer calibrateAffine(double[] values, NBits nBits) {
    double[] range = range(values);
    double min = range[0];
    double max = range[1];
    if (max == min) {
      return new UniformQuantizer(1.0, (long) Math.rint(-min), nBits, false);
    }
    double scale = (max - min) / (nBits.levels() - 1);
    // rint on both sides (as numpy.rint in Concrete ML) so that quantize(min) is exactly 0
    return new UniformQuantizer(scale, (long) Math.rint(-min / scale), nBits, false);
  }

  /**
   * One unsigned affine quantizer per feature (column) of {@code rows}, each calibrated on its
   * column as {@link #calibrateAffine} does.
   */
  public static List<UniformQuantizer> calibrateAffinePerFeature(
      double[][] rows, int features, NBits nBits) {
    return perFeature(rows, features, column -> calibrateAffine(column, nBits));
  }

  /**
   * One unsigned affine quantizer per feature (column) of {@code rows}, each calibrated on its
   * column as {@link #calibrateAffineMse} does.
   */
  public static List<UniformQuantizer> calibrateAffineMsePerFeature(
      double[][] rows, int features, NBits nBits) {
    return perFeature(rows, features, column -> calibrateAffineMse(column, nBits));
  }

  private static List<UniformQuantizer> perFeature(
      double[][] rows, int features, Function<double[], UniformQuantizer> calibrate) {
    requireCalibrationRows(rows, features);
    List<UniformQuantizer> quantizers = new ArrayList<>(features);
    double[] column = new double[rows.length];
    for (int j = 0; j < features; j++) {
      for (int i = 0; i < rows.length; i++) {
        column[i] = rows[i][j];
      }
      quantizers.add(calibrate.apply(column));
    }
    return quantizers;
  }

  /** Refuses empty calibration data and any row that does not have {@code features} values. */
  public static void requireCalibrationRows(double[][] rows, int features) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("calibration data is empty");
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != features) {
        throw new IllegalArgumentException(
            "calibration row "
                + i
                + ": expected "
                + features
                + " features, found "
                + rows[i].length);
      }
    }
  }

  /**
   * Calibrates a signed symmetric quantizer (zero point 0), as Concrete ML uses for weights: max
   * |v| is mapped onto 2^(n−1) − 1. All-zero data gets scale 1.
   */
  public static UniformQuantizer calibrateSymmetric(double[] values, NBits nBits) {
    if (nBits.value() < 2) {
      throw new IllegalArgumentException(
          "a signed quantizer needs n_bits >= 2, found " + nBits.value());
    }
    double[] range = range(values);
    double absMax = Math.max(Math.abs(range[0]), Math.abs(range[1]));
    double scale = absMax == 0 ? 1.0 : absMax / ((nBits.levels() >> 1) - 1);
    return new UniformQuantizer(scale, 0, nBits, true);
  }

  /**
   * Clipping ratios tried by the MSE-optimal calibrations: the quantized range is the calibration
   * range shrunk to each ratio in turn.
   */
  private static final double[] CLIP_RATIOS = {
    1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3
  };

  /** At most this many values (evenly strided) are scored per clipping ratio. */
  private static final int MSE_SAMPLE = 20_000;

  /**
   * An unsigned affine quantizer whose range [min, min + r·(max − min)] minimizes the squared
   * quantization error of the values (r among {@link #CLIP_RATIOS}): a few outliers no longer
   * stretch the step of all the other values (MSE-optimal clipping, as in Banner et al., "Post
   * training 4-bit quantization of convolutional networks for rapid-deployment", 2019).
   */
  public static UniformQuantizer calibrateAffineMse(double[] values, NBits nBits) {
    double[] range = range(values);
    double min = range[0];
    double max = range[1];
    if (max == min) {
      return calibrateAffine(values, nBits);
    }
    UniformQuantizer best = null;
    double bestError = Double.POSITIVE_INFINITY;
    for (double r : CLIP_RATIOS) {
      double scale = (max - min) * r / (nBits.levels() - 1);
      UniformQuantizer q =
          new UniformQuantizer(scale, (long) Math.rint(-min / scale), nBits, false);
      double error = squaredError(q, values);
      if (error < bestError) {
        bestError = error;
        best = q;
      }
    }
    return best;
  }

  /**
   * Clipping ratios tried for weights: those of {@link #CLIP_RATIOS} and deeper ones, since a
   * weight's error only counts as much as its input's energy ({@link #calibrateSymmetricMse}): the
   * large weights of a feature that is almost always 0 (after standardization, a rare feature's)
   * can be clipped hard without changing the outputs.
   */
  static final double[] WEIGHT_CLIP_RATIOS =
      DoubleStream.concat(
              Arrays.stream(CLIP_RATIOS), DoubleStream.of(0.25, 0.2, 0.15, 0.1, 0.07, 0.05))
          .toArray();

  /**
   * A signed symmetric quantizer for weights whose bound r · max |v| minimizes the expected squared
   * error of the outputs they make, Σ_i importance_i · (v_i − v̂_i)², where importance_i is the
   * mean square of the input weight i multiplies (r among {@link #WEIGHT_CLIP_RATIOS}). This is the
   * diagonal of a layer's output error E[(Δw·x)²] = Δwᵀ E[x xᵀ] Δw, the local objective of Nagel,
   * Amjad, van Baalen, Louizos, Blankevoort, "Up or Down? Adaptive Rounding for Post-Training
   * Quantization", ICML 2020, section 3, with E[x xᵀ] kept to its diagonal: outliers on inputs that
   * are rarely large are clipped, the bulk keeps its resolution. With every importance 0 the full
   * range is kept.
   *
   * @param importance per value, ≥ 0, the mean square of its input on the calibration rows
   */
  public static UniformQuantizer calibrateSymmetricMse(
      double[] values, double[] importance, NBits nBits) {
    if (importance.length != values.length) {
      throw new IllegalArgumentException(
          "expected one importance per value (" + values.length + "), found " + importance.length);
    }
    UniformQuantizer full = calibrateSymmetric(values, nBits);
    UniformQuantizer best = full;
    double bestError = weightedSquaredError(full, values, importance);
    for (double r : WEIGHT_CLIP_RATIOS) {
      UniformQuantizer q = new UniformQuantizer(full.scale() * r, 0, nBits, true);
      double error = weightedSquaredError(q, values, importance);
      if (error < bestError) {
        bestError = error;
        best = q;
      }
    }
    return best;
  }

  private static double weightedSquaredError(
      UniformQuantizer q, double[] values, double[] importance) {
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      double e = values[i] - q.dequantize(q.quantize(values[i]));
      sum += importance[i] * e * e;
    }
    return sum;
  }

  private static double squaredError(UniformQuantizer q, double[] values) {
    int stride = Math.max(1, values.length / MSE_SAMPLE);
    double sum = 0;
    for (int i = 0; i < values.length; i += stride) {
      double e = values[i] - q.dequantize(q.quantize(values[i]));
      sum += e * e;
    }
    return sum;
  }

  /** Smallest integer this quantizer produces. */
  public long minInt() {
    return signed ? -(nBits.levels() >> 1) : 0;
  }

  /** Largest integer this quantizer produces. */
  public long maxInt() {
    return signed ? (nBits.levels() >> 1) - 1 : nBits.levels() - 1;
  }

  /** q = clamp(round(r / scale) + zeroPoint); NaN is refused. */
  public long quantize(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("cannot quantize NaN");
    }
    double q = Math.rint(value / scale) + zeroPoint;
    return (long) Math.max(minInt(), Math.min(maxInt(), q));
  }

  /** r' = scale · (q − zeroPoint). */
  public double dequantize(long q) {
    return scale * (q - zeroPoint);
  }

  private static double[] range(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot calibrate a quantizer on no values");
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("calibration values must be finite, found " + v);
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return new double[] {min, max};
  }
}
