package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.LweDimension;

/**
 * An LWE key-switching key from an input key of dimension n_in to an output key of dimension
 * n_out: for each input coefficient i, l LWE ciphertexts (output dimension) of
 * s_in[i] * 2^(64 - j*baseLog), stored from level j = l down to 1 (tfhe-rs
 * {@code lwe_keyswitch_key_generation.rs}): n_in * l * (n_out + 1) elements.
 */
public final class LweKeyswitchKey {
    private final long[] data;
    private final LweDimension inputDimension;
    private final LweDimension outputDimension;
    private final DecompositionBaseLog baseLog;
    private final DecompositionLevelCount levelCount;

    /** Wraps {@code data} without copying. */
    public LweKeyswitchKey(long[] data, LweDimension inputDimension, LweDimension outputDimension,
            DecompositionBaseLog baseLog, DecompositionLevelCount levelCount) {
        Shapes.requireLength("LweKeyswitchKey",
                Shapes.product("LweKeyswitchKey", inputDimension.value(), levelCount.value(), outputDimension.toLweSize()),
                data.length, "n_in=" + inputDimension.value() + ", n_out=" + outputDimension.value()
                        + ", l=" + levelCount.value());
        if (baseLog.value() * levelCount.value() > 64) {
            throw new IllegalArgumentException("key-switch baseLog * levels must be <= 64, found "
                    + baseLog.value() + " * " + levelCount.value());
        }
        this.data = data;
        this.inputDimension = inputDimension;
        this.outputDimension = outputDimension;
        this.baseLog = baseLog;
        this.levelCount = levelCount;
    }

    public long[] data() {
        return data;
    }

    public LweDimension inputDimension() {
        return inputDimension;
    }

    public LweDimension outputDimension() {
        return outputDimension;
    }

    public DecompositionBaseLog baseLog() {
        return baseLog;
    }

    public DecompositionLevelCount levelCount() {
        return levelCount;
    }

    @Override
    public String toString() {
        return "LweKeyswitchKey{n_in=" + inputDimension.value() + ", n_out=" + outputDimension.value()
                + ", baseLog=" + baseLog.value() + ", l=" + levelCount.value() + "}";
    }
}
