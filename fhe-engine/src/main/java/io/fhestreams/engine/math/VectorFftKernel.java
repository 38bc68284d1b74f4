package io.fhestreams.engine.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FftKernel} on explicit 256-bit vectors (jdk.incubator.vector; AVX2: 4 doubles or longs),
 * the same algorithm as {@link ScalarFftKernel} four points at a time. Stages of half-size h >= 4
 * pair whole vectors; the last two forward stages (h = 2, 1) — and the first two inverse ones —
 * pair lanes of one vector and run as a 4-point butterfly with two lane permutations. Long-to-double
 * conversion of digits uses the 1.5·2^52 bit trick, double-to-long rounding mod 2^64 takes the
 * exponent and mantissa apart (AVX2 has no 64-bit conversion instructions; tfhe-fft does the same in
 * {@code convert_add_backward_torus}). Loaded only when the module is present
 * ({@link NegacyclicFft}); needs M = N/2 >= 8.
 */
final class VectorFftKernel implements FftKernel {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_256;
    private static final VectorShuffle<Double> SWAP_HALVES = VectorShuffle.fromValues(D, 2, 3, 0, 1);
    private static final VectorShuffle<Double> SWAP_PAIRS = VectorShuffle.fromValues(D, 1, 0, 3, 2);
    private static final DoubleVector SIGN_HALVES = DoubleVector.fromArray(D, new double[] {1, 1, -1, -1}, 0);
    private static final DoubleVector SIGN_PAIRS = DoubleVector.fromArray(D, new double[] {1, -1, 1, -1}, 0);
    private static final VectorMask<Double> LANE_3 = VectorMask.fromValues(D, false, false, false, true);
    /** 1.5·2^52: adding it to |d| < 2^51 leaves d in the low mantissa bits. */
    private static final double MAGIC = 0x1.8p52;
    private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);

    private VectorFftKernel() {
    }

    /** The kernel when the platform has 256-bit double vectors, else null (called reflectively). */
    public static FftKernel createIfSupported() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256 ? new VectorFftKernel() : null;
    }

    @Override
    public void forward(NegacyclicFft t, double[] in, int inOff, double[] out, int outOff) {
        int m = t.m;
        double[] twRe = t.twRe;
        double[] twIm = t.twIm;
        double[] twistRe = t.twistRe;
        double[] twistIm = t.twistIm;
        int im = outOff + m;
        int h = m >> 1;
        // first stage (half-size M/2) on the twisted input z_j = (a_j + i·a_{j+M})·ω^j
        for (int j = 0; j < h; j += 4) {
            int k = j + h;
            DoubleVector ar = DoubleVector.fromArray(D, in, inOff + j);
            DoubleVector ai = DoubleVector.fromArray(D, in, inOff + m + j);
            DoubleVector br = DoubleVector.fromArray(D, in, inOff + k);
            DoubleVector bi = DoubleVector.fromArray(D, in, inOff + m + k);
            DoubleVector c1 = DoubleVector.fromArray(D, twistRe, j);
            DoubleVector s1 = DoubleVector.fromArray(D, twistIm, j);
            DoubleVector c2 = DoubleVector.fromArray(D, twistRe, k);
            DoubleVector s2 = DoubleVector.fromArray(D, twistIm, k);
            DoubleVector z1r = ar.mul(c1).sub(ai.mul(s1));
            DoubleVector z1i = ar.mul(s1).add(ai.mul(c1));
            DoubleVector z2r = br.mul(c2).sub(bi.mul(s2));
            DoubleVector z2i = br.mul(s2).add(bi.mul(c2));
            z1r.add(z2r).intoArray(out, outOff + j);
            z1i.add(z2i).intoArray(out, im + j);
            DoubleVector dr = z1r.sub(z2r);
            DoubleVector di = z1i.sub(z2i);
            DoubleVector wr = DoubleVector.fromArray(D, twRe, h + j);
            DoubleVector wi = DoubleVector.fromArray(D, twIm, h + j);
            dr.mul(wr).sub(di.mul(wi)).intoArray(out, outOff + k);
            dr.mul(wi).add(di.mul(wr)).intoArray(out, im + k);
        }
        for (h >>= 1; h >= 4; h >>= 1) {
            for (int s = 0; s < m; s += 2 * h) {
                for (int j = 0; j < h; j += 4) {
                    int a = outOff + s + j;
                    int b = a + h;
                    DoubleVector ur = DoubleVector.fromArray(D, out, a);
                    DoubleVector ui = DoubleVector.fromArray(D, out, a + m);
                    DoubleVector vr = DoubleVector.fromArray(D, out, b);
                    DoubleVector vi = DoubleVector.fromArray(D, out, b + m);
                    ur.add(vr).intoArray(out, a);
                    ui.add(vi).intoArray(out, a + m);
                    DoubleVector dr = ur.sub(vr);
                    DoubleVector di = ui.sub(vi);
                    DoubleVector wr = DoubleVector.fromArray(D, twRe, h + j);
                    DoubleVector wi = DoubleVector.fromArray(D, twIm, h + j);
                    dr.mul(wr).sub(di.mul(wi)).intoArray(out, b);
                    dr.mul(wi).add(di.mul(wr)).intoArray(out, b + m);
                }
            }
        }
        // stages h = 2 (twiddles 1, -i) and h = 1 (twiddle 1) inside each vector
        for (int j = 0; j < m; j += 4) {
            DoubleVector xr = DoubleVector.fromArray(D, out, outOff + j);
            DoubleVector xi = DoubleVector.fromArray(D, out, im + j);
            // (x0 + x2, x1 + x3, x0 - x2, x1 - x3)
            DoubleVector yr = xr.fma(SIGN_HALVES, xr.rearrange(SWAP_HALVES));
            DoubleVector yi = xi.fma(SIGN_HALVES, xi.rearrange(SWAP_HALVES));
            // lane 3 times -i
            DoubleVector ur = yr.blend(yi, LANE_3);
            DoubleVector ui = yi.blend(yr.neg(), LANE_3);
            // (u0 + u1, u0 - u1, u2 + u3, u2 - u3)
            ur.fma(SIGN_PAIRS, ur.rearrange(SWAP_PAIRS)).intoArray(out, outOff + j);
            ui.fma(SIGN_PAIRS, ui.rearrange(SWAP_PAIRS)).intoArray(out, im + j);
        }
    }

    @Override
    public void backwardAdd(NegacyclicFft t, double[] data, int off, long[] out, int outOff) {
        int m = t.m;
        double[] twRe = t.twRe;
        double[] twIm = t.twIm;
        int im = off + m;
        // inverse of the in-vector stages h = 1 then h = 2 (conjugate twiddles)
        for (int j = 0; j < m; j += 4) {
            DoubleVector zr = DoubleVector.fromArray(D, data, off + j);
            DoubleVector zi = DoubleVector.fromArray(D, data, im + j);
            DoubleVector ur = zr.fma(SIGN_PAIRS, zr.rearrange(SWAP_PAIRS));
            DoubleVector ui = zi.fma(SIGN_PAIRS, zi.rearrange(SWAP_PAIRS));
            // lane 3 times +i
            DoubleVector yr = ur.blend(ui.neg(), LANE_3);
            DoubleVector yi = ui.blend(ur, LANE_3);
            yr.fma(SIGN_HALVES, yr.rearrange(SWAP_HALVES)).intoArray(data, off + j);
            yi.fma(SIGN_HALVES, yi.rearrange(SWAP_HALVES)).intoArray(data, im + j);
        }
        for (int h = 4; h < m >> 1; h <<= 1) {
            for (int s = 0; s < m; s += 2 * h) {
                for (int j = 0; j < h; j += 4) {
                    int a = off + s + j;
                    int b = a + h;
                    DoubleVector wr = DoubleVector.fromArray(D, twRe, h + j);
                    DoubleVector wi = DoubleVector.fromArray(D, twIm, h + j);
                    DoubleVector xr = DoubleVector.fromArray(D, data, b);
                    DoubleVector xi = DoubleVector.fromArray(D, data, b + m);
                    DoubleVector vr = xr.mul(wr).add(xi.mul(wi));
                    DoubleVector vi = xi.mul(wr).sub(xr.mul(wi));
                    DoubleVector ur = DoubleVector.fromArray(D, data, a);
                    DoubleVector ui = DoubleVector.fromArray(D, data, a + m);
                    ur.add(vr).intoArray(data, a);
                    ui.add(vi).intoArray(data, a + m);
                    ur.sub(vr).intoArray(data, b);
                    ui.sub(vi).intoArray(data, b + m);
                }
            }
        }
        // last stage (half-size M/2) fused with the untwist z·conj(ω^j)/M and the rounding
        double[] untwistRe = t.untwistRe;
        double[] untwistIm = t.untwistIm;
        int h = m >> 1;
        for (int j = 0; j < h; j += 4) {
            int k = j + h;
            DoubleVector wr = DoubleVector.fromArray(D, twRe, h + j);
            DoubleVector wi = DoubleVector.fromArray(D, twIm, h + j);
            DoubleVector xr = DoubleVector.fromArray(D, data, off + k);
            DoubleVector xi = DoubleVector.fromArray(D, data, im + k);
            DoubleVector vr = xr.mul(wr).add(xi.mul(wi));
            DoubleVector vi = xi.mul(wr).sub(xr.mul(wi));
            DoubleVector ur = DoubleVector.fromArray(D, data, off + j);
            DoubleVector ui = DoubleVector.fromArray(D, data, im + j);
            DoubleVector z1r = ur.add(vr);
            DoubleVector z1i = ui.add(vi);
            DoubleVector z2r = ur.sub(vr);
            DoubleVector z2i = ui.sub(vi);
            DoubleVector c1 = DoubleVector.fromArray(D, untwistRe, j);
            DoubleVector s1 = DoubleVector.fromArray(D, untwistIm, j);
            DoubleVector c2 = DoubleVector.fromArray(D, untwistRe, k);
            DoubleVector s2 = DoubleVector.fromArray(D, untwistIm, k);
            addRounded(out, outOff + j, z1r.mul(c1).add(z1i.mul(s1)));
            addRounded(out, outOff + m + j, z1i.mul(c1).sub(z1r.mul(s1)));
            addRounded(out, outOff + k, z2r.mul(c2).add(z2i.mul(s2)));
            addRounded(out, outOff + m + k, z2i.mul(c2).sub(z2r.mul(s2)));
        }
    }

    /**
     * out[at, at+4) += x rounded to the nearest integers (ties away from zero) mod 2^64, for doubles
     * of any magnitude: x = ±mant·2^e with a 53-bit mant, so the integer is mant << e for e >= 0 (0
     * mod 2^64 once e >= 64) and the rounded mant >> -e for e < 0 (0 once -e > 54).
     */
    private static void addRounded(long[] out, int at, DoubleVector x) {
        LongVector bits = x.reinterpretAsLongs();
        LongVector e = bits.lanewise(VectorOperators.LSHR, 52).and(0x7FFL).sub(1075L);
        LongVector mant = bits.and(0xF_FFFF_FFFF_FFFFL).or(0x10_0000_0000_0000L);
        LongVector left = mant.lanewise(VectorOperators.LSHL, e);
        LongVector right = mant.lanewise(VectorOperators.LSHR, e.neg().sub(1L)).add(1L)
                .lanewise(VectorOperators.LSHR, 1);
        LongVector magnitude = right.blend(left, e.compare(VectorOperators.GE, 0L))
                .blend(0L, e.compare(VectorOperators.GE, 64L).or(e.compare(VectorOperators.LT, -54L)));
        LongVector rounded = magnitude.blend(magnitude.neg(), bits.compare(VectorOperators.LT, 0L));
        LongVector.fromArray(L, out, at).add(rounded).intoArray(out, at);
    }

    @Override
    public void multiplyAdd(double[] acc, int accOff, double[] a, int aOff, double[] b, int bOff, int m) {
        for (int j = 0; j < m; j += 4) {
            DoubleVector ar = DoubleVector.fromArray(D, a, aOff + j);
            DoubleVector ai = DoubleVector.fromArray(D, a, aOff + m + j);
            DoubleVector br = DoubleVector.fromArray(D, b, bOff + j);
            DoubleVector bi = DoubleVector.fromArray(D, b, bOff + m + j);
            DoubleVector cr = DoubleVector.fromArray(D, acc, accOff + j);
            DoubleVector ci = DoubleVector.fromArray(D, acc, accOff + m + j);
            ar.fma(br, ai.neg().fma(bi, cr)).intoArray(acc, accOff + j);
            ar.fma(bi, ai.fma(br, ci)).intoArray(acc, accOff + m + j);
        }
    }

    @Override
    public void roundedState(long[] in, int off, int n, int power, int shift, long[] state) {
        if (power < 0) {
            roundedDifference(in, off, false, in, off, false, shift, state, 0, n);
            return;
        }
        boolean negate = power >= n;
        int p = negate ? power - n : power;
        // coefficient j of X^p·in is in[j - p] for j >= p and -in[j - p + n] for j < p; negated if power >= n.
        roundedDifference(in, off - p + n, !negate, in, off, true, shift, state, 0, p);
        roundedDifference(in, off - p, negate, in, off, true, shift, state, p, n);
    }

    /** state[j] = rounded(±x[xOff + j] - (y[yOff + j] if subtract)) for j in [from, to). */
    private static void roundedDifference(long[] x, int xOff, boolean negate, long[] y, int yOff, boolean subtract,
            int shift, long[] state, int from, int to) {
        int j = from;
        for (; j + 4 <= to; j += 4) {
            LongVector v = LongVector.fromArray(L, x, xOff + j);
            if (negate) {
                v = v.neg();
            }
            if (subtract) {
                v = v.sub(LongVector.fromArray(L, y, yOff + j));
            }
            if (shift != 0) {
                v = v.lanewise(VectorOperators.LSHR, shift - 1).add(1L).lanewise(VectorOperators.LSHR, 1);
            }
            v.intoArray(state, j);
        }
        for (; j < to; j++) {
            long v = negate ? -x[xOff + j] : x[xOff + j];
            state[j] = ScalarFftKernel.rounded(subtract ? v - y[yOff + j] : v, shift);
        }
    }

    @Override
    public void nextSignedDigits(long[] state, int n, int baseLog, double[] digits) {
        long mask = (1L << baseLog) - 1;
        for (int j = 0; j < n; j += 4) {
            LongVector s = LongVector.fromArray(L, state, j);
            LongVector d = s.and(mask);
            LongVector carry = d.lanewise(VectorOperators.LSHR, baseLog - 1).and(1L);
            d.sub(carry.lanewise(VectorOperators.LSHL, baseLog)).add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC)
                    .intoArray(digits, j);
            s.lanewise(VectorOperators.LSHR, baseLog).add(carry).intoArray(state, j);
        }
    }
}
