package io.fhestreams.engine.compression;

import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.entities.LweBootstrapKey;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seed;

/**
 * Seeded (compressed) forms: encryption whose masks all come from one public seed, and the exact
 * regeneration of those masks (AES-128-CTR mask generator, PARAMETERS.md section 5). Compressing a
 * key checks that its masks really are the seed's, so a decompressed key is always bit-identical to
 * the original. Noise never comes from the seed: it is drawn from the caller's secret generator.
 */
public final class SeededCompression {
    private SeededCompression() {
    }

    /**
     * Encrypts {@code plaintexts} under {@code key} with every mask drawn from {@code maskSeed}, in
     * order, and keeps only the seed and the bodies. Use a fresh seed per list ({@code
     * Seeder.freshSeed()}): reusing one reuses masks.
     */
    public static SeededLweCiphertextList encryptListNew(LweSecretKey key, long[] plaintexts,
            NoiseDistribution noiseDistribution, Seed maskSeed, NoiseGenerator noise) {
        LweCiphertextList full = LweEncryption.encryptListNew(key, plaintexts, noiseDistribution,
                MaskGenerator.fromSeed(maskSeed), noise);
        int n = key.dimension().value();
        long[] bodies = new long[plaintexts.length];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = full.data()[i * (n + 1) + n];
        }
        return new SeededLweCiphertextList(maskSeed, bodies, key.dimension());
    }

    /** The full list: masks regenerated from the seed, bodies copied. */
    public static LweCiphertextList decompressNew(SeededLweCiphertextList list) {
        long[] data = SeededLayout.expand(list.bodies(), list.dimension().value(), 1, list.seed());
        return new LweCiphertextList(data, list.dimension(), new CiphertextCount(list.bodies().length));
    }

    /**
     * The seeded form of {@code key}, generated with masks from {@code maskSeed}.
     *
     * @throws IllegalArgumentException if the key's masks are not those {@code maskSeed} generates
     */
    public static SeededLweKeyswitchKey compressNew(LweKeyswitchKey key, Seed maskSeed) {
        long[] bodies = SeededLayout.extractBodies(key.data(), key.outputDimension().value(), 1, maskSeed,
                "LweKeyswitchKey");
        return new SeededLweKeyswitchKey(maskSeed, bodies, key.inputDimension(), key.outputDimension(), key.baseLog(),
                key.levelCount());
    }

    /** The full key-switching key: masks regenerated from the seed. */
    public static LweKeyswitchKey decompressNew(SeededLweKeyswitchKey key) {
        long[] data = SeededLayout.expand(key.bodies(), key.outputDimension().value(), 1, key.seed());
        return new LweKeyswitchKey(data, key.inputDimension(), key.outputDimension(), key.baseLog(), key.levelCount());
    }

    /**
     * The seeded form of a standard-domain bootstrap key generated with masks from {@code maskSeed}.
     *
     * @throws IllegalArgumentException if the key's masks are not those {@code maskSeed} generates
     */
    public static SeededLweBootstrapKey compressNew(LweBootstrapKey key, Seed maskSeed) {
        int bigN = key.polynomialSize().value();
        long[] bodies = SeededLayout.extractBodies(key.data(), key.glweDimension().value() * bigN, bigN, maskSeed,
                "LweBootstrapKey");
        return new SeededLweBootstrapKey(maskSeed, bodies, key.inputLweDimension(), key.glweDimension(),
                key.polynomialSize(), key.baseLog(), key.levelCount());
    }

    /** The full standard-domain bootstrap key: masks regenerated from the seed. */
    public static LweBootstrapKey decompressNew(SeededLweBootstrapKey key) {
        int bigN = key.polynomialSize().value();
        long[] data = SeededLayout.expand(key.bodies(), key.glweDimension().value() * bigN, bigN, key.seed());
        return new LweBootstrapKey(data, key.inputLweDimension(), key.glweDimension(), key.polynomialSize(),
                key.baseLog(), key.levelCount());
    }
}
