package io.fhestreams.engine.math;

import io.fhestreams.engine.params.PolynomialSize;

/**
 * Exact products of a torus polynomial by a binary (0/1) secret-key polynomial mod X^N+1, the
 * product encryption needs. Small N: a sum of rotated copies (O(N·weight)). N >= 1024: the torus
 * operand is split into four 16-bit limbs, each limb times the key goes through the double FFT —
 * coefficients stay below N·2^16 <= 2^30, far inside the 53-bit mantissa, so rounding is exact —
 * and the limb products are recombined with shifts mod 2^64 (tfhe-rs uses Karatsuba there instead).
 */
public final class BinaryPolynomialProduct {
  private static final int FFT_THRESHOLD = 1024;

  private BinaryPolynomialProduct() {}

  /** out[outOff, +n) += a[aOff, +n) * s[sOff, +n) mod X^n+1 with s binary; exact mod 2^64. */
  public static void multiplyAddInPlace(
      long[] out, int outOff, long[] a, int aOff, long[] s, int sOff, int n) {
    if (n < FFT_THRESHOLD) {
      Polynomials.multiplyAddBinaryInPlace(out, outOff, a, aOff, s, sOff, n);
      return;
    }
    NegacyclicFft fft = NegacyclicFft.of(new PolynomialSize(n));
    NegacyclicFft.Scratch scratch = fft.newScratch();
    double[] sHat = new double[n];
    fft.forward(s, sOff, sHat, 0, scratch);
    long[] limb = new long[n];
    double[] limbHat = new double[n];
    double[] product = new double[n];
    long[] limbProduct = new long[n];
    for (int shift = 0; shift < 64; shift += 16) {
      for (int i = 0; i < n; i++) {
        limb[i] = (a[aOff + i] >>> shift) & 0xFFFFL;
      }
      fft.forward(limb, 0, limbHat, 0, scratch);
      java.util.Arrays.fill(product, 0.0);
      fft.multiplyAdd(product, 0, limbHat, 0, sHat, 0);
      java.util.Arrays.fill(limbProduct, 0L);
      fft.backwardAdd(product, 0, limbProduct, 0, scratch);
      for (int i = 0; i < n; i++) {
        out[outOff + i] += limbProduct[i] << shift;
      }
    }
  }
}
