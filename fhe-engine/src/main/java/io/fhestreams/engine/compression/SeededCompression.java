package io.fhestreams.engine.compression;

import io.fhestreams.engine.algorithms.GlweEncryption;
import io.fhestreams.engine.algorithms.LweBootstrapKeyGeneration;
import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.algorithms.LweKeyswitchKeyGeneration;
import io.fhestreams.engine.algorithms.LwePackingKeyswitchKeyGeneration;
import io.fhestreams.engine.algorithms.MultiBitBootstrapKeyGeneration;
import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.FourierMultiBitBootstrapKey;
import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweBootstrapKey;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.entities.MultiBitBootstrapKey;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.LweDimension;
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
  private SeededCompression() {}

  /**
   * Encrypts {@code plaintexts} under {@code key} with every mask drawn from {@code maskSeed}, in
   * order, and keeps only the seed and the bodies. Use a fresh seed per list ({@code
   * Seeder.freshSeed()}): reusing one reuses masks.
   */
  public static SeededLweCiphertextList encryptListNew(
      LweSecretKey key,
      long[] plaintexts,
      NoiseDistribution noiseDistribution,
      Seed maskSeed,
      NoiseGenerator noise) {
    LweCiphertextList full =
        LweEncryption.encryptListNew(
            key, plaintexts, noiseDistribution, MaskGenerator.fromSeed(maskSeed), noise);
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
   * The same ciphertexts as {@link #decompressNew(SeededLweCiphertextList)}, each regenerated into
   * its own array: for an evaluation that takes the ciphertexts one by one, this spares the whole
   * list's copy (the masks are most of a leveled model's memory traffic per request).
   */
  public static LweCiphertext[] decompressEach(SeededLweCiphertextList list) {
    LweCiphertext[] out = new LweCiphertext[list.bodies().length];
    for (int c = 0; c < out.length; c++) {
      out[c] = LweCiphertext.zeros(list.dimension());
    }
    decompressInto(list, out);
    return out;
  }

  /**
   * As {@link #decompressEach(SeededLweCiphertextList)}, into {@code out}'s own arrays, every
   * element overwritten: a server that reuses them from record to record allocates nothing per
   * request.
   *
   * @throws IllegalArgumentException if {@code out} has another count or dimension than {@code
   *     list}
   */
  public static void decompressInto(SeededLweCiphertextList list, LweCiphertext[] out) {
    int n = list.dimension().value();
    long[] bodies = list.bodies();
    if (out.length != bodies.length) {
      throw new IllegalArgumentException(
          "decompressInto: " + bodies.length + " ciphertexts into " + out.length);
    }
    MaskGenerator masks = MaskGenerator.fromSeed(list.seed());
    for (int c = 0; c < bodies.length; c++) {
      if (out[c].dimension().value() != n) {
        throw new IllegalArgumentException(
            "decompressInto: dimension " + n + " into " + out[c].dimension().value());
      }
      long[] data = out[c].data();
      // the masks in the order SeededLayout.expand writes them, one running generator
      masks.fillMask(data, 0, n);
      data[n] = bodies[c];
    }
  }

  /**
   * Encrypts the plaintext polynomial {@code plaintext} (N torus values) under {@code key} with the
   * k·N mask coefficients drawn from {@code maskSeed} ({@link GlweEncryption}: polynomial after
   * polynomial) and fresh noise from {@code noise} in every body coefficient; keeps the seed and
   * the body, each coefficient rounded to its nearest multiple of 2^(64−b) (an error of at most
   * 2^(63−b) per coefficient). Use a fresh seed per ciphertext.
   */
  public static SeededGlweCiphertext encryptGlweNew(
      GlweSecretKey key,
      long[] plaintext,
      NoiseDistribution noiseDistribution,
      Seed maskSeed,
      NoiseGenerator noise,
      CiphertextModulusLog bodyModulusLog) {
    GlweCiphertext full = GlweCiphertext.zeros(key.glweDimension(), key.polynomialSize());
    GlweEncryption.encryptInPlace(
        full, key, plaintext, noiseDistribution, MaskGenerator.fromSeed(maskSeed), noise);
    int maskLength = key.glweDimension().value() * key.polynomialSize().value();
    long[] body =
        java.util.Arrays.copyOfRange(
            full.data(), maskLength, maskLength + key.polynomialSize().value());
    int shift = 64 - bodyModulusLog.value();
    for (int i = 0; i < body.length; i++) {
      body[i] = ((body[i] + (1L << (shift - 1))) >>> shift) << shift;
    }
    return new SeededGlweCiphertext(
        maskSeed, body, key.glweDimension(), key.polynomialSize(), bodyModulusLog);
  }

  /** The full GLWE ciphertext: mask regenerated from the seed, body copied. */
  public static GlweCiphertext decompressNew(SeededGlweCiphertext ciphertext) {
    int bigN = ciphertext.polynomialSize().value();
    long[] data =
        SeededLayout.expand(
            ciphertext.body(), ciphertext.glweDimension().value() * bigN, bigN, ciphertext.seed());
    return new GlweCiphertext(data, ciphertext.glweDimension(), ciphertext.polynomialSize());
  }

  /**
   * The seeded form of {@code key}, generated with masks from {@code maskSeed}.
   *
   * @throws IllegalArgumentException if the key's masks are not those {@code maskSeed} generates
   */
  public static SeededLweKeyswitchKey compressNew(LweKeyswitchKey key, Seed maskSeed) {
    int[] bodies =
        SeededLayout.extractKeyswitchBodies(key.rows(), key.outputDimension().value(), maskSeed);
    return new SeededLweKeyswitchKey(
        maskSeed,
        bodies,
        key.inputDimension(),
        key.outputDimension(),
        key.baseLog(),
        key.levelCount());
  }

  /** The full key-switching key: masks regenerated from the seed. */
  public static LweKeyswitchKey decompressNew(SeededLweKeyswitchKey key) {
    int[][] rows =
        SeededLayout.expandKeyswitch(key.bodies(), key.outputDimension().value(), key.seed());
    return new LweKeyswitchKey(
        rows, key.inputDimension(), key.outputDimension(), key.baseLog(), key.levelCount());
  }

  /**
   * The seeded form of a standard-domain bootstrap key generated with masks from {@code maskSeed}.
   *
   * @throws IllegalArgumentException if the key's masks are not those {@code maskSeed} generates
   */
  public static SeededLweBootstrapKey compressNew(LweBootstrapKey key, Seed maskSeed) {
    int bigN = key.polynomialSize().value();
    long[] bodies =
        SeededLayout.extractBodies(
            key.data(), key.glweDimension().value() * bigN, bigN, maskSeed, "LweBootstrapKey");
    return new SeededLweBootstrapKey(
        maskSeed,
        bodies,
        key.inputLweDimension(),
        key.glweDimension(),
        key.polynomialSize(),
        key.baseLog(),
        key.levelCount());
  }

  /** The full standard-domain bootstrap key: masks regenerated from the seed. */
  public static LweBootstrapKey decompressNew(SeededLweBootstrapKey key) {
    int bigN = key.polynomialSize().value();
    long[] data =
        SeededLayout.expand(key.bodies(), key.glweDimension().value() * bigN, bigN, key.seed());
    return new LweBootstrapKey(
        data,
        key.inputLweDimension(),
        key.glweDimension(),
        key.polynomialSize(),
        key.baseLog(),
        key.levelCount());
  }

  /**
   * Generates a packing key-switching key from {@code inputKey} to {@code outputKey} directly in
   * seeded form, a chunk of input coefficients at a time with one shared mask stream (the order of
   * {@link LwePackingKeyswitchKeyGeneration#generateNew}), so that only a chunk of the full key is
   * ever held.
   */
  public static SeededLwePackingKeyswitchKey generatePackingKeyswitchKeyNew(
      LweSecretKey inputKey,
      GlweSecretKey outputKey,
      PackingKeyswitchParameters parameters,
      Seed maskSeed,
      NoiseGenerator noise) {
    int nIn = inputKey.dimension().value();
    int l = parameters.levelCount().value();
    int bigN = parameters.polynomialSize().value();
    int maskLength = parameters.glweDimension().value() * bigN;
    long[] bodies = new long[Math.toIntExact(SeededLwePackingKeyswitchKey.bodyCount(parameters))];
    MaskGenerator masks = MaskGenerator.fromSeed(maskSeed);
    for (int start = 0; start < nIn; start += KEYGEN_CHUNK) {
      int len = Math.min(KEYGEN_CHUNK, nIn - start);
      long[] slice = java.util.Arrays.copyOfRange(inputKey.data(), start, start + len);
      LwePackingKeyswitchKey part =
          LwePackingKeyswitchKeyGeneration.generateNew(
              new LweSecretKey(slice, new LweDimension(len)),
              outputKey,
              parameters.baseLog(),
              parameters.levelCount(),
              parameters.noise(),
              masks,
              noise);
      for (int r = 0; r < len * l; r++) {
        System.arraycopy(part.rows()[r], maskLength, bodies, (start * l + r) * bigN, bigN);
      }
    }
    return new SeededLwePackingKeyswitchKey(maskSeed, bodies, parameters);
  }

  /** The full packing key-switching key: masks regenerated from the seed, in row order. */
  public static LwePackingKeyswitchKey decompressNew(SeededLwePackingKeyswitchKey key) {
    PackingKeyswitchParameters p = key.parameters();
    int bigN = p.polynomialSize().value();
    int maskLength = p.glweDimension().value() * bigN;
    long[][] rows =
        new long[Math.multiplyExact(p.inputDimension().value(), p.levelCount().value())]
            [maskLength + bigN];
    MaskGenerator masks = MaskGenerator.fromSeed(key.seed());
    for (int r = 0; r < rows.length; r++) {
      masks.fillMask(rows[r], 0, maskLength);
      System.arraycopy(key.bodies(), r * bigN, rows[r], maskLength, bigN);
    }
    return new LwePackingKeyswitchKey(
        rows,
        p.inputDimension(),
        p.glweDimension(),
        p.polynomialSize(),
        p.baseLog(),
        p.levelCount());
  }

  /**
   * Input coefficients generated per chunk: bounds the full-size scratch of seeded key generation.
   */
  private static final int KEYGEN_CHUNK = 64;

  /**
   * Generates a key-switching key directly in seeded form, equal to {@code compressNew(
   * LweKeyswitchKeyGeneration.generateNew(..., MaskGenerator.fromSeed(maskSeed), noise), maskSeed)}
   * but holding only a chunk of the full key at a time: the engine's generator runs on consecutive
   * slices of the input key with one shared mask stream, which consumes masks in the same order.
   */
  public static SeededLweKeyswitchKey generateKeyswitchKeyNew(
      LweSecretKey inputKey,
      LweSecretKey outputKey,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      Seed maskSeed,
      NoiseGenerator noise) {
    int nIn = inputKey.dimension().value();
    int l = levels.value();
    int nOut = outputKey.dimension().value();
    int[] bodies = new int[Math.multiplyExact(nIn, l)];
    MaskGenerator masks = MaskGenerator.fromSeed(maskSeed);
    for (int start = 0; start < nIn; start += KEYGEN_CHUNK) {
      int len = Math.min(KEYGEN_CHUNK, nIn - start);
      long[] slice = java.util.Arrays.copyOfRange(inputKey.data(), start, start + len);
      LweKeyswitchKey part =
          LweKeyswitchKeyGeneration.generateNew(
              new LweSecretKey(slice, new LweDimension(len)),
              outputKey,
              baseLog,
              levels,
              noiseDistribution,
              masks,
              noise);
      for (int r = 0; r < len * l; r++) {
        bodies[start * l + r] = part.rows()[r][nOut];
      }
    }
    return new SeededLweKeyswitchKey(
        maskSeed, bodies, inputKey.dimension(), outputKey.dimension(), baseLog, levels);
  }

  /**
   * Generates a bootstrap key directly in seeded form, chunk of GGSW ciphertexts by chunk (same
   * mask order as {@link LweBootstrapKeyGeneration#generateNew}).
   */
  public static SeededLweBootstrapKey generateBootstrapKeyNew(
      LweSecretKey inputKey,
      GlweSecretKey outputKey,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      Seed maskSeed,
      NoiseGenerator noise) {
    int n = inputKey.dimension().value();
    int bigN = outputKey.polynomialSize().value();
    int maskLength = outputKey.glweDimension().value() * bigN;
    int rowsPerGgsw = levels.value() * outputKey.glweDimension().toGlweSize();
    long[] bodies =
        new long
            [Math.toIntExact(
                SeededLweBootstrapKey.bodyCount(
                    inputKey.dimension(),
                    outputKey.glweDimension(),
                    outputKey.polynomialSize(),
                    levels))];
    MaskGenerator masks = MaskGenerator.fromSeed(maskSeed);
    int chunk = Math.max(1, KEYGEN_CHUNK / 8);
    for (int start = 0; start < n; start += chunk) {
      int len = Math.min(chunk, n - start);
      long[] slice = java.util.Arrays.copyOfRange(inputKey.data(), start, start + len);
      LweBootstrapKey part =
          LweBootstrapKeyGeneration.generateNew(
              new LweSecretKey(slice, new LweDimension(len)),
              outputKey,
              baseLog,
              levels,
              noiseDistribution,
              masks,
              noise);
      SeededLayout.copyBodies(
          part.data(), len * rowsPerGgsw, maskLength, bigN, bodies, start * rowsPerGgsw * bigN);
    }
    return new SeededLweBootstrapKey(
        maskSeed,
        bodies,
        inputKey.dimension(),
        outputKey.glweDimension(),
        outputKey.polynomialSize(),
        baseLog,
        levels);
  }

  /**
   * The Fourier-domain bootstrap key of a seeded key, GGSW by GGSW (never holding the whole
   * standard-domain key); equal to {@code
   * LweBootstrapKeyGeneration.convertToFourierNew(decompressNew(key))}.
   */
  public static FourierLweBootstrapKey decompressToFourierNew(SeededLweBootstrapKey key) {
    int bigN = key.polynomialSize().value();
    int maskLength = key.glweDimension().value() * bigN;
    int rowsPerGgsw = key.levelCount().value() * key.glweDimension().toGlweSize();
    int ggswSize =
        GgswCiphertext.sizeOf(key.glweDimension(), key.polynomialSize(), key.levelCount());
    int n = key.inputLweDimension().value();
    long[] ggsw = new long[ggswSize];
    LweBootstrapKey one =
        new LweBootstrapKey(
            ggsw,
            new LweDimension(1),
            key.glweDimension(),
            key.polynomialSize(),
            key.baseLog(),
            key.levelCount());
    FourierLweBootstrapKey fourier = FourierLweBootstrapKey.zeros(key.inputLweDimension(), one);
    MaskGenerator masks = MaskGenerator.fromSeed(key.seed());
    for (int i = 0; i < n; i++) {
      SeededLayout.expandInto(
          key.bodies(), i * rowsPerGgsw * bigN, rowsPerGgsw, maskLength, bigN, masks, ggsw, 0);
      // The engine's own conversion, one GGSW at a time, so the Fourier layout is always its own.
      LweBootstrapKeyGeneration.convertToFourier(one, fourier, i);
    }
    return fourier;
  }

  /**
   * Generates a multi-bit bootstrap key directly in seeded form: the seeded classic key of the
   * indicator bits ({@link MultiBitBootstrapKeyGeneration#indicatorKey}), same mask order as {@link
   * MultiBitBootstrapKeyGeneration#generateNew}.
   */
  public static SeededMultiBitBootstrapKey generateMultiBitBootstrapKeyNew(
      LweSecretKey inputKey,
      GlweSecretKey outputKey,
      int groupingFactor,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      Seed maskSeed,
      NoiseGenerator noise) {
    return new SeededMultiBitBootstrapKey(
        generateBootstrapKeyNew(
            MultiBitBootstrapKeyGeneration.indicatorKey(inputKey, groupingFactor),
            outputKey,
            baseLog,
            levels,
            noiseDistribution,
            maskSeed,
            noise),
        inputKey.dimension(),
        groupingFactor);
  }

  /** The seeded form of a multi-bit key generated with masks from {@code maskSeed}. */
  public static SeededMultiBitBootstrapKey compressNew(MultiBitBootstrapKey key, Seed maskSeed) {
    return new SeededMultiBitBootstrapKey(
        compressNew(key.ggsws(), maskSeed), key.inputLweDimension(), key.groupingFactor());
  }

  /** The full standard-domain multi-bit key: masks regenerated from the seed. */
  public static MultiBitBootstrapKey decompressNew(SeededMultiBitBootstrapKey key) {
    return new MultiBitBootstrapKey(
        decompressNew(key.ggsws()), key.inputLweDimension(), key.groupingFactor());
  }

  /** The Fourier-domain multi-bit key of a seeded key, GGSW by GGSW. */
  public static FourierMultiBitBootstrapKey decompressToFourierNew(SeededMultiBitBootstrapKey key) {
    return new FourierMultiBitBootstrapKey(
        decompressToFourierNew(key.ggsws()), key.inputLweDimension(), key.groupingFactor());
  }
}
