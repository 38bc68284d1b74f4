package io.fhestreams.engine.math;

/**
 * {@link FftKernel} in plain Java: the reference form of the transform (used when
 * jdk.incubator.vector is absent, and for N < 32). Radix-2 decimation in frequency (forward,
 * natural order in, bit-reversed out) and decimation in time (inverse, bit-reversed in, natural
 * out), so no permutation is ever applied; the twist is fused into the first forward stage, the
 * untwist and the rounding into the last inverse stage.
 */
final class ScalarFftKernel implements FftKernel {
  static final ScalarFftKernel INSTANCE = new ScalarFftKernel();

  private ScalarFftKernel() {}

  @Override
  public int minimumPoints() {
    return 1;
  }

  @Override
  public void forward(NegacyclicFft t, double[] in, int inOff, double[] out, int outOff) {
    int m = t.m;
    double[] twistRe = t.twistRe;
    double[] twistIm = t.twistIm;
    int im = outOff + m;
    if (m == 1) {
      out[outOff] = in[inOff];
      out[im] = in[inOff + 1];
      return;
    }
    int h = m >> 1;
    // first stage (half-size M/2) on the twisted input z_j = (a_j + i·a_{j+M})·ω^j
    for (int j = 0; j < h; j++) {
      int k = j + h;
      double ar = in[inOff + j];
      double ai = in[inOff + m + j];
      double br = in[inOff + k];
      double bi = in[inOff + m + k];
      double z1r = ar * twistRe[j] - ai * twistIm[j];
      double z1i = ar * twistIm[j] + ai * twistRe[j];
      double z2r = br * twistRe[k] - bi * twistIm[k];
      double z2i = br * twistIm[k] + bi * twistRe[k];
      out[outOff + j] = z1r + z2r;
      out[im + j] = z1i + z2i;
      double dr = z1r - z2r;
      double di = z1i - z2i;
      out[outOff + k] = dr * t.twRe[h + j] - di * t.twIm[h + j];
      out[im + k] = dr * t.twIm[h + j] + di * t.twRe[h + j];
    }
    for (h >>= 1; h >= 1; h >>= 1) {
      for (int s = 0; s < m; s += 2 * h) {
        for (int j = 0; j < h; j++) {
          int a = outOff + s + j;
          int b = a + h;
          double ur = out[a];
          double ui = out[a + m];
          double vr = out[b];
          double vi = out[b + m];
          out[a] = ur + vr;
          out[a + m] = ui + vi;
          double dr = ur - vr;
          double di = ui - vi;
          out[b] = dr * t.twRe[h + j] - di * t.twIm[h + j];
          out[b + m] = dr * t.twIm[h + j] + di * t.twRe[h + j];
        }
      }
    }
  }

  @Override
  public void backwardAdd(
      NegacyclicFft t, double[] data, int off, double[] work, int workOff, long[] out, int outOff) {
    int m = t.m;
    // each stage reads x at xOff and writes work; the first reads data (so data is not copied)
    double[] x = data;
    int xOff = off;
    for (int h = 1; h < m >> 1; h <<= 1) {
      for (int s = 0; s < m; s += 2 * h) {
        for (int j = 0; j < h; j++) {
          int a = s + j;
          int b = a + h;
          // v·conj(w)
          double xr = x[xOff + b];
          double xi = x[xOff + b + m];
          double vr = xr * t.twRe[h + j] + xi * t.twIm[h + j];
          double vi = xi * t.twRe[h + j] - xr * t.twIm[h + j];
          double ur = x[xOff + a];
          double ui = x[xOff + a + m];
          work[workOff + a] = ur + vr;
          work[workOff + a + m] = ui + vi;
          work[workOff + b] = ur - vr;
          work[workOff + b + m] = ui - vi;
        }
      }
      x = work;
      xOff = workOff;
    }
    double[] untwistRe = t.untwistRe;
    double[] untwistIm = t.untwistIm;
    if (m == 1) {
      out[outOff] += Torus.fromReal(x[xOff] * untwistRe[0]);
      out[outOff + 1] += Torus.fromReal(x[xOff + 1] * untwistRe[0]);
      return;
    }
    // last stage (half-size M/2) fused with the untwist z·conj(ω^j)/(M·2^64) and the rounding
    int h = m >> 1;
    for (int j = 0; j < h; j++) {
      int k = j + h;
      double xr = x[xOff + k];
      double xi = x[xOff + m + k];
      double vr = xr * t.twRe[h + j] + xi * t.twIm[h + j];
      double vi = xi * t.twRe[h + j] - xr * t.twIm[h + j];
      double ur = x[xOff + j];
      double ui = x[xOff + m + j];
      double z1r = ur + vr;
      double z1i = ui + vi;
      double z2r = ur - vr;
      double z2i = ui - vi;
      out[outOff + j] += Torus.fromReal(z1r * untwistRe[j] + z1i * untwistIm[j]);
      out[outOff + m + j] += Torus.fromReal(z1i * untwistRe[j] - z1r * untwistIm[j]);
      out[outOff + k] += Torus.fromReal(z2r * untwistRe[k] + z2i * untwistIm[k]);
      out[outOff + m + k] += Torus.fromReal(z2i * untwistRe[k] - z2r * untwistIm[k]);
    }
  }

