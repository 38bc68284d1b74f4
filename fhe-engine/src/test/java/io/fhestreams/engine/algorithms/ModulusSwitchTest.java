package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ModulusSwitchKind;
import io.fhestreams.engine.params.PolynomialSize;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModulusSwitchTest {

  @Test
  void shouldRoundToNearestMultipleOf2To64Over2N() {
    // N = 1024: 2N = 2^11, grid step 2^53
    long[] data = {0, (1L << 53) - 1 - (1L << 51), (1L << 52), -1, Long.MIN_VALUE, -(1L << 52) - 1};
    int[] out =
        ModulusSwitch.switchNew(
            new LweCiphertext(data, new LweDimension(5)),
            new PolynomialSize(1024),
            ModulusSwitchKind.STANDARD);
    assertThat(out).containsExactly(0, 1, 1, 0, 1024, 2047);
  }

  /**
   * tfhe-rs {@code test_ms_halving_correction} ({@code core_crypto/algorithms/modulus_switch.rs}):
   * mask (1, 1), log2 2N = 12: each mask rounding error is −1, each halves to 0 with a halving
   * error, and the summed halving errors restore Σ e_i/2 = −1; the correction is −1 − 2^51.
   */
  @Test
  void centeredMeanCorrection_keepsTheHalvingErrorsExact() {
    assertThat(ModulusSwitch.centeredMeanBodyCorrection(new long[] {1, 1, 0}, 0, 3, 12))
        .isEqualTo(-1 - (1L << 51));
    // Three odd errors 2^51 - 1 (2^51 + 1 rounds up to 2^52): Σ e/2 = 3·2^50 - 3/2, kept within 1/2
    // as 3·2^50 - 2.
    long a = (1L << 51) + 1;
    assertThat(ModulusSwitch.centeredMeanBodyCorrection(new long[] {a, a, a, 7}, 0, 4, 12))
        .isEqualTo(3 * (1L << 50) - 2 - (1L << 51));
  }

  @Test
  void centeredMean_switchesTheMaskAsStandardAndCorrectsTheBody() {
    long step = 1L << 53; // N = 1024
    long[] data = {step + 5, 3 * step - 7, -1, step / 2 + step};
    int[] standard =
        ModulusSwitch.switchNew(
            new LweCiphertext(data, new LweDimension(3)),
            new PolynomialSize(1024),
            ModulusSwitchKind.STANDARD);
    int[] centered =
        ModulusSwitch.switchNew(
            new LweCiphertext(data, new LweDimension(3)),
            new PolynomialSize(1024),
            ModulusSwitchKind.CENTERED_MEAN);
    assertThat(Arrays.copyOf(centered, 3)).containsExactly(Arrays.copyOf(standard, 3));
    // Mask errors -5, +7, +1: halves -2, 3, 0 with halving errors +1, -1, -1, whose sum -1 halves
    // to 0,
    // so Σ e/2 = 3/2 is kept as 1; then minus half a step.
    long correction = ModulusSwitch.centeredMeanBodyCorrection(data, 0, 4, 11);
    assertThat(correction).isEqualTo(1 - step / 2);
    // Body 1.5 steps: the standard switch rounds it to 2, the centered one rounds 1.5 steps + 1 -
    // 0.5 step to 1.
    assertThat(standard[3]).isEqualTo(2);
    assertThat(centered[3]).isEqualTo(1);
  }

  /**
   * As tfhe-rs' {@code check_noise_centered_binary_modulus_switch_noise} and {@code
   * check_centered_modulus_switch_is_centered}: noiseless encryptions of 0 under a binary key (n =
   * 800, 2N = 2^12). The standard switch leaves the decoded index with mean 0, half a grid step off
   * the centre of the lookup box [-h, h), whose centre is −1/2; the centered-mean switch puts it
   * there, and halves the mask rounding variance (n/24 → n/48 grid steps², plus 1/12 of the body's
   * rounding).
   */
  @Test
  void centeredMean_isCenteredOnTheLookupBoxAndHalvesTheMaskRoundingVariance() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 800;
    int log2Modulus = 12;
    long[] key = rnd.longs(n, 0, 2).toArray();
    int samples = 20_000;
    double[] sum = new double[2];
    double[] sumSq = new double[2];
    ModulusSwitchKind[] kinds = {ModulusSwitchKind.STANDARD, ModulusSwitchKind.CENTERED_MEAN};
    long[] ct = new long[n + 1];
    int[] out = new int[n + 1];
    for (int s = 0; s < samples; s++) {
      long body = 0;
      for (int i = 0; i < n; i++) {
        ct[i] = rnd.nextLong();
        body += ct[i] * key[i];
      }
      ct[n] = body;
      for (int k = 0; k < kinds.length; k++) {
        ModulusSwitch.switchInto(ct, 0, n + 1, log2Modulus, kinds[k], out);
        long phase = out[n];
        for (int i = 0; i < n; i++) {
          phase -= out[i] * key[i];
        }
        long index = (phase << (64 - log2Modulus)) >> (64 - log2Modulus);
        sum[k] += index;
        sumSq[k] += (double) index * index;
      }
    }
    double ones = Arrays.stream(key).sum();
    double[] mean = new double[2];
    double[] variance = new double[2];
    for (int k = 0; k < 2; k++) {
      mean[k] = sum[k] / samples;
      variance[k] = sumSq[k] / samples - mean[k] * mean[k];
    }
    assertThat(mean[0]).as("standard mean (seed %d)", seed).isCloseTo(0.0, within(0.15));
    assertThat(mean[1]).as("centered mean (seed %d)", seed).isCloseTo(-0.5, within(0.15));
    // grid-step variances: standard ones/12 + 1/12, centered n/48 + 1/12
    assertThat(variance[0] / (ones / 12 + 1.0 / 12))
        .as("standard variance (seed %d)", seed)
        .isCloseTo(1.0, within(0.05));
    assertThat(variance[1] / (n / 48.0 + 1.0 / 12))
        .as("centered variance (seed %d)", seed)
        .isCloseTo(1.0, within(0.05));
  }

  /**
   * The 32-bit form agrees with the 64-bit switch of x·2^32: the mask exactly, the body up to a
   * tie.
   */
  @Test
  void centeredMean_onKeyTorusAgreesWithItsSixtyFourBitScaling() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int size = 919;
    int bodyDifferences = 0;
    int trials = 2_000;
    for (int t = 0; t < trials; t++) {
      int log2Modulus = 10 + t % 5;
      int[] values = rnd.ints(size).toArray();
      long[] scaled = Arrays.stream(values).mapToLong(v -> (long) v << 32).toArray();
      int[] expected = new int[size];
      ModulusSwitch.switchInto(
          scaled, 0, size, log2Modulus, ModulusSwitchKind.CENTERED_MEAN, expected);
      ModulusSwitch.switchKeyTorusInPlace(
          values, size, log2Modulus, ModulusSwitchKind.CENTERED_MEAN);
      assertThat(Arrays.copyOf(values, size - 1))
          .as("seed %d", seed)
          .isEqualTo(Arrays.copyOf(expected, size - 1));
      int difference = Math.floorMod(values[size - 1] - expected[size - 1], 1 << log2Modulus);
      assertThat(difference).as("body, seed %d", seed).isIn(0, 1, (1 << log2Modulus) - 1);
      bodyDifferences += difference == 0 ? 0 : 1;
    }
    assertThat(bodyDifferences).as("seed %d", seed).isLessThan(trials / 100);
  }

  @Test
  void missingKind_isRefusedNamingTheKinds() {
    assertThatThrownBy(
            () ->
                ModulusSwitch.switchNew(
                    new LweCiphertext(new long[3], new LweDimension(2)),
                    new PolynomialSize(1024),
                    null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("expected one of [STANDARD, CENTERED_MEAN], found null");
  }

  /**
   * From the 32-bit key-switch output: the same as switching the value scaled by 2^32 from 2^64.
   */
  @Test
  void shouldSwitchKeyTorusValuesAsTheirSixtyFourBitScaling() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int log2N : new int[] {9, 11, 13}) {
      int[] values = new int[2000];
      for (int i = 0; i < values.length; i++) {
        values[i] =
            i < 4 ? new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[i] : rnd.nextInt();
      }
      long[] scaled = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        scaled[i] = (long) values[i] << 32;
      }
      int[] expected = new int[values.length];
      ModulusSwitch.switchInto(
          scaled, 0, scaled.length, log2N + 1, ModulusSwitchKind.STANDARD, expected);
      ModulusSwitch.switchKeyTorusInPlace(
          values, values.length, log2N + 1, ModulusSwitchKind.STANDARD);
      assertThat(values).as("seed %d, N = 2^%d", seed, log2N).isEqualTo(expected);
    }
  }
}
