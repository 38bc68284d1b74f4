package io.fhestreams.engine.random;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.params.NoiseDistribution;
import org.junit.jupiter.api.Test;

class NoiseGeneratorTest {

  @Test
  void shouldDrawTUniformInBoundsWithHalfWeightEndpoints() {
    NoiseGenerator g = NoiseGenerator.fresh();
    NoiseDistribution.TUniform d = new NoiseDistribution.TUniform(2);
    int samples = 200_000;
    int[] counts = new int[9];
    for (int i = 0; i < samples; i++) {
      long v = g.sample(d);
      assertThat(v).isBetween(-4L, 4L);
      counts[(int) v + 4]++;
    }
    // interior probability 2^-3, endpoints 2^-4
    for (int v = -4; v <= 4; v++) {
      double expected = (v == -4 || v == 4 ? 1.0 / 16 : 1.0 / 8) * samples;
      assertThat((double) counts[v + 4])
          .as("count of %d", v)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(6 * Math.sqrt(expected)));
    }
  }

  @Test
  void shouldMatchPublishedVariances() {
    NoiseGenerator g = NoiseGenerator.fresh();
    for (NoiseDistribution d :
        new NoiseDistribution[] {
          new NoiseDistribution.TUniform(17),
          new NoiseDistribution.TUniform(46),
          new NoiseDistribution.Gaussian(3.5539902359442825e-6)
        }) {
      int samples = 100_000;
      double sumSq = 0;
      double sum = 0;
      for (int i = 0; i < samples; i++) {
        double v = g.sample(d);
        sum += v;
        sumSq += v * v;
      }
      double variance = sumSq / samples;
      assertThat(variance / d.varianceInteger()).as("%s", d).isBetween(0.97, 1.03);
      assertThat(Math.abs(sum / samples))
          .as("mean of %s", d)
          .isLessThan(5 * Math.sqrt(d.varianceInteger() / samples));
    }
  }

  @Test
  void shouldDrawBalancedBinaryKeys() {
    long[] bits = new long[100_000];
    NoiseGenerator.fresh().fillBinary(bits);
    long ones = java.util.Arrays.stream(bits).peek(b -> assertThat(b).isIn(0L, 1L)).sum();
    assertThat((double) ones).isCloseTo(50_000, org.assertj.core.data.Offset.offset(1_000.0));
  }
}
