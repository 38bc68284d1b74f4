package io.fhestreams.engine.math;

import io.fhestreams.engine.params.PolynomialSize;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Negacyclic FFT in {@code double} for products mod X^N+1 through an N/2-point complex FFT with a
 * twist (the folding used by TFHE-rs' tfhe-fft and Concrete): a real polynomial a is folded into
 * z_j = (a_j + i·a_{j+N/2})·ω^j, ω = e^{iπ/N}, and z is transformed with an N/2-point FFT. This
 * evaluates a at the N/2 roots ω^{1-4m} of X^N+1; the other N/2 roots are their conjugates, so
 * pointwise products of transforms are transforms of negacyclic products.
 *
 * <p>A transform is stored as N doubles: the N/2 real parts at {@code off}, the N/2 imaginary parts
 * at {@code off + N/2}, in bit-reversed order (decimation-in-frequency forward, decimation-in-time
 * inverse, so no permutation is needed). Twiddles are precomputed per N; transforms allocate nothing.
 * Instances are immutable and shared ({@link #of(PolynomialSize)}).
 *
 * <p>Precision: inputs are converted to double, so a 64-bit torus operand keeps its top 53 bits
 * (read as signed, as tfhe-rs' fft64 does); the error that causes in a torus-by-digit product is
 * the "FFT noise" of the noise model and is measured in {@code NegacyclicFftTest}.
 */
public final class NegacyclicFft {
    private static final ConcurrentHashMap<Integer, NegacyclicFft> CACHE = new ConcurrentHashMap<>();

    private final int n;
    private final int m;
    /** Twist ω^j, j < N/2. */
    private final double[] twistRe;
    private final double[] twistIm;
    /** Inverse twist ω^{-j} / (N/2): the conjugate, with the 1/M scaling folded in. */
    private final double[] untwistRe;
    private final double[] untwistIm;
    /** For stage half-size h, twiddles e^{-iπ j/h}, j < h, at offset h - 1. */
    private final double[] twRe;
    private final double[] twIm;

    private NegacyclicFft(int n) {
        this.n = n;
        this.m = n / 2;
        twistRe = new double[m];
        twistIm = new double[m];
        untwistRe = new double[m];
        untwistIm = new double[m];
        for (int j = 0; j < m; j++) {
            double angle = Math.PI * j / n;
            twistRe[j] = Math.cos(angle);
            twistIm[j] = Math.sin(angle);
            untwistRe[j] = twistRe[j] / m;
            untwistIm[j] = twistIm[j] / m;
        }
        twRe = new double[Math.max(1, m - 1)];
        twIm = new double[Math.max(1, m - 1)];
        for (int h = 1; h < m; h <<= 1) {
            for (int j = 0; j < h; j++) {
                double angle = -Math.PI * j / h;
                twRe[h - 1 + j] = Math.cos(angle);
                twIm[h - 1 + j] = Math.sin(angle);
            }
        }
    }

    /** The shared transform for polynomials of size N. */
    public static NegacyclicFft of(PolynomialSize size) {
        return CACHE.computeIfAbsent(size.value(), NegacyclicFft::new);
    }

    public int polynomialSize() {
        return n;
    }

    /**
     * Transforms the polynomial {@code in[inOff, inOff+N)}, its coefficients read as signed 64-bit
     * integers, into {@code out[outOff, outOff+N)}.
     */
    public void forward(long[] in, int inOff, double[] out, int outOff) {
        int im = outOff + m;
        for (int j = 0; j < m; j++) {
            double a = in[inOff + j];
            double b = in[inOff + j + m];
            out[outOff + j] = a * twistRe[j] - b * twistIm[j];
            out[im + j] = a * twistIm[j] + b * twistRe[j];
        }
        forwardInPlace(out, outOff);
    }

    /**
     * Inverse transform of {@code data[off, off+N)} (destroyed), rounded to integers mod 2^64 and
     * added to {@code out[outOff, outOff+N)}.
     */
    public void backwardAdd(double[] data, int off, long[] out, int outOff) {
        backwardInPlace(data, off);
        int im = off + m;
        for (int j = 0; j < m; j++) {
            double re = data[off + j];
            double ii = data[im + j];
            double x = re * untwistRe[j] + ii * untwistIm[j];
            double y = ii * untwistRe[j] - re * untwistIm[j];
            out[outOff + j] += Torus.wrapRound(x);
            out[outOff + j + m] += Torus.wrapRound(y);
        }
    }

    /** acc += a ⊙ b (complex pointwise), all three transforms of N doubles. */
    public void multiplyAdd(double[] acc, int accOff, double[] a, int aOff, double[] b, int bOff) {
        for (int j = 0; j < m; j++) {
            double ar = a[aOff + j];
            double ai = a[aOff + m + j];
            double br = b[bOff + j];
            double bi = b[bOff + m + j];
            acc[accOff + j] += ar * br - ai * bi;
            acc[accOff + m + j] += ar * bi + ai * br;
        }
    }

    /** The negacyclic product a*b mod (X^N+1, 2^64) through the FFT, rounded (test and tooling helper). */
    public long[] multiplyNew(long[] a, long[] b) {
        double[] fa = new double[n];
        double[] fb = new double[n];
        double[] acc = new double[n];
        forward(a, 0, fa, 0);
        forward(b, 0, fb, 0);
        multiplyAdd(acc, 0, fa, 0, fb, 0);
        long[] out = new long[n];
        backwardAdd(acc, 0, out, 0);
        return out;
    }

    /** Decimation in frequency, natural order in, bit-reversed out. */
    private void forwardInPlace(double[] d, int re) {
        int im = re + m;
        for (int h = m >> 1; h >= 1; h >>= 1) {
            int t = h - 1;
            for (int s = 0; s < m; s += 2 * h) {
                int a0 = s;
                int b0 = s + h;
                for (int j = 0; j < h; j++) {
                    int a = a0 + j;
                    int b = b0 + j;
                    double ur = d[re + a];
                    double ui = d[im + a];
                    double vr = d[re + b];
                    double vi = d[im + b];
                    d[re + a] = ur + vr;
                    d[im + a] = ui + vi;
                    double dr = ur - vr;
                    double di = ui - vi;
                    double wr = twRe[t + j];
                    double wi = twIm[t + j];
                    d[re + b] = dr * wr - di * wi;
                    d[im + b] = dr * wi + di * wr;
                }
            }
        }
    }

    /** Decimation in time with conjugate twiddles, bit-reversed in, natural out; unscaled. */
    private void backwardInPlace(double[] d, int re) {
        int im = re + m;
        for (int h = 1; h < m; h <<= 1) {
            int t = h - 1;
            for (int s = 0; s < m; s += 2 * h) {
                int a0 = s;
                int b0 = s + h;
                for (int j = 0; j < h; j++) {
                    int a = a0 + j;
                    int b = b0 + j;
                    double wr = twRe[t + j];
                    double wi = -twIm[t + j];
                    double xr = d[re + b];
                    double xi = d[im + b];
                    double vr = xr * wr - xi * wi;
                    double vi = xr * wi + xi * wr;
                    double ur = d[re + a];
                    double ui = d[im + a];
                    d[re + a] = ur + vr;
                    d[im + a] = ui + vi;
                    d[re + b] = ur - vr;
                    d[im + b] = ui - vi;
                }
            }
        }
    }
}
