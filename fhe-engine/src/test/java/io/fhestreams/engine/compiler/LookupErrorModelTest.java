package io.fhestreams.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.circuit.Operation;
import io.fhestreams.engine.circuit.ValueRange;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LookupErrorModelTest {

  @Test
  void flipProbability_matchesMonteCarlo_forRoundedAndInjectiveTables() {
    long[] runs = new long[128];
    long[] injective = new long[128];
    for (int a = 0; a < 128; a++) {
      runs[a] = Math.floorDiv(a + 4, 8); // round(a / 8), half up: runs of 8
      injective[a] = a;
    }
    ValueRange range = new ValueRange(0, 127);
    for (double sigma : new double[] {0.3, 1.0, 2.5}) {
      for (long[] table : new long[][] {runs, injective}) {
        Operation.TableLookup lookup = new Operation.TableLookup(0, 0, table);
        double model = LookupErrorModel.flipProbability(lookup, range, sigma);
        long seed = Double.doubleToLongBits(sigma) ^ table.length;
        double measured = monteCarlo(table, sigma, new SplittableRandom(seed));
        assertThat(model).as("sigma %s, seed %d", sigma, seed).isCloseTo(measured,
            org.assertj.core.data.Offset.offset(0.05 * measured + 1e-3));
      }
    }
  }

  @Test
  void flipProbability_isZeroWithoutNoise_andForAConstantTableInsideItsDomain() {
    long[] constant = new long[64];
    Operation.TableLookup lookup = new Operation.TableLookup(0, 0, constant);
    assertThat(LookupErrorModel.flipProbability(lookup, new ValueRange(0, 63), 0)).isZero();
    // far from the domain's ends, nothing can flip
    assertThat(LookupErrorModel.flipProbability(lookup, new ValueRange(20, 40), 1.0)).isLessThan(1e-20);
  }

  private static double monteCarlo(long[] table, double sigma, SplittableRandom random) {
    int n = 400_000;
    int flips = 0;
    for (int i = 0; i < n; i++) {
      int a = random.nextInt(table.length);
      long read = a + Math.round(random.nextGaussian() * sigma);
      flips += read < 0 || read >= table.length || table[(int) read] != table[a] ? 1 : 0;
    }
    return flips / (double) n;
  }
}
