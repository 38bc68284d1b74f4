package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;

/**
 * Generates an LWE packing key-switching key (tfhe-rs {@code
 * lwe_packing_keyswitch_key_generation.rs}): for each input key coefficient i and each level j from
 * l down to 1, a GLWE encryption under the output key of the constant polynomial s_in[i]·2^(64 -
 * j·baseLog). Masks are consumed in exactly that order (k·N elements each).
 */
public final class LwePackingKeyswitchKeyGeneration {
  private LwePackingKeyswitchKeyGeneration() {}

  /** A new packing key-switching key from {@code inputKey} to {@code outputKey}. */
  public static LwePackingKeyswitchKey generateNew(
      LweSecretKey inputKey,
      GlweSecretKey outputKey,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    int nIn = inputKey.dimension().value();
    int l = levels.value();
    int bigN = outputKey.polynomialSize().value();
    if ((long) baseLog.value() * l > 64) {
      throw new IllegalArgumentException(
          "packing key-switch baseLog * levels must be <= 64, found "
              + baseLog.value()
              + " * "
              + l);
    }
    long[][] rows =
        new long[Math.multiplyExact(nIn, l)][outputKey.glweDimension().toGlweSize() * bigN];
    long[] plaintext = new long[bigN];
    for (int i = 0; i < nIn; i++) {
      long bit = inputKey.data()[i];
      for (int t = 0; t < l; t++) {
        int level = l - t;
        plaintext[0] = bit << (64 - level * baseLog.value());
        GlweEncryption.encryptAt(
            rows[i * l + t], 0, outputKey, plaintext, 0, noiseDistribution, masks, noise);
      }
    }
    return new LwePackingKeyswitchKey(
        rows,
        inputKey.dimension(),
        outputKey.glweDimension(),
        outputKey.polynomialSize(),
        baseLog,
        levels);
  }
}
