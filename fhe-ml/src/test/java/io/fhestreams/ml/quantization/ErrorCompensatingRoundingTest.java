package io.fhestreams.ml.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorCompensatingRoundingTest {

  /**
   * Random layers on correlated, mostly non-negative inputs (quantized ReLU outputs mixed by a
   * random matrix of fewer factors, as a hidden layer sees them), some weights exactly 0 (a
   * convolution's window): the channels' output error on the calibration rows, Σ_rows ((w − ŵ)·(x −
   * x̄))², is smaller with error compensation than with rounding to nearest at the same scale, the
   * integers stay in the quantizer's range, and zero weights stay 0.
   */
  @ParameterizedTest(name = "seed {0}, {1} inputs, {2} bits")
  @CsvSource({"101, 16, 3", "102, 32, 3", "103, 64, 4", "104, 48, 2", "105, 24, 5"})
  void compensatedRounding_lowersTheOutputError_andStaysInRange(long seed, int inputs, int bits) {
    System.out.println("ErrorCompensatingRoundingTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    int rows = 400;
    int channels = 12;
    // a hidden layer's units follow fewer factors than there are units
    int factors = Math.max(2, inputs / 4);
    double[][] mixing = new double[inputs][factors];
    for (double[] m : mixing) {
      for (int k = 0; k < factors; k++) {
        m[k] = random.nextGaussian();
      }
    }
    double[][] x = new double[rows][inputs];
    for (double[] row : x) {
      double[] z = new double[factors];
      for (int k = 0; k < factors; k++) {
        z[k] = random.nextGaussian();
      }
      for (int j = 0; j < inputs; j++) {
        double v = 0.5 * random.nextGaussian();
        for (int k = 0; k < factors; k++) {
          v += 2 * mixing[j][k] * z[k];
        }
        row[j] = Math.max(0, Math.rint(v)); // a quantized ReLU output
      }
    }
    ErrorCompensatingRounding gptq = new ErrorCompensatingRounding(x);
    double[] energy = new double[inputs];
    for (double[] row : x) {
      for (int j = 0; j < inputs; j++) {
        energy[j] += row[j] * row[j] / rows;
      }
    }
    double compensatedError = 0;
    double nearestError = 0;
    double calibratedError = 0;
    double nearestMseError = 0;
    for (int c = 0; c < channels; c++) {
      double[] w = new double[inputs];
      for (int j = 0; j < inputs; j++) {
        w[j] = random.nextInt(4) == 0 ? 0 : random.nextGaussian();
      }
      UniformQuantizer q = UniformQuantizer.calibrateSymmetric(w, new NBits(bits));
      long[] compensated = gptq.round(w, q);
      long[] nearest = new long[inputs];
      for (int j = 0; j < inputs; j++) {
        nearest[j] = q.quantize(w[j]);
        assertThat(compensated[j])
            .as("seed %d channel %d input %d", seed, c, j)
            .isBetween(q.minInt(), q.maxInt());
        if (w[j] == 0) {
          assertThat(compensated[j]).as("seed %d channel %d input %d", seed, c, j).isZero();
        }
      }
      compensatedError += centredOutputError(x, w, compensated, q);
      nearestError += centredOutputError(x, w, nearest, q);
      // each with its own clip: compensation's against rounding to nearest's (input-weighted)
      UniformQuantizer clipped = gptq.calibrate(new double[][] {w}, new NBits(bits));
      calibratedError += centredOutputError(x, w, gptq.round(w, clipped), clipped);
      UniformQuantizer mse = UniformQuantizer.calibrateSymmetricMse(w, energy, new NBits(bits));
      long[] nearestMse = new long[inputs];
      for (int j = 0; j < inputs; j++) {
        nearestMse[j] = mse.quantize(w[j]);
      }
      nearestMseError += centredOutputError(x, w, nearestMse, mse);
    }
    System.out.printf(
        "  output error, full range: nearest %.4g, compensated %.4g (%.2f×); own clip: nearest"
            + " %.4g, compensated %.4g (%.2f×)%n",
        nearestError,
        compensatedError,
        compensatedError / nearestError,
        nearestMseError,
        calibratedError,
        calibratedError / nearestMseError);
    assertThat(compensatedError).as("seed %d", seed).isLessThan(0.7 * nearestError);
    assertThat(calibratedError).as("seed %d", seed).isLessThan(0.7 * nearestMseError);
    assertThat(calibratedError).as("seed %d", seed).isLessThanOrEqualTo(compensatedError);
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"201", "202"})
  void inputsConstantOnTheCalibrationRows_leavePlainRounding(long seed) {
    System.out.println("ErrorCompensatingRoundingTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    double[][] x = new double[50][6];
    for (double[] row : x) {
      java.util.Arrays.fill(row, 3);
    }
    double[] w = random.doubles(6, -2, 2).toArray();
    UniformQuantizer q = UniformQuantizer.calibrateSymmetric(w, new NBits(3));
    long[] rounded = new ErrorCompensatingRounding(x).round(w, q);
    for (int j = 0; j < w.length; j++) {
      assertThat(rounded[j]).as("seed %d input %d", seed, j).isEqualTo(q.quantize(w[j]));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ragged", "wrong width", "no rows"})
  void badShapes_areRefused(String what) {
    UniformQuantizer q = UniformQuantizer.calibrateSymmetric(new double[] {1, -1}, new NBits(3));
    switch (what) {
      case "ragged" ->
          assertThatThrownBy(() -> new ErrorCompensatingRounding(new double[][] {{1, 2}, {3}}))
              .hasMessageContaining("calibration rows must all have 2 inputs, found one of 1");
      case "wrong width" ->
          assertThatThrownBy(
                  () ->
                      new ErrorCompensatingRounding(new double[][] {{1, 2}, {3, 4}})
                          .round(new double[] {1, 2, 3}, q))
              .hasMessageContaining("expected 2 weights (one per input), found 3");
      default ->
          assertThatThrownBy(() -> new ErrorCompensatingRounding(new double[0][]))
              .hasMessageContaining("needs calibration rows");
    }
  }

  private static double centredOutputError(
      double[][] x, double[] w, long[] rounded, UniformQuantizer q) {
    int n = w.length;
    double[] mean = new double[n];
    for (double[] row : x) {
      for (int j = 0; j < n; j++) {
        mean[j] += row[j] / x.length;
      }
    }
    double sum = 0;
    for (double[] row : x) {
      double e = 0;
      for (int j = 0; j < n; j++) {
        e += (w[j] - q.dequantize(rounded[j])) * (row[j] - mean[j]);
      }
      sum += e * e;
    }
    return sum;
  }
}
