package io.fhestreams.engine.math;

/**
 * Exact polynomial arithmetic in Z_{2^64}[X]/(X^N+1) on {@code long[]} slices (wrapping). The
 * schoolbook product is the test reference of the FFT path; the binary product is what encryption
 * uses (one operand a secret key of 0/1 coefficients).
 */
public final class Polynomials {
  private Polynomials() {}

  /** The exact negacyclic product a*b mod (X^N+1, 2^64), O(N^2). */
  public static long[] multiplySchoolbookNew(long[] a, long[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "polynomial sizes differ: " + a.length + " vs " + b.length);
    }
    int n = a.length;
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long ai = a[i];
      for (int j = 0; j < n; j++) {
        int k = i + j;
        if (k < n) {
          out[k] += ai * b[j];
        } else {
          out[k - n] -= ai * b[j];
        }
      }
    }
    return out;
  }

  /**
   * out[outOff..outOff+n) += a[aOff..aOff+n) * s[sOff..sOff+n) mod X^n+1 where s has 0/1
   * coefficients: a sum of rotated copies of a, exact, O(n * weight(s)).
   */
  public static void multiplyAddBinaryInPlace(
      long[] out, int outOff, long[] a, int aOff, long[] s, int sOff, int n) {
    for (int i = 0; i < n; i++) {
      if (s[sOff + i] == 0) {
        continue;
      }
      // X^i * a: coefficient j gets a[j - i] for j >= i, -a[j - i + n] for j < i.
      for (int j = 0; j < i; j++) {
        out[outOff + j] -= a[aOff + j - i + n];
      }
      for (int j = i; j < n; j++) {
        out[outOff + j] += a[aOff + j - i];
      }
    }
  }

  /**
   * out = X^power * in (mod X^n+1), power in [0, 2n), slices of length n (out must not alias in).
   */
  public static void multiplyByMonomial(
      long[] out, int outOff, long[] in, int inOff, int n, int power) {
    boolean negate = power >= n;
    int p = negate ? power - n : power;
    for (int j = 0; j < p; j++) {
      long v = in[inOff + j - p + n];
      out[outOff + j] = negate ? v : -v;
    }
    for (int j = p; j < n; j++) {
      long v = in[inOff + j - p];
      out[outOff + j] = negate ? -v : v;
    }
  }
}
