package io.fhestreams.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.ParameterSets;
import org.junit.jupiter.api.Test;

class EvaluationKeysTest {

  @Test
  void keysOfAnotherParameterSet_areRefused() {
    EvaluationKeys k2 = TestKeys.evaluation(ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64);
    assertThatThrownBy(
            () ->
                new EvaluationKeys(
                    ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64,
                    k2.bootstrapKey(),
                    k2.keyswitchKey()))
        .hasMessageContaining("Mismatched bootstrap key input dimension")
        .hasMessageContaining("879")
        .hasMessageContaining("839");
  }

  @Test
  void leveledKeysHoldNoMaterial() {
    EvaluationKeys keys = EvaluationKeys.leveled(ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17);
    assertThat(keys.hasBootstrapKeys()).isFalse();
    assertThatThrownBy(keys::keyswitchKey).hasMessageContaining("is leveled");
  }
}
