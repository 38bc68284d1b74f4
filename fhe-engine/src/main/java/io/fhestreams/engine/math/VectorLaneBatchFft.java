package io.fhestreams.engine.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneBatchFft} on jdk.incubator.vector: the radix-2 algorithm of {@link ScalarFftKernel}
 * (decimation in frequency forward, in time inverse, twist and untwist fused into the outer stage)
 * with each scalar a vector of LANES polynomials' values, and the inner stages two per pass in the
 * radix-2² form of {@link VectorFftKernel} (He and Torkelson, IPPS 1996), which halves the passes
 * over a lane set (N·LANES doubles, 128 KB for N = 2048 on AVX-512, read from L2). Loaded
 * reflectively by {@link LaneBatchFft#of}, so that the engine links without the incubator module.
 */
final class VectorLaneBatchFft extends LaneBatchFft {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
  private static final int LANES = D.length();

  /** 1.5·2^52: adding it to |d| < 2^51 leaves d in the low mantissa bits. */
  private static final double MAGIC = 0x1.8p52;

  private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);

  /**
   * Points per block of the inner stages: 128 complex values of LANES doubles each are 16 KB on
   * AVX-512, in L1 (48 KB on Zen 5) for their stages, where a pass over a whole set (128 KB for N =
   * 2048) streams through L2.
   */
  private static final int BLOCK_POINTS = 128;

  /** Coefficients per block of the rotation in {@link #decomposeRotated}: 8 KB of scratch. */
  private static final int ROTATION_BLOCK = 128;

  VectorLaneBatchFft(NegacyclicFft fft) {
    super(fft);
    if (L.length() != LANES) {
      throw new IllegalStateException(
          "double and long vectors differ in length: " + LANES + " and " + L.length());
    }
  }

  @Override
  public int decompositionScratchLength() {
    return ROTATION_BLOCK * LANES;
  }

  @Override
  public int lanes() {
    return LANES;
  }

  @Override
  public void forwardInPlace(double[] x, int off) {
    NegacyclicFft t = fft;
    int m = t.m;
    int mL = m * LANES;
    int h = m >> 1;
    // first stage (half-size M/2) on the twisted input z_j = (a_j + i·a_{j+M})·ω^j
    for (int j = 0; j < h; j++) {
      int pj = off + j * LANES;
      int pk = pj + h * LANES;
      double c1 = t.twistRe[j];
      double s1 = t.twistIm[j];
      double c2 = t.twistRe[j + h];
      double s2 = t.twistIm[j + h];
      DoubleVector ar = DoubleVector.fromArray(D, x, pj);
      DoubleVector ai = DoubleVector.fromArray(D, x, pj + mL);
      DoubleVector br = DoubleVector.fromArray(D, x, pk);
      DoubleVector bi = DoubleVector.fromArray(D, x, pk + mL);
      DoubleVector z1r = ar.mul(c1).sub(ai.mul(s1));
      DoubleVector z1i = ar.mul(s1).add(ai.mul(c1));
      DoubleVector z2r = br.mul(c2).sub(bi.mul(s2));
      DoubleVector z2i = br.mul(s2).add(bi.mul(c2));
      z1r.add(z2r).intoArray(x, pj);
      z1i.add(z2i).intoArray(x, pj + mL);
      DoubleVector dr = z1r.sub(z2r);
      DoubleVector di = z1i.sub(z2i);
      double wr = t.twRe[h + j];
      double wi = t.twIm[h + j];
      dr.mul(wr).sub(di.mul(wi)).intoArray(x, pk);
      dr.mul(wi).add(di.mul(wr)).intoArray(x, pk + mL);
    }
    // the other half-sizes M/4 .. 1, a single stage first when their count is odd
    // the other half-sizes M/4 .. 1: those of at least 2·hs in passes over the whole set, the
    // others block by block (2·hs points, 2·hs·LANES complex values), each block's stages in L1
    int hs = Math.min(m >> 2, BLOCK_POINTS >> 1);
    difStages(x, off, mL, m, m >> 2, 2 * hs);
    for (int b = 0; b < m; b += 2 * hs) {
      difStages(x, off + b * LANES, mL, 2 * hs, hs, 1);
    }
  }

  /**
   * The DIF stages of half-sizes hFrom down to hTo (none if hFrom < hTo) on the {@code points}
   * points at x[at] (real parts; imaginary at + mL), two per pass, a single one first when their
   * count is odd.
   */
  private void difStages(double[] x, int at, int mL, int points, int hFrom, int hTo) {
    if (hFrom < hTo) {
      return;
    }
    int h = hFrom;
    if ((Integer.numberOfTrailingZeros(hFrom) - Integer.numberOfTrailingZeros(hTo)) % 2 == 0) {
      difStage(x, at, mL, points, h);
      h >>= 1;
    }
    for (; h > hTo; h >>= 2) {
      difStages2(x, at, mL, points, h);
    }
  }

  /**
   * One radix-2 DIF stage of half-size h on the {@code points} points at x[at] (real parts;
   * imaginary at + mL), in place. The inner loop runs over contiguous j, so C2 hoists its bounds
   * checks (a flat loop over all butterflies with computed indices keeps one check per access).
   */
  private void difStage(double[] x, int at, int mL, int points, int h) {
    int end = at + points * LANES;
    for (int block = at; block < end; block += 2 * h * LANES) {
      for (int j = 0; j < h; j++) {
        DoubleVector wr = DoubleVector.broadcast(D, fft.twRe[h + j]);
        DoubleVector wi = DoubleVector.broadcast(D, fft.twIm[h + j]);
        int a = block + j * LANES;
        int b = a + h * LANES;
        DoubleVector ur = DoubleVector.fromArray(D, x, a);
        DoubleVector ui = DoubleVector.fromArray(D, x, a + mL);
        DoubleVector vr = DoubleVector.fromArray(D, x, b);
        DoubleVector vi = DoubleVector.fromArray(D, x, b + mL);
        ur.add(vr).intoArray(x, a);
        ui.add(vi).intoArray(x, a + mL);
        DoubleVector dr = ur.sub(vr);
        DoubleVector di = ui.sub(vi);
        dr.fma(wr, di.mul(wi).neg()).intoArray(x, b);
        dr.fma(wi, di.mul(wr)).intoArray(x, b + mL);
      }
    }
  }

  /**
   * The DIF stages of half-sizes h and q = h/2 in one pass over quadruples (s + j, + q, + h, + h +
   * q), radix-2² as {@code VectorFftKernel.difStages2}: outputs s0 + s1, W²·(s0 - s1), W·(d0 -
   * i·d1) and W³·(d0 + i·d1) with W = w_h[j]; for h = 2 all twiddles are 1 and the pass is one flat
   * loop without multiplications.
   */
  private void difStages2(double[] x, int at, int mL, int points, int h) {
    int q = h >> 1;
    int end = at + points * LANES;
    if (q == 1) {
      radix4DifPass(x, at, end, mL);
      return;
    }
    for (int block = at; block < end; block += 2 * h * LANES) {
      for (int j = 0; j < q; j++) {
        DoubleVector w1r = DoubleVector.broadcast(D, fft.twRe[h + j]);
        DoubleVector w1i = DoubleVector.broadcast(D, fft.twIm[h + j]);
        DoubleVector w2r = DoubleVector.broadcast(D, fft.twRe[q + j]);
        DoubleVector w2i = DoubleVector.broadcast(D, fft.twIm[q + j]);
        DoubleVector w3r = DoubleVector.broadcast(D, fft.twCubeRe[h + j]);
        DoubleVector w3i = DoubleVector.broadcast(D, fft.twCubeIm[h + j]);
        int p0 = block + j * LANES;
        int p1 = p0 + q * LANES;
        int p2 = p0 + h * LANES;
        int p3 = p2 + q * LANES;
        DoubleVector a0r = DoubleVector.fromArray(D, x, p0);
        DoubleVector a0i = DoubleVector.fromArray(D, x, p0 + mL);
        DoubleVector a1r = DoubleVector.fromArray(D, x, p1);
        DoubleVector a1i = DoubleVector.fromArray(D, x, p1 + mL);
        DoubleVector a2r = DoubleVector.fromArray(D, x, p2);
        DoubleVector a2i = DoubleVector.fromArray(D, x, p2 + mL);
        DoubleVector a3r = DoubleVector.fromArray(D, x, p3);
        DoubleVector a3i = DoubleVector.fromArray(D, x, p3 + mL);
        DoubleVector s0r = a0r.add(a2r);
        DoubleVector s0i = a0i.add(a2i);
        DoubleVector d0r = a0r.sub(a2r);
        DoubleVector d0i = a0i.sub(a2i);
        DoubleVector s1r = a1r.add(a3r);
        DoubleVector s1i = a1i.add(a3i);
        DoubleVector d1r = a1r.sub(a3r);
        DoubleVector d1i = a1i.sub(a3i);
        s0r.add(s1r).intoArray(x, p0);
        s0i.add(s1i).intoArray(x, p0 + mL);
        DoubleVector er = s0r.sub(s1r);
        DoubleVector ei = s0i.sub(s1i);
        er.fma(w2r, ei.mul(w2i).neg()).intoArray(x, p1);
        er.fma(w2i, ei.mul(w2r)).intoArray(x, p1 + mL);
        // d0 - i·d1 and d0 + i·d1
        DoubleVector fr = d0r.add(d1i);
        DoubleVector fi = d0i.sub(d1r);
        DoubleVector gr = d0r.sub(d1i);
        DoubleVector gi = d0i.add(d1r);
        fr.fma(w1r, fi.mul(w1i).neg()).intoArray(x, p2);
        fr.fma(w1i, fi.mul(w1r)).intoArray(x, p2 + mL);
        gr.fma(w3r, gi.mul(w3i).neg()).intoArray(x, p3);
        gr.fma(w3i, gi.mul(w3r)).intoArray(x, p3 + mL);
      }
    }
  }

  /** {@link #difStages2} for h = 2 on the points at x[at, end): no twiddles. */
  private static void radix4DifPass(double[] x, int at, int end, int mL) {
    for (int p0 = at; p0 < end; p0 += 4 * LANES) {
      DoubleVector a0r = DoubleVector.fromArray(D, x, p0);
      DoubleVector a0i = DoubleVector.fromArray(D, x, p0 + mL);
      DoubleVector a1r = DoubleVector.fromArray(D, x, p0 + LANES);
      DoubleVector a1i = DoubleVector.fromArray(D, x, p0 + LANES + mL);
      DoubleVector a2r = DoubleVector.fromArray(D, x, p0 + 2 * LANES);
      DoubleVector a2i = DoubleVector.fromArray(D, x, p0 + 2 * LANES + mL);
      DoubleVector a3r = DoubleVector.fromArray(D, x, p0 + 3 * LANES);
      DoubleVector a3i = DoubleVector.fromArray(D, x, p0 + 3 * LANES + mL);
      DoubleVector s0r = a0r.add(a2r);
      DoubleVector s0i = a0i.add(a2i);
      DoubleVector d0r = a0r.sub(a2r);
      DoubleVector d0i = a0i.sub(a2i);
      DoubleVector s1r = a1r.add(a3r);
      DoubleVector s1i = a1i.add(a3i);
      DoubleVector d1r = a1r.sub(a3r);
      DoubleVector d1i = a1i.sub(a3i);
      s0r.add(s1r).intoArray(x, p0);
      s0i.add(s1i).intoArray(x, p0 + mL);
      s0r.sub(s1r).intoArray(x, p0 + LANES);
      s0i.sub(s1i).intoArray(x, p0 + LANES + mL);
      d0r.add(d1i).intoArray(x, p0 + 2 * LANES);
      d0i.sub(d1r).intoArray(x, p0 + 2 * LANES + mL);
      d0r.sub(d1i).intoArray(x, p0 + 3 * LANES);
      d0i.add(d1r).intoArray(x, p0 + 3 * LANES + mL);
    }
  }

  @Override
  public void backwardAddInPlace(double[] x, int off, long[] out, int outOff) {
    NegacyclicFft t = fft;
    int m = t.m;
    int mL = m * LANES;
    // half-sizes 1 .. M/4, a single stage first when their count is odd
    // half-sizes 1 .. M/4: up to hs block by block in L1 (as the forward), then the rest in
    // passes over the whole set
    int hs = Math.min(m >> 2, BLOCK_POINTS >> 1);
    for (int b = 0; b < m; b += 2 * hs) {
      ditStages(x, off + b * LANES, mL, 2 * hs, 1, hs);
    }
    ditStages(x, off, mL, m, 2 * hs, m >> 2);
    int h;
    // last stage (half-size M/2) with the untwist z·conj(ω^j)/(M·2^64), coefficients in place
    h = m >> 1;
    for (int j = 0; j < h; j++) {
      int pj = off + j * LANES;
      int pk = pj + h * LANES;
      double wr = t.twRe[h + j];
      double wi = t.twIm[h + j];
      DoubleVector xr = DoubleVector.fromArray(D, x, pk);
      DoubleVector xi = DoubleVector.fromArray(D, x, pk + mL);
      DoubleVector vr = xr.mul(wr).add(xi.mul(wi));
      DoubleVector vi = xi.mul(wr).sub(xr.mul(wi));
      DoubleVector ur = DoubleVector.fromArray(D, x, pj);
      DoubleVector ui = DoubleVector.fromArray(D, x, pj + mL);
      DoubleVector z1r = ur.add(vr);
      DoubleVector z1i = ui.add(vi);
      DoubleVector z2r = ur.sub(vr);
      DoubleVector z2i = ui.sub(vi);
      double c1 = t.untwistRe[j];
      double s1 = t.untwistIm[j];
      double c2 = t.untwistRe[j + h];
      double s2 = t.untwistIm[j + h];
      z1r.mul(c1).add(z1i.mul(s1)).intoArray(x, pj);
      z1i.mul(c1).sub(z1r.mul(s1)).intoArray(x, pj + mL);
      z2r.mul(c2).add(z2i.mul(s2)).intoArray(x, pk);
      z2i.mul(c2).sub(z2r.mul(s2)).intoArray(x, pk + mL);
    }
    for (int p = 0; p < 2 * mL; p += LANES) {
      VectorFftKernel.addRounded(x, off + p, out, outOff + p);
    }
  }

  /**
   * The DIT stages of half-sizes hFrom up to hTo (none if hFrom > hTo) on the {@code points} points
   * at x[at], two per pass, a single one last when their count is odd (so that the pair with the
   * trivial twiddles, half-sizes 1 and 2, comes first).
   */
  private void ditStages(double[] x, int at, int mL, int points, int hFrom, int hTo) {
    int h = hFrom;
    for (; 2 * h <= hTo; h <<= 2) {
      ditStages2(x, at, mL, points, h);
    }
    if (h == hTo) {
      ditStage(x, at, mL, points, h);
    }
  }

  /**
   * One radix-2 DIT stage of half-size h in place: (u, v) ← (u + v·conj w, u - v·conj w); loops as
   * {@link #difStage}.
   */
  private void ditStage(double[] x, int at, int mL, int points, int h) {
    int end = at + points * LANES;
    for (int block = at; block < end; block += 2 * h * LANES) {
      for (int j = 0; j < h; j++) {
        DoubleVector wr = DoubleVector.broadcast(D, fft.twRe[h + j]);
        DoubleVector wi = DoubleVector.broadcast(D, fft.twIm[h + j]);
        int a = block + j * LANES;
        int b = a + h * LANES;
        DoubleVector xr = DoubleVector.fromArray(D, x, b);
        DoubleVector xi = DoubleVector.fromArray(D, x, b + mL);
        DoubleVector vr = xr.fma(wr, xi.mul(wi));
        DoubleVector vi = xi.fma(wr, xr.mul(wi).neg());
        DoubleVector ur = DoubleVector.fromArray(D, x, a);
        DoubleVector ui = DoubleVector.fromArray(D, x, a + mL);
        ur.add(vr).intoArray(x, a);
        ui.add(vi).intoArray(x, a + mL);
        ur.sub(vr).intoArray(x, b);
        ui.sub(vi).intoArray(x, b + mL);
      }
    }
  }

  /**
   * The DIT stages of half-sizes hh and 2·hh in one pass, the inverse of {@link #difStages2} as
   * {@code VectorFftKernel.ditStages2}: (0,1), (2,3) with conj w_hh[j], then (0,2) with conj
   * w_{2hh}[j] and (1,3) with i·conj w_{2hh}[j]; for hh = 1 all twiddles are 1.
   */
  private void ditStages2(double[] x, int at, int mL, int points, int hh) {
    int h = 2 * hh;
    int q = hh;
    int end = at + points * LANES;
    if (q == 1) {
      radix4DitPass(x, at, end, mL);
      return;
    }
    for (int block = at; block < end; block += 2 * h * LANES) {
      for (int j = 0; j < q; j++) {
        DoubleVector war = DoubleVector.broadcast(D, fft.twRe[h + j]);
        DoubleVector wai = DoubleVector.broadcast(D, fft.twIm[h + j]);
        DoubleVector wcr = DoubleVector.broadcast(D, fft.twRe[q + j]);
        DoubleVector wci = DoubleVector.broadcast(D, fft.twIm[q + j]);
        int p0 = block + j * LANES;
        int p1 = p0 + q * LANES;
        int p2 = p0 + h * LANES;
        int p3 = p2 + q * LANES;
        DoubleVector x1r = DoubleVector.fromArray(D, x, p1);
        DoubleVector x1i = DoubleVector.fromArray(D, x, p1 + mL);
        DoubleVector v1r = x1r.fma(wcr, x1i.mul(wci));
        DoubleVector v1i = x1i.fma(wcr, x1r.mul(wci).neg());
        DoubleVector x3r = DoubleVector.fromArray(D, x, p3);
        DoubleVector x3i = DoubleVector.fromArray(D, x, p3 + mL);
        DoubleVector v3r = x3r.fma(wcr, x3i.mul(wci));
        DoubleVector v3i = x3i.fma(wcr, x3r.mul(wci).neg());
        DoubleVector x0r = DoubleVector.fromArray(D, x, p0);
        DoubleVector x0i = DoubleVector.fromArray(D, x, p0 + mL);
        DoubleVector x2r = DoubleVector.fromArray(D, x, p2);
        DoubleVector x2i = DoubleVector.fromArray(D, x, p2 + mL);
        DoubleVector a0r = x0r.add(v1r);
        DoubleVector a0i = x0i.add(v1i);
        DoubleVector a1r = x0r.sub(v1r);
        DoubleVector a1i = x0i.sub(v1i);
        DoubleVector a2r = x2r.add(v3r);
        DoubleVector a2i = x2i.add(v3i);
        DoubleVector a3r = x2r.sub(v3r);
        DoubleVector a3i = x2i.sub(v3i);
        DoubleVector u2r = a2r.fma(war, a2i.mul(wai));
        DoubleVector u2i = a2i.fma(war, a2r.mul(wai).neg());
        // t = a3·conj(w_h[j]); the (1,3) butterfly adds and subtracts i·t = (-t_i, t_r)
        DoubleVector tr = a3r.fma(war, a3i.mul(wai));
        DoubleVector ti = a3i.fma(war, a3r.mul(wai).neg());
        a0r.add(u2r).intoArray(x, p0);
        a0i.add(u2i).intoArray(x, p0 + mL);
        a0r.sub(u2r).intoArray(x, p2);
        a0i.sub(u2i).intoArray(x, p2 + mL);
        a1r.sub(ti).intoArray(x, p1);
        a1i.add(tr).intoArray(x, p1 + mL);
        a1r.add(ti).intoArray(x, p3);
        a1i.sub(tr).intoArray(x, p3 + mL);
      }
    }
  }

  /** {@link #ditStages2} for hh = 1 on the points at x[at, end): no twiddles. */
  private static void radix4DitPass(double[] x, int at, int end, int mL) {
    for (int p0 = at; p0 < end; p0 += 4 * LANES) {
      DoubleVector x0r = DoubleVector.fromArray(D, x, p0);
      DoubleVector x0i = DoubleVector.fromArray(D, x, p0 + mL);
      DoubleVector x1r = DoubleVector.fromArray(D, x, p0 + LANES);
      DoubleVector x1i = DoubleVector.fromArray(D, x, p0 + LANES + mL);
      DoubleVector x2r = DoubleVector.fromArray(D, x, p0 + 2 * LANES);
      DoubleVector x2i = DoubleVector.fromArray(D, x, p0 + 2 * LANES + mL);
      DoubleVector x3r = DoubleVector.fromArray(D, x, p0 + 3 * LANES);
      DoubleVector x3i = DoubleVector.fromArray(D, x, p0 + 3 * LANES + mL);
      DoubleVector a0r = x0r.add(x1r);
      DoubleVector a0i = x0i.add(x1i);
      DoubleVector a1r = x0r.sub(x1r);
      DoubleVector a1i = x0i.sub(x1i);
      DoubleVector a2r = x2r.add(x3r);
      DoubleVector a2i = x2i.add(x3i);
      DoubleVector tr = x2r.sub(x3r);
      DoubleVector ti = x2i.sub(x3i);
      a0r.add(a2r).intoArray(x, p0);
      a0i.add(a2i).intoArray(x, p0 + mL);
      a0r.sub(a2r).intoArray(x, p0 + 2 * LANES);
      a0i.sub(a2i).intoArray(x, p0 + 2 * LANES + mL);
      a1r.sub(ti).intoArray(x, p0 + LANES);
      a1i.add(tr).intoArray(x, p0 + LANES + mL);
      a1r.add(ti).intoArray(x, p0 + 3 * LANES);
      a1i.sub(tr).intoArray(x, p0 + 3 * LANES + mL);
    }
  }

  @Override
  public void multiplySum(
      double[] a,
      int aOff,
      int aStride,
      double[] b,
      int bOff,
      int bStride,
      int count,
      double[] work,
      int workOff) {
    int m = fft.m;
    int mL = m * LANES;
    for (int j = 0; j < m; j++) {
      int p = j * LANES;
      DoubleVector re = DoubleVector.zero(D);
      DoubleVector im = DoubleVector.zero(D);
      for (int r = 0; r < count; r++) {
        int pa = aOff + r * aStride + p;
        int pb = bOff + r * bStride + j;
        DoubleVector yr = DoubleVector.broadcast(D, b[pb]);
        DoubleVector yi = DoubleVector.broadcast(D, b[pb + m]);
        DoubleVector xr = DoubleVector.fromArray(D, a, pa);
        DoubleVector xi = DoubleVector.fromArray(D, a, pa + mL);
        re = xi.neg().fma(yi, xr.fma(yr, re));
        im = xr.fma(yi, xi.fma(yr, im));
      }
      re.intoArray(work, workOff + p);
      im.intoArray(work, workOff + mL + p);
    }
  }

  /**
   * Coefficient j of X^p·in_l is -in_l[j - p + N] for j < p and in_l[j - p] for j >= p (negated
   * when the power is >= N): over a segment of j between consecutive distinct p_l, lane l reads at
   * a constant distance from lane l of coefficient j, so one gather with a fixed index map (and a
   * fixed set of lanes to negate) serves the whole segment.
   */
  @Override
  public void decomposeRotated(
      long[] in,
      int off,
      int[] powers,
      int baseLog,
      int levels,
      double[] digits,
      int digitsOff,
      int levelStride,
      long[] scratch,
      int scratchOff) {
    int n = fft.n;
    int shift = 64 - baseLog * levels;
    long mask = (1L << baseLog) - 1;
    long half = 1L << (baseLog - 1);
    long balance = 0;
    for (int t = 0; t < levels; t++) {
      balance += half << (baseLog * t);
    }
    // digit + MAGIC + half, exact: both terms are integers below 2^53
    double bias = MAGIC + half;
    int block = Math.min(n, ROTATION_BLOCK);
    for (int lo = 0; lo < n; lo += block) {
      int hi = lo + block;
      // the block of X^p_l·in_l into scratch, lane by lane: coefficient j reads j - p (j >= p) or,
      // negated, j - p + N (j < p); all negated again when the power is >= N
      for (int l = 0; l < LANES; l++) {
        int power = powers[l];
        boolean negate = power >= n;
        int p = negate ? power - n : power;
        int split = Math.min(Math.max(p, lo), hi);
        int at = scratchOff + l - lo * LANES;
        copyLane(in, off + l + (n - p) * LANES, !negate, scratch, at, lo, split);
        copyLane(in, off + l - p * LANES, negate, scratch, at, split, hi);
      }
      // each level in a flat loop of its own over j, as VectorFftKernel.decompose (C2 hoists the
      // bounds checks; a loop over levels inside the loop over j measured 2.7 times slower)
      for (int t = 0; t < levels; t++) {
        int digitShift = baseLog * t;
        int at = digitsOff + t * levelStride;
        for (int j = lo; j < hi; j++) {
          LongVector x =
              LongVector.fromArray(L, scratch, scratchOff + (j - lo) * LANES)
                  .sub(LongVector.fromArray(L, in, off + j * LANES));
          LongVector state =
              shift == 0
                  ? x
                  : x.lanewise(VectorOperators.LSHR, shift - 1)
                      .add(1L)
                      .lanewise(VectorOperators.LSHR, 1);
          state
              .add(balance)
              .lanewise(VectorOperators.LSHR, digitShift)
              .and(mask)
              .add(MAGIC_BITS)
              .reinterpretAsDoubles()
              .sub(bias)
              .intoArray(digits, at + j * LANES);
        }
      }
    }
  }

  /**
   * out[outAt + j·LANES] = ±in[inAt + j·LANES] (negated if {@code negate}) for j in [from, to): one
   * lane's column, strided scalar moves (a gather per coefficient, measured, costs about twice as
   * much on JDK 17), in two loops so that each move is a load and a store alone: a sign applied as
   * (v ^ s) - s in one loop measured 10 % slower for the whole decomposition
   * (benchmarks/RESULTS.md).
   */
  private static void copyLane(
      long[] in, int inAt, boolean negate, long[] out, int outAt, int from, int to) {
    if (negate) {
      for (int j = from; j < to; j++) {
        out[outAt + j * LANES] = -in[inAt + j * LANES];
      }
    } else {
      for (int j = from; j < to; j++) {
        out[outAt + j * LANES] = in[inAt + j * LANES];
      }
    }
  }
}
