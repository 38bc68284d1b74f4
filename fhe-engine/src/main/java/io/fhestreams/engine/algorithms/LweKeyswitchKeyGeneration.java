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
 */
public final class LweKeyswitchKeyGeneration {
    private LweKeyswitchKeyGeneration() {
    }

    /** A new key-switching key from {@code inputKey} to {@code outputKey}. */
    public static LweKeyswitchKey generateNew(LweSecretKey inputKey, LweSecretKey outputKey,
            DecompositionBaseLog baseLog, DecompositionLevelCount levels, NoiseDistribution noiseDistribution,
            MaskGenerator masks, NoiseGenerator noise) {
        int nIn = inputKey.dimension().value();
        int nOut = outputKey.dimension().value();
        int l = levels.value();
        if (baseLog.value() * l > 64) {
            throw new IllegalArgumentException("key-switch baseLog * levels must be <= 64, found "
                    + baseLog.value() + " * " + l);
        }
        int size = nOut + 1;
        long[] data = new long[Math.multiplyExact(Math.multiplyExact(nIn, l), size)];
        long[] s = outputKey.data();
        for (int i = 0; i < nIn; i++) {
            long bit = inputKey.data()[i];
            for (int t = 0; t < l; t++) {
                int level = l - t;
                int off = (i * l + t) * size;
                masks.fillMask(data, off, nOut);
                long acc = 0;
                for (int c = 0; c < nOut; c++) {
                    acc += data[off + c] * s[c];
                }
                data[off + nOut] = acc + (bit << (64 - level * baseLog.value())) + noise.sample(noiseDistribution);
            }
        }
        return new LweKeyswitchKey(data, inputKey.dimension(), outputKey.dimension(), baseLog, levels);
    }
}
