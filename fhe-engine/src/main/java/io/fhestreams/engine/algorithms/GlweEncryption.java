package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.math.BinaryPolynomialProduct;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;

/**
 * Secret-key GLWE encryption (tfhe-rs {@code glwe_encryption.rs}): masks A_0..A_{k-1} drawn from
 * {@code masks} polynomial after polynomial, body B = Σ A_r S_r + M + E mod X^N+1 with E from
 * {@code noise} coefficient by coefficient. Decryption returns the phase B - Σ A_r S_r = M + E.
 */
public final class GlweEncryption {
  private GlweEncryption() {}

  /** Encrypts the plaintext polynomial {@code plaintext} (N torus values) into {@code out}. */
  public static void encryptInPlace(
      GlweCiphertext out,
      GlweSecretKey key,
      long[] plaintext,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    Checks.requireEqual(
        "GlweDimension",
        key.glweDimension(),
        "GlweSecretKey",
        out.glweDimension(),
        "GlweCiphertext");
    Checks.requireEqual(
        "PolynomialSize",
        key.polynomialSize(),
        "GlweSecretKey",
        out.polynomialSize(),
        "GlweCiphertext");
    if (plaintext.length != key.polynomialSize().value()) {
      throw new IllegalArgumentException(
          "plaintext polynomial needs N = "
              + key.polynomialSize().value()
              + " coefficients, found "
              + plaintext.length);
    }
    encryptAt(out.data(), 0, key, plaintext, 0, noiseDistribution, masks, noise);
  }

  /** Phase polynomial B - Σ A_r S_r of {@code ciphertext}, as a new array of N values. */
  public static long[] decryptPhaseNew(GlweSecretKey key, GlweCiphertext ciphertext) {
    Checks.requireEqual(
        "GlweDimension",
        key.glweDimension(),
        "GlweSecretKey",
        ciphertext.glweDimension(),
        "GlweCiphertext");
    Checks.requireEqual(
        "PolynomialSize",
        key.polynomialSize(),
        "GlweSecretKey",
        ciphertext.polynomialSize(),
        "GlweCiphertext");
    int n = key.polynomialSize().value();
    int k = key.glweDimension().value();
    long[] c = ciphertext.data();
    long[] sum = new long[n];
    for (int r = 0; r < k; r++) {
      BinaryPolynomialProduct.multiplyAddInPlace(sum, 0, c, r * n, key.data(), r * n, n);
    }
    long[] phase = new long[n];
    for (int i = 0; i < n; i++) {
      phase[i] = c[k * n + i] - sum[i];
    }
    return phase;
  }

  /**
   * Encrypts into {@code out[off, off+(k+1)N)}: masks from {@code masks}, body Σ A_r S_r +
   * plaintext[pOff, pOff+N) + noise. Shapes are the caller's responsibility.
   */
  static void encryptAt(
      long[] out,
      int off,
      GlweSecretKey key,
      long[] plaintext,
      int pOff,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    int n = key.polynomialSize().value();
    int k = key.glweDimension().value();
    int body = off + k * n;
    masks.fillMask(out, off, k * n);
    for (int i = 0; i < n; i++) {
      out[body + i] = plaintext[pOff + i];
    }
    for (int r = 0; r < k; r++) {
      BinaryPolynomialProduct.multiplyAddInPlace(out, body, out, off + r * n, key.data(), r * n, n);
    }
    noise.addNoise(out, body, n, noiseDistribution);
  }
}
