package io.fhestreams.engine.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fhestreams.engine.params.MultiBitParameterSet;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoiseModelTest {
  /**
   * tfhe-rs {@code max_noise_level} ν of each published set (PARAMETERS.md: 3 / 5 / 9 for 1_1 / 2_2
   * / 3_3, in both families; the "2-norm" of the source comments): the published p_fail is that of
   * a lookup whose input is a sum of bootstrapped values with ||w||_2 = ν.
   */
  private static final Map<ParameterSet, Integer> NU =
      Map.of(
          ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64, 3,
          ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64, 5,
          ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64, 9,
          ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M128, 3,
          ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128, 5,
          ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M128, 9);

  /**
   * Every published PBS set, the V1_1 2^-64 ones (standard modulus switch) and the V1_4 2^-128 ones
   * (centered-mean modulus switch): the model reproduces the published log2 p_fail to 0.05.
   */
  @Test
  void shouldReproduceThePublishedFailureProbabilityOfEachSet() {
    assertThat(NU.keySet())
        .containsExactlyInAnyOrderElementsOf(
            ParameterSets.all().stream().filter(ParameterSet::supportsBootstrap).toList());
    for (ParameterSet set : ParameterSets.all()) {
      if (!set.supportsBootstrap()) {
        continue;
      }
      NoiseModel model = NoiseModel.of(set);
      double nu = NU.get(set);
      NoiseEstimate estimate = model.beforeBootstrap(nu * nu);
      System.out.printf(
          "%s: %s -> predicted log2 p_fail %.3f, published %.3f%n",
          set.id(), model, estimate.log2PFail(), set.log2PFailPerPbs());
      assertThat(estimate.log2PFail()).as(set.id()).isCloseTo(set.log2PFailPerPbs(), within(0.05));
    }
  }

  /**
   * Every published multi-bit set (ν = 3 for 1_1, 5 for 2_2, the "2-norm" of the source comments):
   * the model with the multi-bit bootstrap and modulus switch reproduces the published log2 p_fail
   * to 0.05, as for the classic sets.
   */
  @Test
  void shouldReproduceThePublishedFailureProbabilityOfEachMultiBitSet() {
    for (MultiBitParameterSet set : ParameterSets.multiBit()) {
      NoiseModel model = NoiseModel.of(set);
      double nu = set.parameters().messageBits() == 2 ? 3 : 5;
      NoiseEstimate estimate = model.beforeBootstrap(nu * nu);
      System.out.printf(
          "%s: %s -> predicted log2 p_fail %.3f, published %.3f%n",
          set.id(), model, estimate.log2PFail(), set.parameters().log2PFailPerPbs());
      assertThat(estimate.log2PFail())
          .as(set.id())
          .isCloseTo(set.parameters().log2PFailPerPbs(), within(0.05));
    }
  }

  @Test
  void shouldInvertTheFailureTargetIntoAWeightBudget() {
    NoiseModel model = NoiseModel.of(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64);
    double budget = model.maxSumSquaredWeights(-40.0);
    assertThat(model.beforeBootstrap(budget).log2PFail()).isCloseTo(-40.0, within(1e-6));
    assertThat(model.beforeBootstrap(budget * 1.01).log2PFail()).isGreaterThan(-40.0);
    // ν² = 25 meets the set's own 2^-72 target, so the 2^-40 budget is larger.
    assertThat(budget).isGreaterThan(25.0);
    assertThat(model.maxSumSquaredWeights(-100000.0)).isZero();
  }

  @Test
  void shouldGrowVarianceWithTheWeightsNorm() {
    NoiseModel model = NoiseModel.of(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64);
    NoiseEstimate one = model.beforeBootstrap(1.0);
    NoiseEstimate many = model.beforeBootstrap(1000.0);
    assertThat(many.variance() - one.variance())
        .isCloseTo(999.0 * model.pbsOutputVariance(), within(1e-12 * many.variance()));
    assertThat(many.log2PFail()).isGreaterThan(one.log2PFail());
  }

  @Test
  void leveledSet_hasNoBootstrapEstimate() {
    NoiseModel model = NoiseModel.of(ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17);
    assertThatThrownBy(() -> model.beforeBootstrap(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leveled");
    // Δ = 2^40 for 24-bit leveled messages: Δ/2 = 2^-25 on the torus.
    assertThat(model.halfInterval()).isEqualTo(0x1p-25);
    // A dot product of 2^10 fresh values with weights of 2^10 each: Σw² = 2^30.
    NoiseEstimate dot =
        model.atDecryption(NoiseFormulas.linearCombination(model.freshVariance(), 0x1p30));
    assertThat(dot.log2PFail()).isLessThan(-1000.0);
  }
}
