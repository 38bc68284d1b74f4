package io.fhestreams.ml.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.compiler.CompileOptions;
import io.fhestreams.ml.models.nn.FheNeuralNetClassifier;
import io.fhestreams.ml.models.nn.NetQuantization;
import io.fhestreams.ml.quantization.NBits;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCompileOptionsTest {

  @Test
  void unsetSettings_takeTheFamilysDefaults() {
    ModelCompileOptions defaults = ModelCompileOptions.defaults();
    assertThat(defaults.nBits()).isEmpty();
    assertThat(defaults.compilerOptions(CompileOptions.DEFAULT_CANDIDATES))
        .isEqualTo(CompileOptions.defaults());
    assertThat(defaults.compilerOptions(FheNeuralNetClassifier.candidates()).candidates())
        .isEqualTo(FheNeuralNetClassifier.candidates());
    assertThat(FheNeuralNetClassifier.quantization(defaults))
        .isEqualTo(
            NetQuantization.uniform(
                FheNeuralNetClassifier.DEFAULT_N_BITS,
                FheNeuralNetClassifier.DEFAULT_ROUNDING_BITS));
  }

  @Test
  void setSettings_overrideTheFamilysDefaults() {
    ModelCompileOptions o =
        ModelCompileOptions.defaults()
            .withNBits(new NBits(5))
            .withWeightBits(new NBits(4))
            .withRoundingBits(0)
            .withLog2PFailTarget(-64)
            .withCandidates(ParameterSets.tuniform2M128());
    assertThat(FheNeuralNetClassifier.quantization(o))
        .isEqualTo(
            new NetQuantization(new NBits(5), List.of(new NBits(4)), List.of(new NBits(5)), 0));
    CompileOptions compiler = o.compilerOptions(CompileOptions.DEFAULT_CANDIDATES);
    assertThat(compiler.log2PFailTarget()).isEqualTo(-64);
    assertThat(compiler.candidates()).isEqualTo(ParameterSets.tuniform2M128());
    assertThat(o.toString()).contains("nBits=5", "weightBits=4", "roundingBits=0");
  }

  @Test
  void badValues_failAtOnceQuotingThem() {
    ModelCompileOptions o = ModelCompileOptions.defaults();
    assertThatThrownBy(() -> o.withLog2PFailTarget(0))
        .hasMessage("log2 p_fail target must be < 0, found 0.0");
    assertThatThrownBy(() -> o.withLeafBits(0)).hasMessageContaining("found 0");
    assertThatThrownBy(() -> o.withRoundingBits(17)).hasMessageContaining("found 17");
    assertThatThrownBy(() -> o.withCandidates(List.of()))
        .hasMessageContaining("at least one candidate");
  }
}
