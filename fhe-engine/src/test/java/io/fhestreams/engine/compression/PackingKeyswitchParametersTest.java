package io.fhestreams.engine.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.compression.PackingKeyswitchParameters.OutputKey;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import org.junit.jupiter.api.Test;

class PackingKeyswitchParametersTest {
  private static final ParameterSet SIX_BIT = ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64;

  /** Δ/2 · 2^-MARGIN_BITS on the torus, the largest packing standard deviation allowed. */
  private static double limit(ParameterSet set) {
    return Math.scalb((double) set.delta(), -65 - PackingKeyswitchParameters.MARGIN_BITS);
  }

  @Test
  void bigKeysUpTo2048_packUnderThemselvesAtOneLevel() {
    for (ParameterSet set : ParameterSets.all()) {
      if (set.supportsBootstrap() && set.bigLweDimension().value() <= 2048) {
        PackingKeyswitchParameters p = PackingKeyswitchParameters.of(set);
        assertThat(p.outputKey()).as(set.id()).isEqualTo(OutputKey.BIG_KEY);
        assertThat(p.levelCount().value()).as(set.id()).isEqualTo(1);
        assertThat(p.packedMaskDimension()).isEqualTo(set.bigLweDimension());
      }
    }
  }

  /**
   * The 6-bit sets pack under the 2048-dimensional compression key with the fewest levels whose
   * noise stays within the margin: one for 6-bit messages, two for the nets' 11-12-bit widenings
   * (one level would leave a standard deviation of about 2^-16.9 against their 2^-19/2^-20 limit).
   */
  @Test
  void sixBitSets_packUnderTheCompressionKeyWithTheFewestLevelsWithinTheMargin() {
    for (int bits : new int[] {6, 8, 11, 12}) {
      ParameterSet set = ParameterSets.widened(SIX_BIT, bits);
      PackingKeyswitchParameters p = PackingKeyswitchParameters.of(set);
      assertThat(p.outputKey()).isEqualTo(OutputKey.COMPRESSION_KEY);
      assertThat(p.packedMaskDimension().value()).isEqualTo(2048);
      assertThat(p.noise()).isEqualTo(PackingKeyswitchParameters.COMPRESSION_KEY_NOISE);
      assertThat(Math.sqrt(p.variance())).as("%d bits", bits).isLessThanOrEqualTo(limit(set));
      if (p.levelCount().value() > 1) {
        PackingKeyswitchParameters fewer =
            PackingKeyswitchParameters.withLevels(
                set,
                OutputKey.COMPRESSION_KEY,
                new DecompositionLevelCount(p.levelCount().value() - 1));
        assertThat(Math.sqrt(fewer.variance())).as("%d bits", bits).isGreaterThan(limit(set));
      }
    }
    assertThat(PackingKeyswitchParameters.of(SIX_BIT).levelCount().value()).isEqualTo(1);
    assertThat(
            PackingKeyswitchParameters.of(ParameterSets.widened(SIX_BIT, 12)).levelCount().value())
        .isEqualTo(2);
  }

  /**
   * The leveled set's 24-bit outputs: a full GLWE ciphertext of 256 slots cannot be kept within the
   * margin at 4 levels, ten outputs can at 3.
   */
  @Test
  void leveledOutputs_needFourLevelsForTenSlotsAndAFullCiphertextIsRefused() {
    ParameterSet leveled = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;
    assertThat(PackingKeyswitchParameters.levelsFor(leveled, OutputKey.BIG_KEY, 10).value())
        .isEqualTo(4);
    assertThatThrownBy(
            () ->
                PackingKeyswitchParameters.levelsFor(
                    leveled, OutputKey.BIG_KEY, PackingKeyswitchParameters.SLOTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no packing key switch of at most 4 levels keeps 256 packed outputs");
  }
}
