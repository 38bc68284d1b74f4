package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;

/**
 * Generates an LWE key-switching key (tfhe-rs {@code lwe_keyswitch_key_generation.rs}): for each
 * input key coefficient i and each level j from l down to 1, an LWE encryption under the output key
 * of s_in[i]·2^(64 - j·baseLog). Masks are consumed in exactly that order (n_out elements each).
 *
 * <p>Each ciphertext is encrypted on the 64-bit torus exactly as the parameter set prescribes (its
 * masks and its TUniform noise), then every element is rounded to the nearest multiple of 2^32
 * ({@link #roundToKeyTorus}). The rounded ciphertext is a public function of a public ciphertext,
 * so rounding does not change security; it adds to the phase an error of variance (1 +
 * n_out·E[s²])·2^64/12, about 2^-21 of the 4-bit set's key noise TUniform(46) ({@link
 * io.fhestreams.engine.noise.NoiseFormulas#keyswitchKeyRounding}).
 */
public final class LweKeyswitchKeyGeneration {
  private LweKeyswitchKeyGeneration() {}

  /** A new key-switching key from {@code inputKey} to {@code outputKey}. */
  public static LweKeyswitchKey generateNew(
      LweSecretKey inputKey,
      LweSecretKey outputKey,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    int nIn = inputKey.dimension().value();
    int nOut = outputKey.dimension().value();
    int l = levels.value();
    if (baseLog.value() * l > LweKeyswitchKey.TORUS_BITS) {
      throw new IllegalArgumentException(
          "key-switch baseLog * levels must be <= "
              + LweKeyswitchKey.TORUS_BITS
              + ", found "
              + baseLog.value()
              + " * "
              + l);
    }
    int size = nOut + 1;
    int[][] rows = new int[Math.multiplyExact(nIn, l)][size];
    long[] row = new long[size];
    long[] s = outputKey.data();
    for (int i = 0; i < nIn; i++) {
      long bit = inputKey.data()[i];
      for (int t = 0; t < l; t++) {
        int level = l - t;
        masks.fillMask(row, 0, nOut);
        long acc = 0;
        for (int c = 0; c < nOut; c++) {
          acc += row[c] * s[c];
        }
        row[nOut] = acc + (bit << (64 - level * baseLog.value())) + noise.sample(noiseDistribution);
        int[] rounded = rows[i * l + t];
        for (int c = 0; c < size; c++) {
          rounded[c] = roundToKeyTorus(row[c]);
        }
      }
    }
    return new LweKeyswitchKey(rows, inputKey.dimension(), outputKey.dimension(), baseLog, levels);
  }

  /** A 64-bit torus element rounded to the nearest multiple of 2^32, as an element modulo 2^32. */
  public static int roundToKeyTorus(long x) {
    return (int) ((x + (1L << 31)) >>> 32);
  }
}
