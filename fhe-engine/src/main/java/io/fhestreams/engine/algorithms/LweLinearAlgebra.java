package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;

/**
 * Leveled operations on LWE ciphertexts (tfhe-rs {@code lwe_linear_algebra.rs}): each acts on the
 * mask and body element-wise mod 2^64, so it acts on the phase the same way. Noise: additions add
 * variances, multiplying by c multiplies the variance by c^2; a dot product with w by ||w||_2^2.
 * Messages are not checked for overflow: keeping them in range is the caller's job.
 */
public final class LweLinearAlgebra {
  private LweLinearAlgebra() {}

  /** lhs += rhs. */
  public static void addInPlace(LweCiphertext lhs, LweCiphertext rhs) {
    requireSameDimension(lhs, rhs);
    long[] a = lhs.data();
    long[] b = rhs.data();
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
  }

  /** lhs + rhs as a new ciphertext. */
  public static LweCiphertext addNew(LweCiphertext lhs, LweCiphertext rhs) {
    LweCiphertext out = lhs.copy();
    addInPlace(out, rhs);
    return out;
  }

  /** lhs -= rhs. */
  public static void subInPlace(LweCiphertext lhs, LweCiphertext rhs) {
    requireSameDimension(lhs, rhs);
    long[] a = lhs.data();
    long[] b = rhs.data();
    for (int i = 0; i < a.length; i++) {
      a[i] -= b[i];
    }
  }

  /** lhs - rhs as a new ciphertext. */
  public static LweCiphertext subNew(LweCiphertext lhs, LweCiphertext rhs) {
    LweCiphertext out = lhs.copy();
    subInPlace(out, rhs);
    return out;
  }

  /** ct = -ct. */
  public static void negateInPlace(LweCiphertext ct) {
    long[] a = ct.data();
    for (int i = 0; i < a.length; i++) {
      a[i] = -a[i];
    }
  }

  /** -ct as a new ciphertext. */
  public static LweCiphertext negateNew(LweCiphertext ct) {
    LweCiphertext out = ct.copy();
    negateInPlace(out);
    return out;
  }

  /** ct *= cleartext (an integer, not an encoded value). */
  public static void multiplyByCleartextInPlace(LweCiphertext ct, long cleartext) {
    long[] a = ct.data();
    for (int i = 0; i < a.length; i++) {
      a[i] *= cleartext;
    }
  }

  /** ct * cleartext as a new ciphertext. */
  public static LweCiphertext multiplyByCleartextNew(LweCiphertext ct, long cleartext) {
    LweCiphertext out = ct.copy();
    multiplyByCleartextInPlace(out, cleartext);
    return out;
  }

  /** Adds an encoded plaintext (a torus value, e.g. m·Δ) to the body. */
  public static void addPlaintextInPlace(LweCiphertext ct, long plaintext) {
    ct.data()[ct.dimension().value()] += plaintext;
  }

  /** ct + plaintext as a new ciphertext. */
  public static LweCiphertext addPlaintextNew(LweCiphertext ct, long plaintext) {
    LweCiphertext out = ct.copy();
    addPlaintextInPlace(out, plaintext);
    return out;
  }

  /**
   * Σ_i weights[i] * cts[i] as a new ciphertext; at least one ciphertext, one weight per
   * ciphertext.
   */
  public static LweCiphertext dotProductNew(LweCiphertext[] cts, long[] weights) {
    if (cts.length != weights.length) {
      throw new IllegalArgumentException(
          "Mismatched lengths. ciphertexts: " + cts.length + ", weights: " + weights.length);
    }
    if (cts.length == 0) {
      throw new IllegalArgumentException("dot product needs at least one ciphertext, found 0");
    }
    LweCiphertext out = LweCiphertext.zeros(cts[0].dimension());
    long[] acc = out.data();
    for (int j = 0; j < cts.length; j++) {
      requireSameDimension(out, cts[j]);
      long w = weights[j];
      if (w == 0) {
        continue;
      }
      long[] c = cts[j].data();
      for (int i = 0; i < acc.length; i++) {
        acc[i] += w * c[i];
      }
    }
    return out;
  }

  /** Σ_i weights[i] * list[i] as a new ciphertext. */
  public static LweCiphertext dotProductNew(LweCiphertextList list, long[] weights) {
    if (list.count().value() != weights.length) {
      throw new IllegalArgumentException(
          "Mismatched lengths. ciphertexts: "
              + list.count().value()
              + ", weights: "
              + weights.length);
    }
    LweCiphertext out = LweCiphertext.zeros(list.dimension());
    long[] acc = out.data();
    long[] data = list.data();
    int size = acc.length;
    for (int j = 0; j < weights.length; j++) {
      long w = weights[j];
      int off = j * size;
      for (int i = 0; i < size; i++) {
        acc[i] += w * data[off + i];
      }
    }
    return out;
  }

  private static void requireSameDimension(LweCiphertext lhs, LweCiphertext rhs) {
    Checks.requireEqual(
        "LweDimension", lhs.dimension(), "lhs LweCiphertext", rhs.dimension(), "rhs LweCiphertext");
  }
}
