package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;

/**
 * GGSW encryption of a small integer m (tfhe-rs {@code ggsw_encryption.rs}): for each level j from
 * l down to 1 and each row r = 0..k, a GLWE encryption of -m·2^(64-j·baseLog)·S_r (r < k) or of the
 * constant m·2^(64-j·baseLog) (r = k). Masks are drawn in that order (levels l..1, rows 0..k, k·N
 * elements per row), so a seeded form can regenerate them.
 */
public final class GgswEncryption {
  private GgswEncryption() {}

  /** Encrypts the cleartext {@code m} into {@code out} (overwritten). */
  public static void encryptInPlace(
      GgswCiphertext out,
      GlweSecretKey key,
      long m,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    Checks.requireEqual(
        "GlweDimension",
        key.glweDimension(),
        "GlweSecretKey",
        out.glweDimension(),
        "GgswCiphertext");
    Checks.requireEqual(
        "PolynomialSize",
        key.polynomialSize(),
        "GlweSecretKey",
        out.polynomialSize(),
        "GgswCiphertext");
    encryptAt(
        out.data(),
        0,
        key,
        m,
        out.baseLog(),
        out.levelCount(),
        noiseDistribution,
        masks,
        noise,
        new long[key.polynomialSize().value()]);
  }

  /** Encrypts {@code m} into a new GGSW ciphertext. */
  public static GgswCiphertext encryptNew(
      GlweSecretKey key,
      long m,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    GgswCiphertext out =
        new GgswCiphertext(
            new long[GgswCiphertext.sizeOf(key.glweDimension(), key.polynomialSize(), levels)],
            key.glweDimension(),
            key.polynomialSize(),
            baseLog,
            levels);
    encryptInPlace(out, key, m, noiseDistribution, masks, noise);
    return out;
  }

  /** Encrypts into {@code out[off, off + GGSW size)}; {@code plaintext} is N-long scratch. */
  static void encryptAt(
      long[] out,
      int off,
      GlweSecretKey key,
      long m,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levels,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise,
      long[] plaintext) {
    int n = key.polynomialSize().value();
    int k = key.glweDimension().value();
    int glweSize = (k + 1) * n;
    int l = levels.value();
    long[] s = key.data();
    for (int t = 0; t < l; t++) {
      int level = l - t;
      long factor = m << (64 - level * baseLog.value());
      for (int r = 0; r <= k; r++) {
        if (r < k) {
          for (int i = 0; i < n; i++) {
            plaintext[i] = -factor * s[r * n + i];
          }
        } else {
          java.util.Arrays.fill(plaintext, 0L);
          plaintext[0] = factor;
        }
        GlweEncryption.encryptAt(
            out,
            off + (t * (k + 1) + r) * glweSize,
            key,
            plaintext,
            0,
            noiseDistribution,
            masks,
            noise);
      }
    }
  }
}
