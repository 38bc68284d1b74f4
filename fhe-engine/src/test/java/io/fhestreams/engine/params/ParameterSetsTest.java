package io.fhestreams.engine.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.NoiseDistribution.TUniform;
import org.junit.jupiter.api.Test;

class ParameterSetsTest {

    @Test
    void shouldFindEverySetById() {
        for (ParameterSet set : ParameterSets.all()) {
            assertThat(ParameterSets.byId(set.id())).isSameAs(set);
            assertThat(set.source()).contains("zama-ai/tfhe-rs").contains("ks_pbs.rs");
        }
        assertThat(ParameterSets.all()).hasSize(4);
    }

    @Test
    void byIdWithUnknownId_failsNamingKnownIds() {
        assertThatThrownBy(() -> ParameterSets.byId("NOPE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter set id 'NOPE'")
                .hasMessageContaining("V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64");
    }

    @Test
    void shouldCarryPublishedValuesOfThe4BitSet() {
        ParameterSet p = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
        assertThat(p.messageBits()).isEqualTo(4);
        assertThat(p.lweDimension().value()).isEqualTo(879);
        assertThat(p.glweDimension().value()).isEqualTo(1);
        assertThat(p.polynomialSize().value()).isEqualTo(2048);
        assertThat(p.lweNoise()).isEqualTo(new TUniform(46));
        assertThat(p.glweNoise()).isEqualTo(new TUniform(17));
        assertThat(p.pbsBaseLog().value()).isEqualTo(23);
        assertThat(p.pbsLevel().value()).isEqualTo(1);
        assertThat(p.ksBaseLog().value()).isEqualTo(3);
        assertThat(p.ksLevel().value()).isEqualTo(5);
        assertThat(p.log2PFailPerPbs()).isEqualTo(-72.178);
        assertThat(p.delta()).isEqualTo(1L << 59);
        assertThat(p.bigLweDimension().value()).isEqualTo(2048);
    }

    @Test
    void shouldEncodeLeveledSetWithoutPadding() {
        ParameterSet p = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;
        assertThat(p.supportsBootstrap()).isFalse();
        assertThat(p.delta()).isEqualTo(1L << 40);
        assertThat(p.log2PFailPerPbs()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(p.bigLweDimension().value()).isEqualTo(2048);
    }

    @Test
    void shouldComputeTUniformVariance() {
        assertThat(new TUniform(0).varianceInteger()).isEqualTo(0.5);
        // Values -1, 0, 1 with probabilities 1/4, 1/2, 1/4: variance 1/2 = (2^1 + 1)/6.
        assertThat(new TUniform(17).varianceInteger()).isEqualTo((Math.pow(2, 35) + 1) / 6);
    }

    @Test
    void newtypesWithInvalidValues_fail() {
        assertThatThrownBy(() -> new PolynomialSize(3)).hasMessageContaining("power of two >= 4, found 3");
        assertThatThrownBy(() -> new LweDimension(0)).hasMessageContaining("found 0");
        assertThatThrownBy(() -> new DecompositionBaseLog(64)).hasMessageContaining("[1, 63], found 64");
        assertThatThrownBy(() -> new TUniform(-1)).hasMessageContaining("found -1");
        assertThatThrownBy(() -> new NoiseDistribution.Gaussian(0.0)).hasMessageContaining("found 0.0");
    }

    @Test
    void parameterSetWithTooManyMessageBitsForN_fails() {
        ParameterSet p = ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64;
        assertThatThrownBy(() -> new ParameterSet("X", p.kind(), 10, p.lweDimension(), p.glweDimension(),
                p.polynomialSize(), p.lweNoise(), p.glweNoise(), p.pbsBaseLog(), p.pbsLevel(), p.ksBaseLog(),
                p.ksLevel(), p.modulusSwitch(), -64, "test"))
                .hasMessageContaining("2^10 > N = 512");
    }
}
