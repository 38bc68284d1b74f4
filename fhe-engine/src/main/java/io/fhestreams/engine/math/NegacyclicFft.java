package io.fhestreams.engine.math;

import io.fhestreams.engine.params.PolynomialSize;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Negacyclic FFT in {@code double} for products mod X^N+1 through an M = N/2-point complex FFT with
 * a twist (the folding of TFHE-rs' tfhe-fft and Concrete): a real polynomial a is folded into
 * z_j = (a_j + i·a_{j+M})·ω^j, ω = e^{iπ/N}, and z is transformed with an M-point FFT. This
 * evaluates a at the M roots ω^{1-4t} of X^N+1; the other M roots are their conjugates, so
 * pointwise products of transforms are transforms of negacyclic products.
 *
 * <p>Layout for speed on the JIT: the M points are viewed as an R×C matrix (index r·C + c). The
 * radix-2 decimation-in-frequency stages whose butterflies pair whole rows run as loops over c on
 * separate row arrays (HotSpot C2 vectorizes a loop only when every array is indexed the same way);
 * the matrix is then transposed and the remaining stages pair whole columns the same way. A
 * transform is stored as N doubles — M real parts at {@code off}, M imaginary parts at
 * {@code off + M} — in this (column-major, bit-reversed) order; only pointwise products use it, and
 * the inverse undoes it. Twiddles are precomputed per N; transforms allocate nothing given a
 * {@link Scratch}. Instances are immutable and shared ({@link #of(PolynomialSize)}).
 *
 * <p>Precision: inputs are converted to double, so a 64-bit torus operand keeps its top 53 bits
 * (read as signed, as tfhe-rs' fft64 does); the error this causes in a torus-by-digit product is
 * the "FFT noise" of the noise model, measured in {@code NegacyclicFftTest}.
 */
public final class NegacyclicFft {
    private static final ConcurrentHashMap<Integer, NegacyclicFft> CACHE = new ConcurrentHashMap<>();

    private final int n;
    private final int m;
    private final int rows;
    private final int cols;
    private final double[] twistRe;
    private final double[] twistIm;
    private final double[] untwistRe;
    private final double[] untwistIm;
    /** Row stages: for row half-distance hr, row rr < hr at index hr - 1 + rr: e^{-iπ (rr·C + c)/(hr·C)}. */
    private final double[][] rowTwRe;
    private final double[][] rowTwIm;
    /** Column stages: for half-distance h < C, e^{-iπ j/h} at h - 1 + j. */
    private final double[] colTwRe;
    private final double[] colTwIm;

    /** Per-thread work arrays of one transform size. */
    public static final class Scratch {
        final double[][] xr;
        final double[][] xi;
        final double[][] tr;
        final double[][] ti;

        Scratch(int rows, int cols) {
            xr = new double[rows][cols];
            xi = new double[rows][cols];
            tr = new double[cols][rows];
            ti = new double[cols][rows];
        }
    }

    private NegacyclicFft(int n) {
        this.n = n;
        this.m = n / 2;
        int logM = Integer.numberOfTrailingZeros(m);
        this.cols = 1 << ((logM + 1) / 2);
        this.rows = m / cols;
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
        rowTwRe = new double[Math.max(1, rows - 1)][];
        rowTwIm = new double[Math.max(1, rows - 1)][];
        for (int hr = 1; hr < rows; hr <<= 1) {
            for (int rr = 0; rr < hr; rr++) {
                double[] re = new double[cols];
                double[] im = new double[cols];
                for (int c = 0; c < cols; c++) {
                    double angle = -Math.PI * (rr * (double) cols + c) / ((double) hr * cols);
                    re[c] = Math.cos(angle);
                    im[c] = Math.sin(angle);
                }
                rowTwRe[hr - 1 + rr] = re;
                rowTwIm[hr - 1 + rr] = im;
            }
        }
        colTwRe = new double[Math.max(1, cols - 1)];
        colTwIm = new double[Math.max(1, cols - 1)];
        for (int h = 1; h < cols; h <<= 1) {
            for (int j = 0; j < h; j++) {
                double angle = -Math.PI * j / h;
                colTwRe[h - 1 + j] = Math.cos(angle);
                colTwIm[h - 1 + j] = Math.sin(angle);
            }
        }
    }

    /** The shared transform for polynomials of size N. */
    public static NegacyclicFft of(PolynomialSize size) {
        return CACHE.computeIfAbsent(size.value(), NegacyclicFft::new);
    }

    /** New work arrays for this size (one per thread). */
    public Scratch newScratch() {
        return new Scratch(rows, cols);
    }

    public int polynomialSize() {
        return n;
    }

    /**
     * Transforms the polynomial {@code in[inOff, inOff+N)}, its coefficients read as signed 64-bit
     * integers, into {@code out[outOff, outOff+N)}.
     */
    public void forward(long[] in, int inOff, double[] out, int outOff, Scratch s) {
        for (int r = 0; r < rows; r++) {
            double[] xr = s.xr[r];
            double[] xi = s.xi[r];
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                int j = base + c;
                double a = in[inOff + j];
                double b = in[inOff + j + m];
                xr[c] = a * twistRe[j] - b * twistIm[j];
                xi[c] = a * twistIm[j] + b * twistRe[j];
            }
        }
        forwardTwisted(s);
        for (int c = 0; c < cols; c++) {
            System.arraycopy(s.tr[c], 0, out, outOff + c * rows, rows);
            System.arraycopy(s.ti[c], 0, out, outOff + m + c * rows, rows);
        }
    }

    /**
     * Fast path of the external product: transforms {@code in[inOff, inOff+N)} and leaves the
     * result in the scratch's column buffers, for {@link #multiplyAddColumns}.
     */
    public void forwardToScratch(long[] in, int inOff, Scratch s) {
        for (int r = 0; r < rows; r++) {
            double[] xr = s.xr[r];
            double[] xi = s.xi[r];
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                int j = base + c;
                double a = in[inOff + j];
                double b = in[inOff + j + m];
                xr[c] = a * twistRe[j] - b * twistIm[j];
                xi[c] = a * twistIm[j] + b * twistRe[j];
            }
        }
        forwardTwisted(s);
    }

    /** A zeroed accumulator in column layout: {@code [2][cols][rows]}, real parts then imaginary parts. */
    public double[][][] newColumnAccumulator() {
        return new double[2][cols][rows];
    }

    /** Zeroes an accumulator made by {@link #newColumnAccumulator()}. */
    public static void clear(double[][][] acc) {
        for (double[][] part : acc) {
            for (double[] row : part) {
                java.util.Arrays.fill(row, 0.0);
            }
        }
    }

    /** acc += (transform held in the scratch's column buffers) ⊙ b, b a flat transform at {@code bOff}. */
    public void multiplyAddColumns(double[][][] acc, Scratch s, double[] b, int bOff) {
        double[][] accRe = acc[0];
        double[][] accIm = acc[1];
        for (int c = 0; c < cols; c++) {
            double[] ar = s.tr[c];
            double[] ai = s.ti[c];
            double[] cr = accRe[c];
            double[] ci = accIm[c];
            int bo = bOff + c * rows;
            for (int r = 0; r < rows; r++) {
                double xr = ar[r];
                double xi = ai[r];
                double yr = b[bo + r];
                double yi = b[bo + m + r];
                cr[r] += xr * yr - xi * yi;
                ci[r] += xr * yi + xi * yr;
            }
        }
    }

    /**
     * Inverse transform of a column-layout accumulator (destroyed), rounded mod 2^64 and added to
     * {@code out[outOff, outOff+N)}.
     */
    public void backwardAddColumns(double[][][] acc, long[] out, int outOff, Scratch s) {
        backwardColumnsToRows(acc[0], acc[1], s);
        untwistRoundAdd(out, outOff, s);
    }

    /** {@link #forward(long[], int, double[], int, Scratch)} with temporary scratch. */
    public void forward(long[] in, int inOff, double[] out, int outOff) {
        forward(in, inOff, out, outOff, newScratch());
    }

    /**
     * Inverse transform of {@code data[off, off+N)}, rounded to integers mod 2^64 and added to
     * {@code out[outOff, outOff+N)}; {@code data} is left unchanged.
     */
    public void backwardAdd(double[] data, int off, long[] out, int outOff, Scratch s) {
        double[][] tr = s.tr;
        double[][] ti = s.ti;
        for (int c = 0; c < cols; c++) {
            System.arraycopy(data, off + c * rows, tr[c], 0, rows);
            System.arraycopy(data, off + m + c * rows, ti[c], 0, rows);
        }
        backwardColumnsToRows(tr, ti, s);
        untwistRoundAdd(out, outOff, s);
    }

    private void untwistRoundAdd(long[] out, int outOff, Scratch s) {
        for (int r = 0; r < rows; r++) {
            double[] xr = s.xr[r];
            double[] xi = s.xi[r];
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                int j = base + c;
                double re = xr[c];
                double ii = xi[c];
                double x = re * untwistRe[j] + ii * untwistIm[j];
                double y = ii * untwistRe[j] - re * untwistIm[j];
                out[outOff + j] += Torus.wrapRound(x);
                out[outOff + j + m] += Torus.wrapRound(y);
            }
        }
    }

    /** {@link #backwardAdd(double[], int, long[], int, Scratch)} with temporary scratch. */
    public void backwardAdd(double[] data, int off, long[] out, int outOff) {
        backwardAdd(data, off, out, outOff, newScratch());
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
        Scratch s = newScratch();
        double[] fa = new double[n];
        double[] fb = new double[n];
        double[] acc = new double[n];
        forward(a, 0, fa, 0, s);
        forward(b, 0, fb, 0, s);
        multiplyAdd(acc, 0, fa, 0, fb, 0);
        long[] out = new long[n];
        backwardAdd(acc, 0, out, 0, s);
        return out;
    }

    /** DIF stages on the twisted rows in {@code s.xr/xi}, transpose, column stages: result in s.tr/ti. */
    private void forwardTwisted(Scratch s) {
        double[][] xr = s.xr;
        double[][] xi = s.xi;
        for (int hr = rows >> 1; hr >= 1; hr >>= 1) {
            for (int start = 0; start < rows; start += 2 * hr) {
                for (int rr = 0; rr < hr; rr++) {
                    difRows(xr[start + rr], xi[start + rr], xr[start + rr + hr], xi[start + rr + hr],
                            rowTwRe[hr - 1 + rr], rowTwIm[hr - 1 + rr], cols);
                }
            }
        }
        double[][] tr = s.tr;
        double[][] ti = s.ti;
        transpose(xr, tr, rows, cols);
        transpose(xi, ti, rows, cols);
        for (int h = cols >> 1; h >= 1; h >>= 1) {
            for (int start = 0; start < cols; start += 2 * h) {
                for (int j = 0; j < h; j++) {
                    difColumns(tr[start + j], ti[start + j], tr[start + j + h], ti[start + j + h],
                            colTwRe[h - 1 + j], colTwIm[h - 1 + j], rows);
                }
            }
        }
    }

    /** Inverse column stages on (tr, ti) in place, transpose, inverse row stages: result (unscaled, twisted) in s.xr/xi. */
    private void backwardColumnsToRows(double[][] tr, double[][] ti, Scratch s) {
        for (int h = 1; h < cols; h <<= 1) {
            for (int start = 0; start < cols; start += 2 * h) {
                for (int j = 0; j < h; j++) {
                    ditColumns(tr[start + j], ti[start + j], tr[start + j + h], ti[start + j + h],
                            colTwRe[h - 1 + j], -colTwIm[h - 1 + j], rows);
                }
            }
        }
        double[][] xr = s.xr;
        double[][] xi = s.xi;
        transpose(tr, xr, cols, rows);
        transpose(ti, xi, cols, rows);
        for (int hr = 1; hr < rows; hr <<= 1) {
            for (int start = 0; start < rows; start += 2 * hr) {
                for (int rr = 0; rr < hr; rr++) {
                    ditRows(xr[start + rr], xi[start + rr], xr[start + rr + hr], xi[start + rr + hr],
                            rowTwRe[hr - 1 + rr], rowTwIm[hr - 1 + rr], cols);
                }
            }
        }
    }

    /** (a, b) ← (a + b, (a - b)·w) element-wise, w per element. */
    private static void difRows(double[] ar, double[] ai, double[] br, double[] bi, double[] wr, double[] wi, int len) {
        for (int c = 0; c < len; c++) {
            double ur = ar[c];
            double ui = ai[c];
            double vr = br[c];
            double vi = bi[c];
            ar[c] = ur + vr;
            ai[c] = ui + vi;
            double dr = ur - vr;
            double di = ui - vi;
            br[c] = dr * wr[c] - di * wi[c];
            bi[c] = dr * wi[c] + di * wr[c];
        }
    }

    /** (a, b) ← (a + b·conj(w), a - b·conj(w)) element-wise, w per element. */
    private static void ditRows(double[] ar, double[] ai, double[] br, double[] bi, double[] wr, double[] wi, int len) {
        for (int c = 0; c < len; c++) {
            double xr = br[c];
            double xi = bi[c];
            double vr = xr * wr[c] + xi * wi[c];
            double vi = xi * wr[c] - xr * wi[c];
            double ur = ar[c];
            double ui = ai[c];
            ar[c] = ur + vr;
            ai[c] = ui + vi;
            br[c] = ur - vr;
            bi[c] = ui - vi;
        }
    }

    /** (a, b) ← (a + b, (a - b)·w) element-wise, one w. */
    private static void difColumns(double[] ar, double[] ai, double[] br, double[] bi, double wr, double wi, int len) {
        for (int r = 0; r < len; r++) {
            double ur = ar[r];
            double ui = ai[r];
            double vr = br[r];
            double vi = bi[r];
            ar[r] = ur + vr;
            ai[r] = ui + vi;
            double dr = ur - vr;
            double di = ui - vi;
            br[r] = dr * wr - di * wi;
            bi[r] = dr * wi + di * wr;
        }
    }

    /** (a, b) ← (a + b·w, a - b·w) element-wise, one w (already conjugated by the caller). */
    private static void ditColumns(double[] ar, double[] ai, double[] br, double[] bi, double wr, double wi, int len) {
        for (int r = 0; r < len; r++) {
            double xr = br[r];
            double xi = bi[r];
            double vr = xr * wr - xi * wi;
            double vi = xr * wi + xi * wr;
            double ur = ar[r];
            double ui = ai[r];
            ar[r] = ur + vr;
            ai[r] = ui + vi;
            br[r] = ur - vr;
            bi[r] = ui - vi;
        }
    }

    private static void transpose(double[][] src, double[][] dst, int srcRows, int srcCols) {
        for (int r = 0; r < srcRows; r++) {
            double[] row = src[r];
            for (int c = 0; c < srcCols; c++) {
                dst[c][r] = row[c];
            }
        }
    }
}
