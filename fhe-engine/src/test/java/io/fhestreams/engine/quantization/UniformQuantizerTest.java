package io.fhestreams.engine.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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
      assertThat(Math.abs(q.dequantize(i) - v)).as("seed %d value %f", seed, v).isLessThanOrEqualTo(q.scale() / 2 + 1e-9);
    }
  }

  @Test
  void shouldMapCalibrationExtremesOntoTheIntegerRange() {
    UniformQuantizer q = UniformQuantizer.calibrateAffine(new double[] {2.0, 5.0, 3.0}, new NBits(4));
    assertThat(q.quantize(2.0)).isZero();
    assertThat(q.quantize(5.0)).isEqualTo(15);
    assertThat(q.quantize(100.0)).as("clamped").isEqualTo(15);
    assertThat(q.quantize(-100.0)).as("clamped").isZero();
  }

  @Test
  void shouldQuantizeSymmetricallyWithZeroPointZero() {
    UniformQuantizer q = UniformQuantizer.calibrateSymmetric(new double[] {-2.0, 0.5, 1.0}, new NBits(8));
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
    assertThatThrownBy(() -> new UniformQuantizer(0, 0, new NBits(8), false)).hasMessageContaining("scale");
    assertThatThrownBy(() -> new NBits(0)).hasMessageContaining("[1, 16], found 0");
    assertThatThrownBy(() -> UniformQuantizer.calibrateAffine(new double[0], new NBits(8))).hasMessageContaining("no values");
    assertThatThrownBy(() -> UniformQuantizer.calibrateAffine(new double[] {1, Double.NaN}, new NBits(8)))
        .hasMessageContaining("finite");
    UniformQuantizer q = UniformQuantizer.calibrateAffine(new double[] {0, 1}, new NBits(8));
    assertThatThrownBy(() -> q.quantize(Double.NaN)).hasMessageContaining("NaN");
  }
}
