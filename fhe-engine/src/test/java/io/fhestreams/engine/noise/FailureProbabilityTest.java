package io.fhestreams.engine.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureProbabilityTest {

  /** Reference values: mpmath 1.3, 40 digits, {@code log(erfc(x), 2)}. */
  @ParameterizedTest
  @CsvSource({
    "0, 0.0",
    "0.1, -0.1721206939643286482",
    "0.5, -1.0603969120141556747",
    "1, -2.6684166967815995957",
    "2, -7.739974157122986997",
    "2.4999, -11.262081464119846101",
    "2.5, -11.262853679099844669",
    "3, -15.466214597195473333",
    "5, -39.242588455115306229",
    "9.4, -131.54299397853275803",
    "20, -582.22749028292762118",
    "40, -2314.4601920724865782",
    "100, -14434.420085269882381",
    "1000, -1442705.8324220341522",
    "-1, 0.8818218335452197832"
  })
  void shouldMatchHighPrecisionErfc(double x, double expectedLog2) {
    assertThat(FailureProbability.log2Erfc(x))
        .isCloseTo(expectedLog2, within(1e-11 * Math.max(1.0, Math.abs(expectedLog2))));
  }

  @Test
  void shouldBeMonotoneAcrossTheSeriesContinuedFractionSwitch() {
    double previous = FailureProbability.log2Erfc(0.0);
    for (double x = 0.001; x < 30.0; x += 0.001) {
      double v = FailureProbability.log2Erfc(x);
      assertThat(v).as("x=%f", x).isLessThan(previous);
      previous = v;
    }
  }

  @Test
  void shouldGiveTheGaussianTail() {
    // P(|X| >= 3σ) = 0.0026997960632601866 for a normal variable.
    double sigma = 0x1p-20;
    assertThat(Math.pow(2.0, FailureProbability.log2PFail(sigma * sigma, 3 * sigma)))
        .isCloseTo(0.0026997960632601866, within(1e-15));
  }

  @Test
  void nonPositiveVariance_fails() {
    assertThatThrownBy(() -> FailureProbability.log2PFail(0.0, 1e-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 0.0");
  }
}
