package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierMultiBitBootstrapKey;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.entities.MultiBitBootstrapKey;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;

/**
 * Generates multi-bit bootstrap keys (tfhe-rs {@code lwe_multi_bit_bootstrap_key_generation.rs}):
 * for each group of g small-key bits, 2^g GGSW ciphertexts, GGSW p encrypting [group bits = p].
 * Those indicator bits form an LWE key of dimension n/g·2^g ({@link #indicatorKey}), so the GGSW
 * list is the classic bootstrap key of that key ({@link LweBootstrapKeyGeneration}, same mask
 * order, same Fourier layout).
 */
public final class MultiBitBootstrapKeyGeneration {
  private MultiBitBootstrapKeyGeneration() {}

  /**
   * The indicator bits of {@code smallKey} for grouping factor g: for group i and pattern p,
   * element i·2^g + p is 1 when bit j of the group (key element i·g + j) equals bit g-1-j of p, for
   * every j < g. Secret: as secret as the key it comes from.
   */
  public static LweSecretKey indicatorKey(LweSecretKey smallKey, int groupingFactor) {
    int count = MultiBitBootstrapKey.ggswCount(smallKey.dimension(), groupingFactor);
    int patterns = 1 << groupingFactor;
    long[] key = smallKey.data();
    long[] indicators = new long[count];
    for (int group = 0; group < count / patterns; group++) {
      int bits = 0;
      for (int j = 0; j < groupingFactor; j++) {
        bits |= (int) key[group * groupingFactor + j] << (groupingFactor - 1 - j);
      }
      indicators[group * patterns + bits] = 1;
    }
    return new LweSecretKey(indicators, new LweDimension(count));
  }

  /** A new multi-bit bootstrap key in the standard domain. */
  public static MultiBitBootstrapKey generateNew(
      LweSecretKey inputKey,
      GlweSecretKey outputKey,
      int groupingFactor,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    return new MultiBitBootstrapKey(
        LweBootstrapKeyGeneration.generateNew(
            indicatorKey(inputKey, groupingFactor),
            outputKey,
            baseLog,
            levels,
            noiseDistribution,
            masks,
            noise),
        inputKey.dimension(),
        groupingFactor);
  }

  /**
   * A new multi-bit bootstrap key directly in the Fourier domain (never holding the standard-domain
   * key); equal to {@code convertToFourierNew(generateNew(...))} for the same streams.
   */
  public static FourierMultiBitBootstrapKey generateFourierNew(
      LweSecretKey inputKey,
      GlweSecretKey outputKey,
      int groupingFactor,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    return new FourierMultiBitBootstrapKey(
        LweBootstrapKeyGeneration.generateFourierNew(
            indicatorKey(inputKey, groupingFactor),
            outputKey,
            baseLog,
            levels,
            noiseDistribution,
            masks,
            noise),
        inputKey.dimension(),
        groupingFactor);
  }

  /** Transforms every polynomial of a standard-domain multi-bit key. */
  public static FourierMultiBitBootstrapKey convertToFourierNew(MultiBitBootstrapKey key) {
    return new FourierMultiBitBootstrapKey(
        LweBootstrapKeyGeneration.convertToFourierNew(key.ggsws()),
        key.inputLweDimension(),
        key.groupingFactor());
  }
}
