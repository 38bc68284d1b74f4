package io.fhestreams.ml.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuantizedLinearTest {

  /**
   * y = t ⊙ (M·q + c) must equal W·dequantize(q) + b up to the weight rounding, for many random
   * maps.
   */
  @ParameterizedTest
  @ValueSource(ints = {6, 8, 10})
  void shouldApproximateTheRealMapOnQuantizedInputs(int bits) {
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom random = new SplittableRandom(seed * 31 + bits);
      int n = 1 + random.nextInt(12);
      int m = 1 + random.nextInt(4);
      double[][] w = new double[m][n];
      double[] b = new double[m];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          w[i][j] = random.nextDouble(-5, 5);
        }
        b[i] = random.nextDouble(-10, 10);
      }
      AffineMap map = AffineMap.of(w, b);
      double[][] data = new double[50][n];
      for (double[] row : data) {
        for (int j = 0; j < n; j++) {
          row[j] = random.nextDouble(-20, 40) * (j + 1);
        }
      }
      List<UniformQuantizer> quantizers = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        final int col = j;
        quantizers.add(
            UniformQuantizer.calibrateAffine(
                java.util.Arrays.stream(data).mapToDouble(r -> r[col]).toArray(), new NBits(bits)));
      }
      QuantizedLinear ql = QuantizedLinear.quantize(map, quantizers, new NBits(bits));
      for (double[] row : data) {
        long[] q = ql.quantizeInput(row);
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
          x[j] = quantizers.get(j).dequantize(q[j]);
        }
        double[] expected = map.apply(x);
        double[] actual = ql.dequantize(ql.accumulate(q));
        for (int i = 0; i < m; i++) {
          // each weight is off by at most t/2 per unit of |q − z|, the bias by t/2
          double t = ql.outputScales()[i];
          double bound = t / 2;
          for (int j = 0; j < n; j++) {
            bound += t / 2 * Math.abs(q[j] - quantizers.get(j).zeroPoint());
          }
          assertThat(Math.abs(actual[i] - expected[i]))
              .as("seed %d output %d", seed, i)
              .isLessThanOrEqualTo(bound + 1e-9 * (1 + Math.abs(expected[i])));
        }
      }
    }
  }

  @Test
  void shouldBeExactForIntegerWeightsOnIntegerInputs() {
    // max |w| = 7 on 4 signed bits gives weight scale 1: integer weights quantize without loss
    AffineMap map = AffineMap.of(new double[][] {{7, -7, 1}}, new double[] {3});
    List<UniformQuantizer> q =
        List.of(
            new UniformQuantizer(1, 0, new NBits(4), false),
            new UniformQuantizer(1, 0, new NBits(4), false),
            new UniformQuantizer(1, 0, new NBits(4), false));
    QuantizedLinear ql = QuantizedLinear.quantize(map, q, new NBits(4));
    double[] y = ql.dequantize(ql.accumulate(new long[] {5, 1, 7}));
    assertThat(y[0]).isCloseTo(7 * 5 - 7 + 7 + 3, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void mismatchedShapes_fail() {
    AffineMap map = AffineMap.of(new double[][] {{1, 2}}, new double[] {0});
    List<UniformQuantizer> one = List.of(new UniformQuantizer(1, 0, new NBits(4), false));
    assertThatThrownBy(() -> QuantizedLinear.quantize(map, one, new NBits(4)))
        .hasMessageContaining("expected 2, found 1");
    QuantizedLinear ql =
        QuantizedLinear.quantize(map, List.of(one.get(0), one.get(0)), new NBits(4));
    assertThatThrownBy(() -> ql.accumulate(new long[3]))
        .hasMessageContaining("expected 2, found 3");
  }
}
