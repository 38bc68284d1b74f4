package io.fhestreams.ml.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UniformQuantizerTest {

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 6, 8, 12})
  void shouldRoundTripWithinHalfAStep(int bits) {
    long seed = 1234 + bits;
    SplittableRandom random = new SplittableRandom(seed);
    double[] data = random.doubles(500, -3.5, 11.25).toArray();
    UniformQuantizer q = UniformQuantizer.calibrateAffine(data, new NBits(bits));
    for (double v : data) {
      long i = q.quantize(v);
      assertThat(i).as("seed %d value %f", seed, v).isBetween(0L, (1L << bits) - 1);
      assertThat(Math.abs(q.dequantize(i) - v))
          .as("seed %d value %f", seed, v)
          .isLessThanOrEqualTo(q.scale() / 2 + 1e-9);
    }
  }

  @Test
  void shouldMapCalibrationExtremesOntoTheIntegerRange() {
    UniformQuantizer q =
        UniformQuantizer.calibrateAffine(new double[] {2.0, 5.0, 3.0}, new NBits(4));
    assertThat(q.quantize(2.0)).isZero();
    assertThat(q.quantize(5.0)).isEqualTo(15);
    assertThat(q.quantize(100.0)).as("clamped").isEqualTo(15);
    assertThat(q.quantize(-100.0)).as("clamped").isZero();
  }

  @Test
  void shouldMapTheCalibrationMinimumToZeroWhateverItsRounding() {
    for (double min = -10; min < 10; min += 0.37) {
      UniformQuantizer q =
          UniformQuantizer.calibrateAffine(new double[] {min, min + 5.0}, new NBits(3));
      assertThat(q.quantize(min)).as("min %f", min).isZero();
      assertThat(q.quantize(min + 5.0)).as("min %f", min).isEqualTo(7);
    }
  }

  @Test
  void shouldQuantizeSymmetricallyWithZeroPointZero() {
    UniformQuantizer q =
        UniformQuantizer.calibrateSymmetric(new double[] {-2.0, 0.5, 1.0}, new NBits(8));
    assertThat(q.zeroPoint()).isZero();
    assertThat(q.quantize(-2.0)).isEqualTo(-127);
    assertThat(q.quantize(2.0)).isEqualTo(127);
    assertThat(q.quantize(0.0)).isZero();
    assertThat(q.minInt()).isEqualTo(-128);
    assertThat(q.maxInt()).isEqualTo(127);
  }

  @Test
  void shouldRepresentAConstantColumnExactly() {
    UniformQuantizer q = UniformQuantizer.calibrateAffine(new double[] {7, 7, 7}, new NBits(8));
    assertThat(q.dequantize(q.quantize(7))).isEqualTo(7.0);
  }

  @Test
  void badInput_fails() {
    assertThatThrownBy(() -> new UniformQuantizer(0, 0, new NBits(8), false))
        .hasMessageContaining("scale");
    assertThatThrownBy(() -> new NBits(0)).hasMessageContaining("[1, 16], found 0");
    assertThatThrownBy(() -> UniformQuantizer.calibrateAffine(new double[0], new NBits(8)))
        .hasMessageContaining("no values");
    assertThatThrownBy(
            () -> UniformQuantizer.calibrateAffine(new double[] {1, Double.NaN}, new NBits(8)))
        .hasMessageContaining("finite");
    UniformQuantizer q = UniformQuantizer.calibrateAffine(new double[] {0, 1}, new NBits(8));
    assertThatThrownBy(() -> q.quantize(Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void shouldCalibrateEachFeatureOnItsOwnColumn() {
    double[][] rows = {{0.0, 10.0}, {1.0, 40.0}, {0.5, 20.0}};

    java.util.List<UniformQuantizer> quantizers =
        UniformQuantizer.calibrateAffinePerFeature(rows, 2, new NBits(4));

    assertThat(quantizers).hasSize(2);
    assertThat(quantizers.get(0).quantize(0.0)).isZero();
    assertThat(quantizers.get(0).quantize(1.0)).isEqualTo(15);
    assertThat(quantizers.get(1).quantize(10.0)).isZero();
    assertThat(quantizers.get(1).quantize(40.0)).isEqualTo(15);
  }

  @Test
  void calibrationRowOfWrongWidth_fails() {
    double[][] rows = {{0.0, 1.0}, {1.0}};

    assertThatThrownBy(() -> UniformQuantizer.calibrateAffinePerFeature(rows, 2, new NBits(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("calibration row 1: expected 2 features, found 1");
    assertThatThrownBy(() -> UniformQuantizer.requireCalibrationRows(new double[0][], 2))
        .hasMessage("calibration data is empty");
  }

  /** A few outliers no longer set the step: MSE-optimal clipping keeps the bulk's resolution. */
  @Test
  void mseCalibration_clipsOutliers_andKeepsAnEvenRange() {
    long seed = 1905;
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = random.doubles(2000, 0, 1).toArray();
    values[7] = 3;
    NBits bits = new NBits(4);
    UniformQuantizer minMax = UniformQuantizer.calibrateAffine(values, bits);
    UniformQuantizer mse = UniformQuantizer.calibrateAffineMse(values, bits);
    assertThat(squaredError(mse, values))
        .as("seed %d", seed)
        .isLessThan(squaredError(minMax, values));
    assertThat(mse.scale()).isLessThan(minMax.scale());
    double[] ones = new double[values.length];
    Arrays.fill(ones, 1);
    UniformQuantizer symmetric = UniformQuantizer.calibrateSymmetricMse(values, ones, bits);
    assertThat(squaredError(symmetric, values))
        .isLessThanOrEqualTo(
            squaredError(UniformQuantizer.calibrateSymmetric(values, bits), values));
    // the range is clipped at the top only: the smallest value is still represented exactly
    assertThat(mse.quantize(0)).isZero();
  }

  /**
   * Weights whose inputs are almost always 0 (a rare feature after standardization) may be large:
   * weighted by their inputs' mean square, they are clipped and no longer set the step of the
   * others; with equal importances the same weights keep a wider step.
   */
  @Test
  void weightedMseCalibration_clipsWeightsOfRarelyLargeInputs() {
    long seed = 2412;
    SplittableRandom random = new SplittableRandom(seed);
    int n = 640;
    double[] weights = random.doubles(n, -1, 1).toArray();
    double[] importance = new double[n];
    Arrays.fill(importance, 1);
    for (int i = 0; i < n; i += 64) {
      weights[i] = random.nextDouble(15, 20); // one input in 64: rarely non-zero
      importance[i] = 1e-4;
    }
    NBits bits = new NBits(4);
    UniformQuantizer weighted = UniformQuantizer.calibrateSymmetricMse(weights, importance, bits);
    double[] ones = new double[n];
    Arrays.fill(ones, 1);
    UniformQuantizer plain = UniformQuantizer.calibrateSymmetricMse(weights, ones, bits);
    // the bulk in [-1, 1] keeps about its 4-bit resolution: a step near 1/7, not 20/7
    assertThat(weighted.scale()).as("seed %d", seed).isLessThan(0.5);
    assertThat(plain.scale()).as("seed %d", seed).isGreaterThan(2 * weighted.scale());
    assertThatThrownBy(() -> UniformQuantizer.calibrateSymmetricMse(weights, new double[3], bits))
        .hasMessage("expected one importance per value (640), found 3");
  }

  private static double squaredError(UniformQuantizer q, double[] values) {
    double sum = 0;
    for (double v : values) {
      double e = v - q.dequantize(q.quantize(v));
      sum += e * e;
    }
    return sum;
  }
}
