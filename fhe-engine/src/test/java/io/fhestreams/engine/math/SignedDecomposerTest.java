package io.fhestreams.engine.math;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignedDecomposerTest {

  @Test
  void shouldRecomposeToClosestRepresentableWithDigitsInRange() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] shapes = {{3, 5}, {4, 3}, {23, 1}, {15, 2}, {11, 3}, {1, 22}, {8, 8}, {16, 4}};
    for (int[] shape : shapes) {
      SignedDecomposer d =
          new SignedDecomposer(
              new DecompositionBaseLog(shape[0]), new DecompositionLevelCount(shape[1]));
      long[] digits = new long[shape[1]];
      long half = 1L << (shape[0] - 1);
      for (int i = 0; i < 20_000; i++) {
        long x = rnd.nextLong();
        d.decompose(x, digits);
        for (long digit : digits) {
          assertThat(digit)
              .as("digit of %d, shape %d/%d, seed %d", x, shape[0], shape[1], seed)
              .isBetween(-half, half - 1);
        }
        long closest = d.closestRepresentable(x);
        assertThat(d.recompose(digits)).isEqualTo(closest);
        int bits = shape[0] * shape[1];
        if (bits < 64) {
          // closest is within half a step of x
          long err = x - closest;
          assertThat(Math.abs((double) err)).isLessThanOrEqualTo(Math.scalb(1.0, 63 - bits));
          assertThat(closest & ((1L << (64 - bits)) - 1)).isZero();
        }
      }
    }
  }
}