  @Override
  public void multiplyAdd(
      double[] acc, int accOff, double[] a, int aOff, double[] b, int bOff, int m) {
    for (int j = 0; j < m; j++) {
      double ar = a[aOff + j];
      double ai = a[aOff + m + j];
      double br = b[bOff + j];
      double bi = b[bOff + m + j];
      acc[accOff + j] += ar * br - ai * bi;
      acc[accOff + m + j] += ar * bi + ai * br;
    }
  }

  @Override
  public void rotatedSum(
      double[] out,
      int outOff,
      double[] factors,
      double[] b,
      int bOff,
      int bStride,
      int count,
      int m) {
    System.arraycopy(b, bOff, out, outOff, 2 * m);
    for (int r = 1; r < count; r++) {
      multiplyAdd(out, outOff, factors, (r - 1) * 2 * m, b, bOff + r * bStride, m);
    }
  }

  /**
   * The sum into {@code work}, then {@link #backwardAdd} on it (the reference form of the fusion).
   */
  @Override
  public void backwardAddSum(
      NegacyclicFft t,
      double[] a,
      int aOff,
      int aStride,
      double[] b,
      int bOff,
      int bStride,
      int count,
      double[] work,
      int workOff,
      long[] out,
      int outOff) {
    int m = t.m;
    for (int j = 0; j < m; j++) {
      double re = 0;
      double im = 0;
      for (int r = 0; r < count; r++) {
        int ar = aOff + r * aStride + j;
        int br = bOff + r * bStride + j;
        re += a[ar] * b[br] - a[ar + m] * b[br + m];
        im += a[ar] * b[br + m] + a[ar + m] * b[br];
      }
      work[workOff + j] = re;
      work[workOff + m + j] = im;
    }
    backwardAdd(t, work, workOff, work, workOff, out, outOff);
  }

  @Override
  public void decompose(
      long[] in,
      int off,
      int n,
      int power,
      int shift,
      int baseLog,
      int levels,
      double[] digits,
      int digitsOff,
      int levelStride) {
    boolean negate = power >= n;
    int p = power < 0 ? 0 : negate ? power - n : power;
    for (int j = 0; j < n; j++) {
      long x;
      if (power < 0) {
        x = in[off + j];
      } else if (j < p) {
        // coefficient j of X^p·in is -in[j - p + n] for j < p and in[j - p] for j >= p; negated if
        // power >= n
        x = (negate ? in[off + j - p + n] : -in[off + j - p + n]) - in[off + j];
      } else {
        x = (negate ? -in[off + j - p] : in[off + j - p]) - in[off + j];
      }
      long state = rounded(x, shift);
      for (int t = 0; t < levels; t++) {
        long d = state & ((1L << baseLog) - 1);
        long carry = (d >>> (baseLog - 1)) & 1;
        digits[digitsOff + t * levelStride + j] = d - (carry << baseLog);
        state = (state >>> baseLog) + carry;
      }
    }
  }

  /** x rounded to its top 64 - shift bits: round(x / 2^shift) mod 2^(64 - shift). */
  static long rounded(long x, int shift) {
    return shift == 0 ? x : ((x >>> (shift - 1)) + 1) >>> 1;
  }
}
