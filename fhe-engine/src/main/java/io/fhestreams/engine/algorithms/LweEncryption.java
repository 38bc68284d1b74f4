package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;

/**
 * Secret-key LWE encryption and decryption (tfhe-rs {@code lwe_encryption.rs}): the mask
 * a_0..a_{n-1} is drawn from {@code masks} in that order, the body is b = Σ a_i s_i + plaintext + e
 * with e from {@code noise}. Decryption here returns the phase b - Σ a_i s_i = plaintext + e;
 * decoding is the caller's (see {@code keys.MessageEncoding}).
 */
public final class LweEncryption {
  private LweEncryption() {}

  /** Encrypts {@code plaintext} (an encoded torus value) into {@code out}, overwriting it. */
  public static void encryptInPlace(
      LweCiphertext out,
      LweSecretKey key,
      long plaintext,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    Checks.requireEqual(
        "LweDimension", key.dimension(), "LweSecretKey", out.dimension(), "output LweCiphertext");
    long[] c = out.data();
    int n = key.dimension().value();
    masks.fillMask(c, 0, n);
    c[n] = dotWithKey(c, 0, key.data(), n) + plaintext + noise.sample(noiseDistribution);
  }

  /** Encrypts {@code plaintext} into a new ciphertext. */
  public static LweCiphertext encryptNew(
      LweSecretKey key,
      long plaintext,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    LweCiphertext out = LweCiphertext.zeros(key.dimension());
    encryptInPlace(out, key, plaintext, noiseDistribution, masks, noise);
    return out;
  }

  /** Encrypts each plaintext in order (masks consumed ciphertext after ciphertext). */
  public static LweCiphertextList encryptListNew(
      LweSecretKey key,
      long[] plaintexts,
      NoiseDistribution noiseDistribution,
      MaskGenerator masks,
      NoiseGenerator noise) {
    int n = key.dimension().value();
    int size = n + 1;
    long[] data = new long[Math.multiplyExact(plaintexts.length, size)];
    for (int i = 0; i < plaintexts.length; i++) {
      int off = i * size;
      masks.fillMask(data, off, n);
      data[off + n] =
          dotWithKey(data, off, key.data(), n) + plaintexts[i] + noise.sample(noiseDistribution);
    }
    return new LweCiphertextList(data, key.dimension(), new CiphertextCount(plaintexts.length));
  }

  /** The phase b - Σ a_i s_i: the plaintext plus the noise, not rounded. */
  public static long decryptPhase(LweSecretKey key, LweCiphertext ciphertext) {
    Checks.requireEqual(
        "LweDimension", key.dimension(), "LweSecretKey", ciphertext.dimension(), "LweCiphertext");
    int n = key.dimension().value();
    long[] c = ciphertext.data();
    return c[n] - dotWithKey(c, 0, key.data(), n);
  }

  /** The phase of ciphertext {@code index} of a list. */
  public static long decryptPhase(LweSecretKey key, LweCiphertextList list, int index) {
    Checks.requireEqual(
        "LweDimension", key.dimension(), "LweSecretKey", list.dimension(), "LweCiphertextList");
    if (index < 0 || index >= list.count().value()) {
      throw new IndexOutOfBoundsException(
          "index " + index + " outside list of " + list.count().value());
    }
    int n = key.dimension().value();
    int off = index * (n + 1);
    return list.data()[off + n] - dotWithKey(list.data(), off, key.data(), n);
  }

  /** A trivial (noiseless, zero-mask) encryption of {@code plaintext}: anyone can read it. */
  public static LweCiphertext trivialNew(LweDimension dimension, long plaintext) {
    LweCiphertext out = LweCiphertext.zeros(dimension);
    out.data()[dimension.value()] = plaintext;
    return out;
  }

  private static long dotWithKey(long[] c, int off, long[] s, int n) {
    long acc = 0;
    for (int i = 0; i < n; i++) {
      acc += c[off + i] * s[i];
    }
    return acc;
  }
}
