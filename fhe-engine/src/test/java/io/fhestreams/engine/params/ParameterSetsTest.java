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
    assertThat(ParameterSets.all()).hasSize(7);
    assertThat(ParameterSets.all())
        .containsAll(ParameterSets.tuniform2M64())
        .containsAll(ParameterSets.tuniform2M128());
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

  /**
   * The V1_4 2^-128 sets as published in tfhe-rs {@code
   * v1_4/classic/tuniform/p_fail_2_minus_128/ks_pbs.rs}. Columns: messageBits, n, k, N, lwe TU,
   * glwe TU, PBS base log/level, KS base log/level, log2 p_fail.
   */
  @Test
  void shouldCarryPublishedValuesOfThe2M128Sets() {
    Object[][] rows = {
      {
        ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M128,
        2,
        879,
        4,
        512,
        46,
        17,
        23,
        1,
        5,
        3,
        -144.322
      },
      {
        ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128,
        4,
        918,
        1,
        2048,
        45,
        17,
        23,
        1,
        4,
        4,
        -129.581
      },
      {
        ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M128,
        6,
        1077,
        1,
        8192,
        41,
        3,
        15,
        2,
        4,
        5,
        -128.992
      }
    };
    for (Object[] r : rows) {
      ParameterSet p = (ParameterSet) r[0];
      assertThat(p.id()).startsWith("V1_4_PARAM_MESSAGE_").endsWith("_KS_PBS_TUNIFORM_2M128");
      assertThat(p.source())
          .contains("v1_4/classic/tuniform/p_fail_2_minus_128/ks_pbs.rs")
          .endsWith(p.id());
      assertThat(p.kind()).isEqualTo(ParameterSet.Kind.PROGRAMMABLE_BOOTSTRAP);
      assertThat(
              new int[] {
                p.messageBits(),
                p.lweDimension().value(),
                p.glweDimension().value(),
                p.polynomialSize().value(),
                p.pbsBaseLog().value(),
                p.pbsLevel().value(),
                p.ksBaseLog().value(),
                p.ksLevel().value()
              })
          .as(p.id())
          .containsExactly(
              (int) r[1],
              (int) r[2],
              (int) r[3],
              (int) r[4],
              (int) r[7],
              (int) r[8],
              (int) r[9],
              (int) r[10]);
      assertThat(p.lweNoise()).isEqualTo(new TUniform((int) r[5]));
      assertThat(p.glweNoise()).isEqualTo(new TUniform((int) r[6]));
      assertThat(p.modulusSwitch()).isEqualTo(ModulusSwitchKind.CENTERED_MEAN);
      assertThat(p.log2PFailPerPbs()).isEqualTo((double) r[11]);
      assertThat(ParameterSets.byId(p.id())).isSameAs(p);
    }
    assertThat(ParameterSets.tuniform2M64())
        .allSatisfy(p -> assertThat(p.modulusSwitch()).isEqualTo(ModulusSwitchKind.STANDARD));
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
    assertThatThrownBy(() -> new PolynomialSize(3))
        .hasMessageContaining("power of two >= 4, found 3");
    assertThatThrownBy(() -> new LweDimension(0)).hasMessageContaining("found 0");
    assertThatThrownBy(() -> new DecompositionBaseLog(64))
        .hasMessageContaining("[1, 63], found 64");
    assertThatThrownBy(() -> new TUniform(-1)).hasMessageContaining("found -1");
    assertThatThrownBy(() -> new NoiseDistribution.Gaussian(0.0)).hasMessageContaining("found 0.0");
  }

  @Test
  void parameterSetWithTooManyMessageBitsForN_fails() {
    ParameterSet p = ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64;
    assertThatThrownBy(
            () ->
                new ParameterSet(
                    "X",
                    p.kind(),
                    10,
                    p.lweDimension(),
                    p.glweDimension(),
                    p.polynomialSize(),
                    p.lweNoise(),
                    p.glweNoise(),
                    p.pbsBaseLog(),
                    p.pbsLevel(),
                    p.ksBaseLog(),
                    p.ksLevel(),
                    p.modulusSwitch(),
                    -64,
                    "test"))
        .hasMessageContaining("2^10 > N = 512");
  }

  @Test
  void widenedSet_keepsTheCryptoOfItsBase_andIsFoundById() {
    ParameterSet base = ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64;
    ParameterSet w = ParameterSets.widened(base, 10);
    assertThat(w.messageBits()).isEqualTo(10);
    assertThat(w.delta()).isEqualTo(base.delta() >> 4);
    assertThat(w.lweDimension()).isEqualTo(base.lweDimension());
    assertThat(w.polynomialSize()).isEqualTo(base.polynomialSize());
    assertThat(w.glweNoise()).isEqualTo(base.glweNoise());
    assertThat(w.pbsLevel()).isEqualTo(base.pbsLevel());
    assertThat(ParameterSets.byId(w.id())).isEqualTo(w);
    assertThat(ParameterSets.widened(base, base.messageBits())).isSameAs(base);
  }

  @Test
  void widening_aLeveledOrWidenedSetOrNarrowing_isRefused() {
    ParameterSet w = ParameterSets.widened(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64, 6);
    assertThatThrownBy(() -> ParameterSets.widened(w, 7))
        .hasMessageContaining("only a published PBS set");
    assertThatThrownBy(
            () -> ParameterSets.widened(ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17, 30))
        .hasMessageContaining("only a published PBS set");
    assertThatThrownBy(
            () -> ParameterSets.widened(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64, 3))
        .hasMessageContaining("already holds 4");
    assertThatThrownBy(
            () -> ParameterSets.byId(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64.id() + "/Wx"))
        .hasMessageContaining("bad message width");
  }

  /**
   * Approximate rounding, for real: a 7-bit accumulator under the 4-bit set's keys, bootstrapped
   * through a table constant on runs of 8 (it reads the top 4 bits). Away from a run's edge the
   * result is the exactly rounded one; next to an edge it may be a neighbouring run's value, never
   * anything else.
   */
  @Test
  void widenedSet_bootstrapReadsTheTopBitsOfAWideAccumulator() {
    ParameterSet w = ParameterSets.widened(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64, 7);
    io.fhestreams.engine.keys.ClientKey key = io.fhestreams.engine.keys.ClientKey.generate(w);
    io.fhestreams.engine.keys.Evaluator evaluator =
        new io.fhestreams.engine.keys.Evaluator(key.generateEvaluationKeys());
    java.util.function.LongUnaryOperator rounded = a -> 3 * Math.min(15, Math.floorDiv(a + 4, 8));
    io.fhestreams.engine.entities.LookupTable table = evaluator.lookupTable(rounded);
    long seed = 20261124L;
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    long[] messages = new long[48];
    for (int i = 0; i < messages.length; i++) {
      messages[i] = random.nextLong(4, 124);
    }
    io.fhestreams.engine.entities.LweCiphertext[] out =
        evaluator.bootstrapAll(key.encrypt(messages), table);
    int exactAwayFromEdges = 0;
    for (int i = 0; i < messages.length; i++) {
      long a = messages[i];
      long got = key.decrypt(out[i]);
      long edgeDistance = Math.min(Math.floorMod(a + 4, 8), 7 - Math.floorMod(a + 4, 8));
      if (edgeDistance >= 1) {
        assertThat(got).as("a = %d (seed %d)", a, seed).isEqualTo(rounded.applyAsLong(a));
        exactAwayFromEdges++;
      } else {
        assertThat(got)
            .as("a = %d at a run edge (seed %d)", a, seed)
            .isIn(rounded.applyAsLong(a - 1), rounded.applyAsLong(a), rounded.applyAsLong(a + 1));
      }
    }
    assertThat(exactAwayFromEdges).isGreaterThan(30);
  }

  @Test
  void multiBitSetsAreFoundByIdAndValidated() {
    assertThat(ParameterSets.multiBit()).hasSize(4);
    for (MultiBitParameterSet set : ParameterSets.multiBit()) {
      assertThat(ParameterSets.multiBitById(set.id())).isSameAs(set);
      assertThat(set.parameters().source())
          .contains("v1_1/multi_bit/tuniform/p_fail_2_minus_128/ks_pbs.rs");
      assertThat(ParameterSets.all()).doesNotContain(set.parameters());
    }
    assertThatThrownBy(() -> ParameterSets.multiBitById("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known: [MULTI_BIT_GROUP_2_MESSAGE_1_CARRY_1");
    ParameterSet p = ParameterSets.MULTI_BIT_GROUP_3_MESSAGE_1_CARRY_1_TUNIFORM_2M128.parameters();
    assertThatThrownBy(() -> new MultiBitParameterSet(p, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groupingFactor 2 does not divide the small LWE dimension n = 801");
    assertThatThrownBy(() -> new MultiBitParameterSet(p, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groupingFactor must be in [2, 4], found 5");
  }
}
