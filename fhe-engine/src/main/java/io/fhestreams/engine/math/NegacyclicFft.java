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
        untwistTruncateAdd(out, outOff, s);
    }

    /**
     * As {@link #untwistRoundAdd} but reduces mod 2^64 with one rounding and then truncates: the
     * result may differ from the nearest integer by one unit (2^-64 on the torus), far below the
     * FFT's own error, and it saves a rounding per coefficient in the external product.
     */
    private void untwistTruncateAdd(long[] out, int outOff, Scratch s) {
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
                out[outOff + j] += (long) (x - 0x1p64 * Math.rint(x * 0x1p-64));
                out[outOff + j + m] += (long) (y - 0x1p64 * Math.rint(y * 0x1p-64));
            }
        }
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
        int hr = rows >> 1;
        // two radix-2 stages per pass (half the loads and stores), then a last single stage if needed
        for (; hr >= 2; hr >>= 2) {
            int q = hr >> 1;
            for (int start = 0; start < rows; start += 2 * hr) {
                for (int j = 0; j < q; j++) {
                    int r0 = start + j;
                    int r1 = r0 + q;
                    int r2 = r0 + hr;
                    int r3 = r2 + q;
                    difRows2(xr[r0], xi[r0], xr[r1], xi[r1], xr[r2], xi[r2], xr[r3], xi[r3],
                            rowTwRe[hr - 1 + j], rowTwIm[hr - 1 + j], rowTwRe[hr - 1 + j + q], rowTwIm[hr - 1 + j + q],
                            rowTwRe[q - 1 + j], rowTwIm[q - 1 + j], cols);
                }
            }
        }
        if (hr == 1) {
            for (int start = 0; start < rows; start += 2) {
                difRows(xr[start], xi[start], xr[start + 1], xi[start + 1], rowTwRe[0], rowTwIm[0], cols);
            }
        }
        double[][] tr = s.tr;
        double[][] ti = s.ti;
        transpose(xr, tr, rows, cols);
        transpose(xi, ti, rows, cols);
        int h = cols >> 1;
        for (; h >= 2; h >>= 2) {
            int q = h >> 1;
            for (int start = 0; start < cols; start += 2 * h) {
                for (int j = 0; j < q; j++) {
                    int c0 = start + j;
                    int c1 = c0 + q;
                    int c2 = c0 + h;
                    int c3 = c2 + q;
                    difColumns2(tr[c0], ti[c0], tr[c1], ti[c1], tr[c2], ti[c2], tr[c3], ti[c3],
                            colTwRe[h - 1 + j], colTwIm[h - 1 + j], colTwRe[h - 1 + j + q], colTwIm[h - 1 + j + q],
                            colTwRe[q - 1 + j], colTwIm[q - 1 + j], rows);
                }
            }
        }
        if (h == 1) {
            for (int start = 0; start < cols; start += 2) {
                difColumns(tr[start], ti[start], tr[start + 1], ti[start + 1], 1.0, 0.0, rows);
            }
        }
    }

    /** Inverse column stages on (tr, ti) in place, transpose, inverse row stages: result (unscaled, twisted) in s.xr/xi. */
    private void backwardColumnsToRows(double[][] tr, double[][] ti, Scratch s) {
        // the exact reverse of the forward column passes: a single stage first if their count is odd
        int h = 1;
        if (Integer.numberOfTrailingZeros(cols) % 2 == 1) {
            for (int start = 0; start < cols; start += 2) {
                ditColumns(tr[start], ti[start], tr[start + 1], ti[start + 1], 1.0, 0.0, rows);
            }
            h = 2;
        }
        for (; 2 * h < cols; h <<= 2) {
            int q = h;
            int hh = 2 * h;
            for (int start = 0; start < cols; start += 2 * hh) {
                for (int j = 0; j < q; j++) {
                    int c0 = start + j;
                    int c1 = c0 + q;
                    int c2 = c0 + hh;
                    int c3 = c2 + q;
                    ditColumns2(tr[c0], ti[c0], tr[c1], ti[c1], tr[c2], ti[c2], tr[c3], ti[c3],
                            colTwRe[hh - 1 + j], -colTwIm[hh - 1 + j], colTwRe[hh - 1 + j + q], -colTwIm[hh - 1 + j + q],
                            colTwRe[q - 1 + j], -colTwIm[q - 1 + j], rows);
                }
            }
        }
        double[][] xr = s.xr;
        double[][] xi = s.xi;
        transpose(tr, xr, cols, rows);
        transpose(ti, xi, cols, rows);
        int hr = 1;
        if (Integer.numberOfTrailingZeros(rows) % 2 == 1) {
            for (int start = 0; start < rows; start += 2) {
                ditRows(xr[start], xi[start], xr[start + 1], xi[start + 1], rowTwRe[0], rowTwIm[0], cols);
            }
            hr = 2;
        }
        for (; 2 * hr < rows; hr <<= 2) {
            int q = hr;
            int hh = 2 * hr;
            for (int start = 0; start < rows; start += 2 * hh) {
                for (int j = 0; j < q; j++) {
                    int r0 = start + j;
                    int r1 = r0 + q;
                    int r2 = r0 + hh;
                    int r3 = r2 + q;
                    ditRows2(xr[r0], xi[r0], xr[r1], xi[r1], xr[r2], xi[r2], xr[r3], xi[r3],
                            rowTwRe[hh - 1 + j], rowTwIm[hh - 1 + j], rowTwRe[hh - 1 + j + q], rowTwIm[hh - 1 + j + q],
                            rowTwRe[q - 1 + j], rowTwIm[q - 1 + j], cols);
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

    /**
     * Two DIF stages on four rows: (0,2) with wa, (1,3) with wb, then (0,1) and (2,3) with wc;
     * twiddles per element.
     */
    private static void difRows2(double[] r0, double[] i0, double[] r1, double[] i1, double[] r2, double[] i2,
            double[] r3, double[] i3, double[] war, double[] wai, double[] wbr, double[] wbi, double[] wcr,
            double[] wci, int len) {
        for (int c = 0; c < len; c++) {
            double a0r = r0[c];
            double a0i = i0[c];
            double a1r = r1[c];
            double a1i = i1[c];
            double a2r = r2[c];
            double a2i = i2[c];
            double a3r = r3[c];
            double a3i = i3[c];
            double s0r = a0r + a2r;
            double s0i = a0i + a2i;
            double d0r = a0r - a2r;
            double d0i = a0i - a2i;
            double s1r = a1r + a3r;
            double s1i = a1i + a3i;
            double d1r = a1r - a3r;
            double d1i = a1i - a3i;
            double t2r = d0r * war[c] - d0i * wai[c];
            double t2i = d0r * wai[c] + d0i * war[c];
            double t3r = d1r * wbr[c] - d1i * wbi[c];
            double t3i = d1r * wbi[c] + d1i * wbr[c];
            r0[c] = s0r + s1r;
            i0[c] = s0i + s1i;
            double e1r = s0r - s1r;
            double e1i = s0i - s1i;
            r1[c] = e1r * wcr[c] - e1i * wci[c];
            i1[c] = e1r * wci[c] + e1i * wcr[c];
            r2[c] = t2r + t3r;
            i2[c] = t2i + t3i;
            double e3r = t2r - t3r;
            double e3i = t2i - t3i;
            r3[c] = e3r * wcr[c] - e3i * wci[c];
            i3[c] = e3r * wci[c] + e3i * wcr[c];
        }
    }

    /** Inverse of {@link #difRows2} up to scale 4: DIT with conjugate twiddles, stages (0,1),(2,3) then (0,2),(1,3). */
    private static void ditRows2(double[] r0, double[] i0, double[] r1, double[] i1, double[] r2, double[] i2,
            double[] r3, double[] i3, double[] war, double[] wai, double[] wbr, double[] wbi, double[] wcr,
            double[] wci, int len) {
        for (int c = 0; c < len; c++) {
            double x1r = r1[c];
            double x1i = i1[c];
            double v1r = x1r * wcr[c] + x1i * wci[c];
            double v1i = x1i * wcr[c] - x1r * wci[c];
            double x3r = r3[c];
            double x3i = i3[c];
            double v3r = x3r * wcr[c] + x3i * wci[c];
            double v3i = x3i * wcr[c] - x3r * wci[c];
            double a0r = r0[c] + v1r;
            double a0i = i0[c] + v1i;
            double a1r = r0[c] - v1r;
            double a1i = i0[c] - v1i;
            double a2r = r2[c] + v3r;
            double a2i = i2[c] + v3i;
            double a3r = r2[c] - v3r;
            double a3i = i2[c] - v3i;
            double u2r = a2r * war[c] + a2i * wai[c];
            double u2i = a2i * war[c] - a2r * wai[c];
            double u3r = a3r * wbr[c] + a3i * wbi[c];
            double u3i = a3i * wbr[c] - a3r * wbi[c];
            r0[c] = a0r + u2r;
            i0[c] = a0i + u2i;
            r2[c] = a0r - u2r;
            i2[c] = a0i - u2i;
            r1[c] = a1r + u3r;
            i1[c] = a1i + u3i;
            r3[c] = a1r - u3r;
            i3[c] = a1i - u3i;
        }
    }

    /** {@link #difRows2} with one twiddle per pair. */
    private static void difColumns2(double[] r0, double[] i0, double[] r1, double[] i1, double[] r2, double[] i2,
            double[] r3, double[] i3, double war, double wai, double wbr, double wbi, double wcr, double wci, int len) {
        for (int c = 0; c < len; c++) {
            double a0r = r0[c];
            double a0i = i0[c];
            double a1r = r1[c];
            double a1i = i1[c];
            double a2r = r2[c];
            double a2i = i2[c];
            double a3r = r3[c];
            double a3i = i3[c];
            double s0r = a0r + a2r;
            double s0i = a0i + a2i;
            double d0r = a0r - a2r;
            double d0i = a0i - a2i;
            double s1r = a1r + a3r;
            double s1i = a1i + a3i;
            double d1r = a1r - a3r;
            double d1i = a1i - a3i;
            double t2r = d0r * war - d0i * wai;
            double t2i = d0r * wai + d0i * war;
            double t3r = d1r * wbr - d1i * wbi;
            double t3i = d1r * wbi + d1i * wbr;
            r0[c] = s0r + s1r;
            i0[c] = s0i + s1i;
            double e1r = s0r - s1r;
            double e1i = s0i - s1i;
            r1[c] = e1r * wcr - e1i * wci;
            i1[c] = e1r * wci + e1i * wcr;
            r2[c] = t2r + t3r;
            i2[c] = t2i + t3i;
            double e3r = t2r - t3r;
            double e3i = t2i - t3i;
            r3[c] = e3r * wcr - e3i * wci;
            i3[c] = e3r * wci + e3i * wcr;
        }
    }

    /** {@link #ditRows2} with one (already conjugated) twiddle per pair. */
    private static void ditColumns2(double[] r0, double[] i0, double[] r1, double[] i1, double[] r2, double[] i2,
            double[] r3, double[] i3, double war, double wai, double wbr, double wbi, double wcr, double wci, int len) {
        for (int c = 0; c < len; c++) {
            double x1r = r1[c];
            double x1i = i1[c];
            double v1r = x1r * wcr - x1i * wci;
            double v1i = x1r * wci + x1i * wcr;
            double x3r = r3[c];
            double x3i = i3[c];
            double v3r = x3r * wcr - x3i * wci;
            double v3i = x3r * wci + x3i * wcr;
            double a0r = r0[c] + v1r;
            double a0i = i0[c] + v1i;
            double a1r = r0[c] - v1r;
            double a1i = i0[c] - v1i;
            double a2r = r2[c] + v3r;
            double a2i = i2[c] + v3i;
            double a3r = r2[c] - v3r;
            double a3i = i2[c] - v3i;
            double u2r = a2r * war - a2i * wai;
            double u2i = a2r * wai + a2i * war;
            double u3r = a3r * wbr - a3i * wbi;
            double u3i = a3r * wbi + a3i * wbr;
            r0[c] = a0r + u2r;
            i0[c] = a0i + u2i;
            r2[c] = a0r - u2r;
            i2[c] = a0i - u2i;
            r1[c] = a1r + u3r;
            i1[c] = a1i + u3i;
            r3[c] = a1r - u3r;
            i3[c] = a1i - u3i;
        }
    }

    /** dst[c][r] = src[r][c], four source rows at a time (fewer row-reference loads). */
    private static void transpose(double[][] src, double[][] dst, int srcRows, int srcCols) {
        int r = 0;
        for (; r + 4 <= srcRows; r += 4) {
            double[] s0 = src[r];
            double[] s1 = src[r + 1];
            double[] s2 = src[r + 2];
            double[] s3 = src[r + 3];
            for (int c = 0; c < srcCols; c++) {
                double[] d = dst[c];
                d[r] = s0[c];
                d[r + 1] = s1[c];
                d[r + 2] = s2[c];
                d[r + 3] = s3[c];
            }
        }
        for (; r < srcRows; r++) {
            double[] row = src[r];
            for (int c = 0; c < srcCols; c++) {
                dst[c][r] = row[c];
            }
        }
    }
}
