package io.fhestreams.engine.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FftKernel} on explicit vectors (jdk.incubator.vector, the platform's preferred width: 4
 * doubles or longs on AVX2, 8 on AVX-512), the same algorithm as {@link ScalarFftKernel} LANES
 * points at a time. Stages of half-size h >= LANES pair whole vectors (two stages per pass where
 * possible, in radix-2² form in the forward); the last forward stages (h < LANES) — and the first
 * inverse ones — pair lanes of one vector through lane permutations. Long-to-double conversion of
 * digits uses the 1.5·2^52 bit trick, and double-to-long rounding mod 2^64 splits the value in two
 * 32-bit halves converted the same way (AVX2 has no 64-bit conversion instructions). Loaded only
 * when the module is present ({@link NegacyclicFft}); needs M = N/2 >= 8·LANES.
 *
 * <p>Run with {@code -XX:PerMethodTrapLimit=1000} (CONTRIBUTING.md): at JDK 17's default the
 * radix-2² passes' stores are sometimes compiled with boxed vectors, 3–5× slower.
 */
final class VectorFftKernel implements FftKernel {
  /** The platform's widest double vectors: 4 lanes on AVX2, 8 on AVX-512. */
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
  private static final int LANES = D.length();
  // In-vector stage of half-size h: lane l is paired with lane l ^ h; see difInVectorStages.
  private static final VectorShuffle<Double> XOR_1 = VectorShuffle.fromOp(D, l -> l ^ 1);
  private static final VectorShuffle<Double> XOR_2 = VectorShuffle.fromOp(D, l -> l ^ 2);
  private static final VectorShuffle<Double> XOR_4 =
      LANES > 4 ? VectorShuffle.fromOp(D, l -> l ^ 4) : null;
  private static final DoubleVector SIGN_1 = laneSigns(1);
  private static final DoubleVector SIGN_2 = laneSigns(2);
  private static final DoubleVector SIGN_4 = LANES > 4 ? laneSigns(4) : null;
  private static final DoubleVector W2_RE = laneTwiddles(2, true);
  private static final DoubleVector W2_IM = laneTwiddles(2, false);
  private static final DoubleVector W4_RE = LANES > 4 ? laneTwiddles(4, true) : null;
  private static final DoubleVector W4_IM = LANES > 4 ? laneTwiddles(4, false) : null;

  /** 1.5·2^52: adding it to |d| < 2^51 leaves d in the low mantissa bits. */
  private static final double MAGIC = 0x1.8p52;

  private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);
  private static final DoubleVector MAGIC_VECTOR = DoubleVector.broadcast(D, MAGIC);
  private static final DoubleVector TWO_POW_32 = DoubleVector.broadcast(D, 0x1p32);

  /** The bits of MAGIC in both halves of {@link #addRounded}'s sum. */
  private static final long MAGIC_BITS_BOTH = (MAGIC_BITS << 32) + MAGIC_BITS;

  private VectorFftKernel() {}

  /**
   * The kernel when the platform has 4- or 8-lane double vectors, else null (called reflectively).
   */
  public static FftKernel createIfSupported() {
    return LANES == 4 || LANES == 8 ? new VectorFftKernel() : null;
  }

  /**
   * Smallest M = N/2 the kernel handles: the forward's first pass (half-size M/2, with the twist)
   * must lie above its last (half-sizes 2·LANES and below).
   */
  @Override
  public int minimumPoints() {
    return 8 * LANES;
  }

  /** +1 on lanes l with bit h clear, -1 where it is set. */
  private static DoubleVector laneSigns(int h) {
    double[] v = new double[LANES];
    for (int l = 0; l < LANES; l++) {
      v[l] = (l & h) == 0 ? 1 : -1;
    }
    return DoubleVector.fromArray(D, v, 0);
  }

  /**
   * The DIF twiddle of an in-vector stage of half-size h: 1 on lanes with bit h clear, e^{-iπ (l
   * mod h)/h} where set.
   */
  private static DoubleVector laneTwiddles(int h, boolean real) {
    double[] v = new double[LANES];
    for (int l = 0; l < LANES; l++) {
      double angle = (l & h) == 0 ? 0 : -Math.PI * (l % h) / h;
      v[l] = real ? Math.cos(angle) : Math.sin(angle);
    }
    return DoubleVector.fromArray(D, v, 0);
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
    // first stage (half-size M/2) on the twisted input z_j = (a_j + i·a_{j+M})·ω^j: with x_j = a_j
    // +
    // i·a_{j+M} and k = j + M/2, z_k = x_k·ω^j·e^{iπ/4}, so the pair's outputs z_j + z_k and (z_j -
    // z_k)·w are ω^j·(x_j + t) and ω^j·w·(x_j - t) with t = e^{iπ/4}·x_k = ((x_k.re - x_k.im) +
    // i·(x_k.re + x_k.im))/√2: two complex products (ω^j·w from the fold table) instead of three
    double[] foldRe = t.foldRe;
    double[] foldIm = t.foldIm;
    double sqrtHalf = Math.sqrt(0.5);
    for (int j = 0; j < h; j += LANES) {
      int k = j + h;
      DoubleVector ar = DoubleVector.fromArray(D, in, inOff + j);
      DoubleVector ai = DoubleVector.fromArray(D, in, inOff + m + j);
      DoubleVector br = DoubleVector.fromArray(D, in, inOff + k);
      DoubleVector bi = DoubleVector.fromArray(D, in, inOff + m + k);
      DoubleVector tr = br.sub(bi).mul(sqrtHalf);
      DoubleVector ti = br.add(bi).mul(sqrtHalf);
      DoubleVector ur = ar.add(tr);
      DoubleVector ui = ai.add(ti);
      DoubleVector vr = ar.sub(tr);
      DoubleVector vi = ai.sub(ti);
      DoubleVector c = DoubleVector.fromArray(D, twistRe, j);
      DoubleVector s = DoubleVector.fromArray(D, twistIm, j);
      ur.mul(c).sub(ui.mul(s)).intoArray(out, outOff + j);
      ur.mul(s).add(ui.mul(c)).intoArray(out, im + j);
      DoubleVector fr = DoubleVector.fromArray(D, foldRe, j);
      DoubleVector fi = DoubleVector.fromArray(D, foldIm, j);
      vr.mul(fr).sub(vi.mul(fi)).intoArray(out, outOff + k);
      vr.mul(fi).add(vi.mul(fr)).intoArray(out, im + k);
    }
    // then two stages per pass down to h = 4·LANES (one alone first if their count is odd), the
    // pass of h = 2·LANES and LANES, and the in-vector stages
    h >>= 1;
    if (h >= 4 * LANES
        && (Integer.numberOfTrailingZeros(h) - Integer.numberOfTrailingZeros(4 * LANES)) % 2 == 0) {
      difStage(out, outOff, m, h, twRe, twIm);
      h >>= 1;
    }
    for (; h > 8 * LANES; h >>= 2) {
      difStages2(out, outOff, m, h, twRe, twIm, t.twCubeRe, t.twCubeIm);
    }
    if (h == 8 * LANES) {
      difStages2Blocks16Vectors(out, outOff, m, twRe, twIm, t.twCubeRe, t.twCubeIm);
    }
    difStages2Blocks4Vectors(out, outOff, m, twRe, twIm, t.twCubeRe, t.twCubeIm);
    difInVectorStages(out, outOff, m);
  }

  /** One radix-2 DIF stage of half-size h (>= LANES) in place. */
  private static void difStage(double[] x, int off, int m, int h, double[] twRe, double[] twIm) {
    for (int block = off; block < off + m; block += 2 * h) {
      for (int j = 0; j < h; j += LANES) {
        DoubleVector wr = DoubleVector.fromArray(D, twRe, h + j);
        DoubleVector wi = DoubleVector.fromArray(D, twIm, h + j);
        DoubleVector wiNeg = wi.neg();
        int s = block + j;
        int b = s + h;
        DoubleVector ur = DoubleVector.fromArray(D, x, s);
        DoubleVector ui = DoubleVector.fromArray(D, x, s + m);
        DoubleVector vr = DoubleVector.fromArray(D, x, b);
        DoubleVector vi = DoubleVector.fromArray(D, x, b + m);
        ur.add(vr).intoArray(x, s);
        ui.add(vi).intoArray(x, s + m);
        DoubleVector dr = ur.sub(vr);
        DoubleVector di = ui.sub(vi);
        dr.fma(wr, di.mul(wiNeg)).intoArray(x, b);
        dr.fma(wi, di.mul(wr)).intoArray(x, b + m);
      }
    }
  }

  // BEGIN GENERATED by VectorFftPassesGenerator (test tree): edit the generator, not this
  // text (VectorFftPassesGeneratorTest checks that the two agree)

  /**
   * The DIF stages h = LANES/2, ..., 1 inside each vector, in place, in a pass of their own: fused
   * into {@link #difStages2Blocks4Vectors}, they exceed C2's inlining budget
   * (NodeCountInliningCutoff) and the vectors passed to a call that is not inlined are boxed on the
   * heap. 8 vectors per iteration, every lane permutation before the first store, so that C2 checks
   * each shuffle's indexes once per group (see VectorFftPassesGenerator).
   */
  private static void difInVectorStages(double[] x, int off, int m) {
    for (int a = off; a < off + m; a += 8 * LANES) {
      DoubleVector r0 = DoubleVector.fromArray(D, x, a + 0 * LANES);
      DoubleVector i0 = DoubleVector.fromArray(D, x, a + 0 * LANES + m);
      DoubleVector r1 = DoubleVector.fromArray(D, x, a + 1 * LANES);
      DoubleVector i1 = DoubleVector.fromArray(D, x, a + 1 * LANES + m);
      DoubleVector r2 = DoubleVector.fromArray(D, x, a + 2 * LANES);
      DoubleVector i2 = DoubleVector.fromArray(D, x, a + 2 * LANES + m);
      DoubleVector r3 = DoubleVector.fromArray(D, x, a + 3 * LANES);
      DoubleVector i3 = DoubleVector.fromArray(D, x, a + 3 * LANES + m);
      DoubleVector r4 = DoubleVector.fromArray(D, x, a + 4 * LANES);
      DoubleVector i4 = DoubleVector.fromArray(D, x, a + 4 * LANES + m);
      DoubleVector r5 = DoubleVector.fromArray(D, x, a + 5 * LANES);
      DoubleVector i5 = DoubleVector.fromArray(D, x, a + 5 * LANES + m);
      DoubleVector r6 = DoubleVector.fromArray(D, x, a + 6 * LANES);
      DoubleVector i6 = DoubleVector.fromArray(D, x, a + 6 * LANES + m);
      DoubleVector r7 = DoubleVector.fromArray(D, x, a + 7 * LANES);
      DoubleVector i7 = DoubleVector.fromArray(D, x, a + 7 * LANES + m);
      if (LANES == 8) {
        DoubleVector c4r0 = r0.fma(SIGN_4, r0.rearrange(XOR_4));
        DoubleVector c4i0 = i0.fma(SIGN_4, i0.rearrange(XOR_4));
        r0 = c4r0.mul(W4_RE).sub(c4i0.mul(W4_IM));
        i0 = c4i0.mul(W4_RE).add(c4r0.mul(W4_IM));
        DoubleVector c4r1 = r1.fma(SIGN_4, r1.rearrange(XOR_4));
        DoubleVector c4i1 = i1.fma(SIGN_4, i1.rearrange(XOR_4));
        r1 = c4r1.mul(W4_RE).sub(c4i1.mul(W4_IM));
        i1 = c4i1.mul(W4_RE).add(c4r1.mul(W4_IM));
        DoubleVector c4r2 = r2.fma(SIGN_4, r2.rearrange(XOR_4));
        DoubleVector c4i2 = i2.fma(SIGN_4, i2.rearrange(XOR_4));
        r2 = c4r2.mul(W4_RE).sub(c4i2.mul(W4_IM));
        i2 = c4i2.mul(W4_RE).add(c4r2.mul(W4_IM));
        DoubleVector c4r3 = r3.fma(SIGN_4, r3.rearrange(XOR_4));
        DoubleVector c4i3 = i3.fma(SIGN_4, i3.rearrange(XOR_4));
        r3 = c4r3.mul(W4_RE).sub(c4i3.mul(W4_IM));
        i3 = c4i3.mul(W4_RE).add(c4r3.mul(W4_IM));
        DoubleVector c4r4 = r4.fma(SIGN_4, r4.rearrange(XOR_4));
        DoubleVector c4i4 = i4.fma(SIGN_4, i4.rearrange(XOR_4));
        r4 = c4r4.mul(W4_RE).sub(c4i4.mul(W4_IM));
        i4 = c4i4.mul(W4_RE).add(c4r4.mul(W4_IM));
        DoubleVector c4r5 = r5.fma(SIGN_4, r5.rearrange(XOR_4));
        DoubleVector c4i5 = i5.fma(SIGN_4, i5.rearrange(XOR_4));
        r5 = c4r5.mul(W4_RE).sub(c4i5.mul(W4_IM));
        i5 = c4i5.mul(W4_RE).add(c4r5.mul(W4_IM));
        DoubleVector c4r6 = r6.fma(SIGN_4, r6.rearrange(XOR_4));
        DoubleVector c4i6 = i6.fma(SIGN_4, i6.rearrange(XOR_4));
        r6 = c4r6.mul(W4_RE).sub(c4i6.mul(W4_IM));
        i6 = c4i6.mul(W4_RE).add(c4r6.mul(W4_IM));
        DoubleVector c4r7 = r7.fma(SIGN_4, r7.rearrange(XOR_4));
        DoubleVector c4i7 = i7.fma(SIGN_4, i7.rearrange(XOR_4));
        r7 = c4r7.mul(W4_RE).sub(c4i7.mul(W4_IM));
        i7 = c4i7.mul(W4_RE).add(c4r7.mul(W4_IM));
      }
      DoubleVector c2r0 = r0.fma(SIGN_2, r0.rearrange(XOR_2));
      DoubleVector c2i0 = i0.fma(SIGN_2, i0.rearrange(XOR_2));
      r0 = c2r0.mul(W2_RE).sub(c2i0.mul(W2_IM));
      i0 = c2i0.mul(W2_RE).add(c2r0.mul(W2_IM));
      DoubleVector c2r1 = r1.fma(SIGN_2, r1.rearrange(XOR_2));
      DoubleVector c2i1 = i1.fma(SIGN_2, i1.rearrange(XOR_2));
      r1 = c2r1.mul(W2_RE).sub(c2i1.mul(W2_IM));
      i1 = c2i1.mul(W2_RE).add(c2r1.mul(W2_IM));
      DoubleVector c2r2 = r2.fma(SIGN_2, r2.rearrange(XOR_2));
      DoubleVector c2i2 = i2.fma(SIGN_2, i2.rearrange(XOR_2));
      r2 = c2r2.mul(W2_RE).sub(c2i2.mul(W2_IM));
      i2 = c2i2.mul(W2_RE).add(c2r2.mul(W2_IM));
      DoubleVector c2r3 = r3.fma(SIGN_2, r3.rearrange(XOR_2));
      DoubleVector c2i3 = i3.fma(SIGN_2, i3.rearrange(XOR_2));
      r3 = c2r3.mul(W2_RE).sub(c2i3.mul(W2_IM));
      i3 = c2i3.mul(W2_RE).add(c2r3.mul(W2_IM));
      DoubleVector c2r4 = r4.fma(SIGN_2, r4.rearrange(XOR_2));
      DoubleVector c2i4 = i4.fma(SIGN_2, i4.rearrange(XOR_2));
      r4 = c2r4.mul(W2_RE).sub(c2i4.mul(W2_IM));
      i4 = c2i4.mul(W2_RE).add(c2r4.mul(W2_IM));
      DoubleVector c2r5 = r5.fma(SIGN_2, r5.rearrange(XOR_2));
      DoubleVector c2i5 = i5.fma(SIGN_2, i5.rearrange(XOR_2));
      r5 = c2r5.mul(W2_RE).sub(c2i5.mul(W2_IM));
      i5 = c2i5.mul(W2_RE).add(c2r5.mul(W2_IM));
      DoubleVector c2r6 = r6.fma(SIGN_2, r6.rearrange(XOR_2));
      DoubleVector c2i6 = i6.fma(SIGN_2, i6.rearrange(XOR_2));
      r6 = c2r6.mul(W2_RE).sub(c2i6.mul(W2_IM));
      i6 = c2i6.mul(W2_RE).add(c2r6.mul(W2_IM));
      DoubleVector c2r7 = r7.fma(SIGN_2, r7.rearrange(XOR_2));
      DoubleVector c2i7 = i7.fma(SIGN_2, i7.rearrange(XOR_2));
      r7 = c2r7.mul(W2_RE).sub(c2i7.mul(W2_IM));
      i7 = c2i7.mul(W2_RE).add(c2r7.mul(W2_IM));
      r0 = r0.fma(SIGN_1, r0.rearrange(XOR_1));
      i0 = i0.fma(SIGN_1, i0.rearrange(XOR_1));
      r1 = r1.fma(SIGN_1, r1.rearrange(XOR_1));
      i1 = i1.fma(SIGN_1, i1.rearrange(XOR_1));
      r2 = r2.fma(SIGN_1, r2.rearrange(XOR_1));
      i2 = i2.fma(SIGN_1, i2.rearrange(XOR_1));
      r3 = r3.fma(SIGN_1, r3.rearrange(XOR_1));
      i3 = i3.fma(SIGN_1, i3.rearrange(XOR_1));
      r4 = r4.fma(SIGN_1, r4.rearrange(XOR_1));
      i4 = i4.fma(SIGN_1, i4.rearrange(XOR_1));
      r5 = r5.fma(SIGN_1, r5.rearrange(XOR_1));
      i5 = i5.fma(SIGN_1, i5.rearrange(XOR_1));
      r6 = r6.fma(SIGN_1, r6.rearrange(XOR_1));
      i6 = i6.fma(SIGN_1, i6.rearrange(XOR_1));
      r7 = r7.fma(SIGN_1, r7.rearrange(XOR_1));
      i7 = i7.fma(SIGN_1, i7.rearrange(XOR_1));
      r0.intoArray(x, a + 0 * LANES);
      i0.intoArray(x, a + 0 * LANES + m);
      r1.intoArray(x, a + 1 * LANES);
      i1.intoArray(x, a + 1 * LANES + m);
      r2.intoArray(x, a + 2 * LANES);
      i2.intoArray(x, a + 2 * LANES + m);
      r3.intoArray(x, a + 3 * LANES);
      i3.intoArray(x, a + 3 * LANES + m);
      r4.intoArray(x, a + 4 * LANES);
      i4.intoArray(x, a + 4 * LANES + m);
      r5.intoArray(x, a + 5 * LANES);
      i5.intoArray(x, a + 5 * LANES + m);
      r6.intoArray(x, a + 6 * LANES);
      i6.intoArray(x, a + 6 * LANES + m);
      r7.intoArray(x, a + 7 * LANES);
      i7.intoArray(x, a + 7 * LANES + m);
    }
  }

  /**
   * The inverse's first stages, h = 1, ..., LANES/2 inside each vector, from src[srcOff, +2m) into
   * x[off, +2m) (the same place, or places that do not overlap): the inverse of {@link
   * #difInVectorStages} (times LANES), each stage after the first multiplying the upper lanes by
   * the conjugate twiddles first; 8 vectors per iteration, every permutation before the first
   * store, as there. Out of place, it spares the non-destructive inverse a copy of its input.
   */
  private static void ditInVectorStages(double[] src, int srcOff, double[] x, int off, int m) {
    for (int a = off; a < off + m; a += 8 * LANES) {
      int from = srcOff + (a - off);
      DoubleVector r0 = DoubleVector.fromArray(D, src, from + 0 * LANES);
      DoubleVector i0 = DoubleVector.fromArray(D, src, from + 0 * LANES + m);
      DoubleVector r1 = DoubleVector.fromArray(D, src, from + 1 * LANES);
      DoubleVector i1 = DoubleVector.fromArray(D, src, from + 1 * LANES + m);
      DoubleVector r2 = DoubleVector.fromArray(D, src, from + 2 * LANES);
      DoubleVector i2 = DoubleVector.fromArray(D, src, from + 2 * LANES + m);
      DoubleVector r3 = DoubleVector.fromArray(D, src, from + 3 * LANES);
      DoubleVector i3 = DoubleVector.fromArray(D, src, from + 3 * LANES + m);
      DoubleVector r4 = DoubleVector.fromArray(D, src, from + 4 * LANES);
      DoubleVector i4 = DoubleVector.fromArray(D, src, from + 4 * LANES + m);
      DoubleVector r5 = DoubleVector.fromArray(D, src, from + 5 * LANES);
      DoubleVector i5 = DoubleVector.fromArray(D, src, from + 5 * LANES + m);
      DoubleVector r6 = DoubleVector.fromArray(D, src, from + 6 * LANES);
      DoubleVector i6 = DoubleVector.fromArray(D, src, from + 6 * LANES + m);
      DoubleVector r7 = DoubleVector.fromArray(D, src, from + 7 * LANES);
      DoubleVector i7 = DoubleVector.fromArray(D, src, from + 7 * LANES + m);
      r0 = r0.fma(SIGN_1, r0.rearrange(XOR_1));
      i0 = i0.fma(SIGN_1, i0.rearrange(XOR_1));
      r1 = r1.fma(SIGN_1, r1.rearrange(XOR_1));
      i1 = i1.fma(SIGN_1, i1.rearrange(XOR_1));
      r2 = r2.fma(SIGN_1, r2.rearrange(XOR_1));
      i2 = i2.fma(SIGN_1, i2.rearrange(XOR_1));
      r3 = r3.fma(SIGN_1, r3.rearrange(XOR_1));
      i3 = i3.fma(SIGN_1, i3.rearrange(XOR_1));
      r4 = r4.fma(SIGN_1, r4.rearrange(XOR_1));
      i4 = i4.fma(SIGN_1, i4.rearrange(XOR_1));
      r5 = r5.fma(SIGN_1, r5.rearrange(XOR_1));
      i5 = i5.fma(SIGN_1, i5.rearrange(XOR_1));
      r6 = r6.fma(SIGN_1, r6.rearrange(XOR_1));
      i6 = i6.fma(SIGN_1, i6.rearrange(XOR_1));
      r7 = r7.fma(SIGN_1, r7.rearrange(XOR_1));
      i7 = i7.fma(SIGN_1, i7.rearrange(XOR_1));
      DoubleVector c2r0 = r0.mul(W2_RE).add(i0.mul(W2_IM));
      DoubleVector c2i0 = i0.mul(W2_RE).sub(r0.mul(W2_IM));
      r0 = c2r0.fma(SIGN_2, c2r0.rearrange(XOR_2));
      i0 = c2i0.fma(SIGN_2, c2i0.rearrange(XOR_2));
      DoubleVector c2r1 = r1.mul(W2_RE).add(i1.mul(W2_IM));
      DoubleVector c2i1 = i1.mul(W2_RE).sub(r1.mul(W2_IM));
      r1 = c2r1.fma(SIGN_2, c2r1.rearrange(XOR_2));
      i1 = c2i1.fma(SIGN_2, c2i1.rearrange(XOR_2));
      DoubleVector c2r2 = r2.mul(W2_RE).add(i2.mul(W2_IM));
      DoubleVector c2i2 = i2.mul(W2_RE).sub(r2.mul(W2_IM));
      r2 = c2r2.fma(SIGN_2, c2r2.rearrange(XOR_2));
      i2 = c2i2.fma(SIGN_2, c2i2.rearrange(XOR_2));
      DoubleVector c2r3 = r3.mul(W2_RE).add(i3.mul(W2_IM));
      DoubleVector c2i3 = i3.mul(W2_RE).sub(r3.mul(W2_IM));
      r3 = c2r3.fma(SIGN_2, c2r3.rearrange(XOR_2));
      i3 = c2i3.fma(SIGN_2, c2i3.rearrange(XOR_2));
      DoubleVector c2r4 = r4.mul(W2_RE).add(i4.mul(W2_IM));
      DoubleVector c2i4 = i4.mul(W2_RE).sub(r4.mul(W2_IM));
      r4 = c2r4.fma(SIGN_2, c2r4.rearrange(XOR_2));
      i4 = c2i4.fma(SIGN_2, c2i4.rearrange(XOR_2));
      DoubleVector c2r5 = r5.mul(W2_RE).add(i5.mul(W2_IM));
      DoubleVector c2i5 = i5.mul(W2_RE).sub(r5.mul(W2_IM));
      r5 = c2r5.fma(SIGN_2, c2r5.rearrange(XOR_2));
      i5 = c2i5.fma(SIGN_2, c2i5.rearrange(XOR_2));
      DoubleVector c2r6 = r6.mul(W2_RE).add(i6.mul(W2_IM));
      DoubleVector c2i6 = i6.mul(W2_RE).sub(r6.mul(W2_IM));
      r6 = c2r6.fma(SIGN_2, c2r6.rearrange(XOR_2));
      i6 = c2i6.fma(SIGN_2, c2i6.rearrange(XOR_2));
      DoubleVector c2r7 = r7.mul(W2_RE).add(i7.mul(W2_IM));
      DoubleVector c2i7 = i7.mul(W2_RE).sub(r7.mul(W2_IM));
      r7 = c2r7.fma(SIGN_2, c2r7.rearrange(XOR_2));
      i7 = c2i7.fma(SIGN_2, c2i7.rearrange(XOR_2));
      if (LANES == 8) {
        DoubleVector c4r0 = r0.mul(W4_RE).add(i0.mul(W4_IM));
        DoubleVector c4i0 = i0.mul(W4_RE).sub(r0.mul(W4_IM));
        r0 = c4r0.fma(SIGN_4, c4r0.rearrange(XOR_4));
        i0 = c4i0.fma(SIGN_4, c4i0.rearrange(XOR_4));
        DoubleVector c4r1 = r1.mul(W4_RE).add(i1.mul(W4_IM));
        DoubleVector c4i1 = i1.mul(W4_RE).sub(r1.mul(W4_IM));
        r1 = c4r1.fma(SIGN_4, c4r1.rearrange(XOR_4));
        i1 = c4i1.fma(SIGN_4, c4i1.rearrange(XOR_4));
        DoubleVector c4r2 = r2.mul(W4_RE).add(i2.mul(W4_IM));
        DoubleVector c4i2 = i2.mul(W4_RE).sub(r2.mul(W4_IM));
        r2 = c4r2.fma(SIGN_4, c4r2.rearrange(XOR_4));
        i2 = c4i2.fma(SIGN_4, c4i2.rearrange(XOR_4));
        DoubleVector c4r3 = r3.mul(W4_RE).add(i3.mul(W4_IM));
        DoubleVector c4i3 = i3.mul(W4_RE).sub(r3.mul(W4_IM));
        r3 = c4r3.fma(SIGN_4, c4r3.rearrange(XOR_4));
        i3 = c4i3.fma(SIGN_4, c4i3.rearrange(XOR_4));
        DoubleVector c4r4 = r4.mul(W4_RE).add(i4.mul(W4_IM));
        DoubleVector c4i4 = i4.mul(W4_RE).sub(r4.mul(W4_IM));
        r4 = c4r4.fma(SIGN_4, c4r4.rearrange(XOR_4));
        i4 = c4i4.fma(SIGN_4, c4i4.rearrange(XOR_4));
        DoubleVector c4r5 = r5.mul(W4_RE).add(i5.mul(W4_IM));
        DoubleVector c4i5 = i5.mul(W4_RE).sub(r5.mul(W4_IM));
        r5 = c4r5.fma(SIGN_4, c4r5.rearrange(XOR_4));
        i5 = c4i5.fma(SIGN_4, c4i5.rearrange(XOR_4));
        DoubleVector c4r6 = r6.mul(W4_RE).add(i6.mul(W4_IM));
        DoubleVector c4i6 = i6.mul(W4_RE).sub(r6.mul(W4_IM));
        r6 = c4r6.fma(SIGN_4, c4r6.rearrange(XOR_4));
        i6 = c4i6.fma(SIGN_4, c4i6.rearrange(XOR_4));
        DoubleVector c4r7 = r7.mul(W4_RE).add(i7.mul(W4_IM));
        DoubleVector c4i7 = i7.mul(W4_RE).sub(r7.mul(W4_IM));
        r7 = c4r7.fma(SIGN_4, c4r7.rearrange(XOR_4));
        i7 = c4i7.fma(SIGN_4, c4i7.rearrange(XOR_4));
      }
      r0.intoArray(x, a + 0 * LANES);
      i0.intoArray(x, a + 0 * LANES + m);
      r1.intoArray(x, a + 1 * LANES);
      i1.intoArray(x, a + 1 * LANES + m);
      r2.intoArray(x, a + 2 * LANES);
      i2.intoArray(x, a + 2 * LANES + m);
      r3.intoArray(x, a + 3 * LANES);
      i3.intoArray(x, a + 3 * LANES + m);
      r4.intoArray(x, a + 4 * LANES);
      i4.intoArray(x, a + 4 * LANES + m);
      r5.intoArray(x, a + 5 * LANES);
      i5.intoArray(x, a + 5 * LANES + m);
      r6.intoArray(x, a + 6 * LANES);
      i6.intoArray(x, a + 6 * LANES + m);
      r7.intoArray(x, a + 7 * LANES);
      i7.intoArray(x, a + 7 * LANES + m);
    }
  }

  /**
   * {@link #ditInVectorStages} in place on the sum of x (if {@code accumulate}, else 0) and the
   * last term of an external product's sum, digits ⊙ key at digitsAt and keyAt (see {@link
   * #addProducts}, whose operations it repeats in their order): the sum is not stored and read
   * back. 4 vectors per iteration: 8 measured slower for this larger body (same-JVM, N = 512, 5
   * terms).
   */
  private static void ditInVectorStagesOfSum(
      double[] digits,
      int digitsAt,
      double[] key,
      int keyAt,
      boolean accumulate,
      double[] x,
      int off,
      int m) {
    for (int a = off; a < off + m; a += 4 * LANES) {
      int j = a - off;
      DoubleVector r0 =
          accumulate ? DoubleVector.fromArray(D, x, a + 0 * LANES) : DoubleVector.zero(D);
      DoubleVector i0 =
          accumulate ? DoubleVector.fromArray(D, x, a + 0 * LANES + m) : DoubleVector.zero(D);
      DoubleVector r1 =
          accumulate ? DoubleVector.fromArray(D, x, a + 1 * LANES) : DoubleVector.zero(D);
      DoubleVector i1 =
          accumulate ? DoubleVector.fromArray(D, x, a + 1 * LANES + m) : DoubleVector.zero(D);
      DoubleVector r2 =
          accumulate ? DoubleVector.fromArray(D, x, a + 2 * LANES) : DoubleVector.zero(D);
      DoubleVector i2 =
          accumulate ? DoubleVector.fromArray(D, x, a + 2 * LANES + m) : DoubleVector.zero(D);
      DoubleVector r3 =
          accumulate ? DoubleVector.fromArray(D, x, a + 3 * LANES) : DoubleVector.zero(D);
      DoubleVector i3 =
          accumulate ? DoubleVector.fromArray(D, x, a + 3 * LANES + m) : DoubleVector.zero(D);
      DoubleVector xr0 = DoubleVector.fromArray(D, digits, digitsAt + j + 0 * LANES);
      DoubleVector xi0 = DoubleVector.fromArray(D, digits, digitsAt + j + 0 * LANES + m);
      DoubleVector yr0 = DoubleVector.fromArray(D, key, keyAt + j + 0 * LANES);
      DoubleVector yi0 = DoubleVector.fromArray(D, key, keyAt + j + 0 * LANES + m);
      r0 = xi0.neg().fma(yi0, xr0.fma(yr0, r0));
      i0 = xr0.fma(yi0, xi0.fma(yr0, i0));
      DoubleVector xr1 = DoubleVector.fromArray(D, digits, digitsAt + j + 1 * LANES);
      DoubleVector xi1 = DoubleVector.fromArray(D, digits, digitsAt + j + 1 * LANES + m);
      DoubleVector yr1 = DoubleVector.fromArray(D, key, keyAt + j + 1 * LANES);
      DoubleVector yi1 = DoubleVector.fromArray(D, key, keyAt + j + 1 * LANES + m);
      r1 = xi1.neg().fma(yi1, xr1.fma(yr1, r1));
      i1 = xr1.fma(yi1, xi1.fma(yr1, i1));
      DoubleVector xr2 = DoubleVector.fromArray(D, digits, digitsAt + j + 2 * LANES);
      DoubleVector xi2 = DoubleVector.fromArray(D, digits, digitsAt + j + 2 * LANES + m);
      DoubleVector yr2 = DoubleVector.fromArray(D, key, keyAt + j + 2 * LANES);
      DoubleVector yi2 = DoubleVector.fromArray(D, key, keyAt + j + 2 * LANES + m);
      r2 = xi2.neg().fma(yi2, xr2.fma(yr2, r2));
      i2 = xr2.fma(yi2, xi2.fma(yr2, i2));
      DoubleVector xr3 = DoubleVector.fromArray(D, digits, digitsAt + j + 3 * LANES);
      DoubleVector xi3 = DoubleVector.fromArray(D, digits, digitsAt + j + 3 * LANES + m);
      DoubleVector yr3 = DoubleVector.fromArray(D, key, keyAt + j + 3 * LANES);
      DoubleVector yi3 = DoubleVector.fromArray(D, key, keyAt + j + 3 * LANES + m);
      r3 = xi3.neg().fma(yi3, xr3.fma(yr3, r3));
      i3 = xr3.fma(yi3, xi3.fma(yr3, i3));
      r0 = r0.fma(SIGN_1, r0.rearrange(XOR_1));
      i0 = i0.fma(SIGN_1, i0.rearrange(XOR_1));
      r1 = r1.fma(SIGN_1, r1.rearrange(XOR_1));
      i1 = i1.fma(SIGN_1, i1.rearrange(XOR_1));
      r2 = r2.fma(SIGN_1, r2.rearrange(XOR_1));
      i2 = i2.fma(SIGN_1, i2.rearrange(XOR_1));
      r3 = r3.fma(SIGN_1, r3.rearrange(XOR_1));
      i3 = i3.fma(SIGN_1, i3.rearrange(XOR_1));
      DoubleVector c2r0 = r0.mul(W2_RE).add(i0.mul(W2_IM));
      DoubleVector c2i0 = i0.mul(W2_RE).sub(r0.mul(W2_IM));
      r0 = c2r0.fma(SIGN_2, c2r0.rearrange(XOR_2));
      i0 = c2i0.fma(SIGN_2, c2i0.rearrange(XOR_2));
      DoubleVector c2r1 = r1.mul(W2_RE).add(i1.mul(W2_IM));
      DoubleVector c2i1 = i1.mul(W2_RE).sub(r1.mul(W2_IM));
      r1 = c2r1.fma(SIGN_2, c2r1.rearrange(XOR_2));
      i1 = c2i1.fma(SIGN_2, c2i1.rearrange(XOR_2));
      DoubleVector c2r2 = r2.mul(W2_RE).add(i2.mul(W2_IM));
      DoubleVector c2i2 = i2.mul(W2_RE).sub(r2.mul(W2_IM));
      r2 = c2r2.fma(SIGN_2, c2r2.rearrange(XOR_2));
      i2 = c2i2.fma(SIGN_2, c2i2.rearrange(XOR_2));
      DoubleVector c2r3 = r3.mul(W2_RE).add(i3.mul(W2_IM));
      DoubleVector c2i3 = i3.mul(W2_RE).sub(r3.mul(W2_IM));
      r3 = c2r3.fma(SIGN_2, c2r3.rearrange(XOR_2));
      i3 = c2i3.fma(SIGN_2, c2i3.rearrange(XOR_2));
      if (LANES == 8) {
        DoubleVector c4r0 = r0.mul(W4_RE).add(i0.mul(W4_IM));
        DoubleVector c4i0 = i0.mul(W4_RE).sub(r0.mul(W4_IM));
        r0 = c4r0.fma(SIGN_4, c4r0.rearrange(XOR_4));
        i0 = c4i0.fma(SIGN_4, c4i0.rearrange(XOR_4));
        DoubleVector c4r1 = r1.mul(W4_RE).add(i1.mul(W4_IM));
        DoubleVector c4i1 = i1.mul(W4_RE).sub(r1.mul(W4_IM));
        r1 = c4r1.fma(SIGN_4, c4r1.rearrange(XOR_4));
        i1 = c4i1.fma(SIGN_4, c4i1.rearrange(XOR_4));
        DoubleVector c4r2 = r2.mul(W4_RE).add(i2.mul(W4_IM));
        DoubleVector c4i2 = i2.mul(W4_RE).sub(r2.mul(W4_IM));
        r2 = c4r2.fma(SIGN_4, c4r2.rearrange(XOR_4));
        i2 = c4i2.fma(SIGN_4, c4i2.rearrange(XOR_4));
        DoubleVector c4r3 = r3.mul(W4_RE).add(i3.mul(W4_IM));
        DoubleVector c4i3 = i3.mul(W4_RE).sub(r3.mul(W4_IM));
        r3 = c4r3.fma(SIGN_4, c4r3.rearrange(XOR_4));
        i3 = c4i3.fma(SIGN_4, c4i3.rearrange(XOR_4));
      }
      r0.intoArray(x, a + 0 * LANES);
      i0.intoArray(x, a + 0 * LANES + m);
      r1.intoArray(x, a + 1 * LANES);
      i1.intoArray(x, a + 1 * LANES + m);
      r2.intoArray(x, a + 2 * LANES);
      i2.intoArray(x, a + 2 * LANES + m);
      r3.intoArray(x, a + 3 * LANES);
      i3.intoArray(x, a + 3 * LANES + m);
    }
  }

  /**
   * Two DIF stages (half-sizes h and q = h/2 >= LANES) in one pass over quadruples (s + j, + q, +
   * h, + h + q), in radix-2² form (He and Torkelson, "A new approach to pipeline FFT processors",
   * IPPS 1996): with W = w_h[j], the twiddle of the second pair is w_h[j + q] = -i·W and the second
   * stage's is w_q[j] = W², so the four outputs are s0 + s1, W²·(s0 - s1), W·(d0 - i·d1) and W³·(d0
   * + i·d1) (s, d the sums and differences of the first stage): three complex multiplications
   * instead of four, same outputs in the same places. The inner loop runs over contiguous j with a
   * constant stride, so C2 hoists the vector bounds checks out of it.
   */
  private static void difStages2(
      double[] x,
      int off,
      int m,
      int h,
      double[] twRe,
      double[] twIm,
      double[] twCubeRe,
      double[] twCubeIm) {
    int q = h >> 1;
    for (int block = off; block < off + m; block += 2 * h) {
      for (int j = 0; j < q; j += LANES) {
        DoubleVector w1r = DoubleVector.fromArray(D, twRe, h + j);
        DoubleVector w1i = DoubleVector.fromArray(D, twIm, h + j);
        DoubleVector w2r = DoubleVector.fromArray(D, twRe, q + j);
        DoubleVector w2i = DoubleVector.fromArray(D, twIm, q + j);
        DoubleVector w3r = DoubleVector.fromArray(D, twCubeRe, h + j);
        DoubleVector w3i = DoubleVector.fromArray(D, twCubeIm, h + j);
        int p0 = block + j;
        int p1 = p0 + q;
        int p2 = p0 + h;
        int p3 = p2 + q;
        DoubleVector a0r = DoubleVector.fromArray(D, x, p0);
        DoubleVector a0i = DoubleVector.fromArray(D, x, p0 + m);
        DoubleVector a1r = DoubleVector.fromArray(D, x, p1);
        DoubleVector a1i = DoubleVector.fromArray(D, x, p1 + m);
        DoubleVector a2r = DoubleVector.fromArray(D, x, p2);
        DoubleVector a2i = DoubleVector.fromArray(D, x, p2 + m);
        DoubleVector a3r = DoubleVector.fromArray(D, x, p3);
        DoubleVector a3i = DoubleVector.fromArray(D, x, p3 + m);
        DoubleVector s0r = a0r.add(a2r);
        DoubleVector s0i = a0i.add(a2i);
        DoubleVector d0r = a0r.sub(a2r);
        DoubleVector d0i = a0i.sub(a2i);
        DoubleVector s1r = a1r.add(a3r);
        DoubleVector s1i = a1i.add(a3i);
        DoubleVector d1r = a1r.sub(a3r);
        DoubleVector d1i = a1i.sub(a3i);
        s0r.add(s1r).intoArray(x, p0);
        s0i.add(s1i).intoArray(x, p0 + m);
        DoubleVector er = s0r.sub(s1r);
        DoubleVector ei = s0i.sub(s1i);
        er.mul(w2r).sub(ei.mul(w2i)).intoArray(x, p1);
        er.mul(w2i).add(ei.mul(w2r)).intoArray(x, p1 + m);
        // d0 - i·d1 and d0 + i·d1
        DoubleVector fr = d0r.add(d1i);
        DoubleVector fi = d0i.sub(d1r);
        DoubleVector gr = d0r.sub(d1i);
        DoubleVector gi = d0i.add(d1r);
        fr.mul(w1r).sub(fi.mul(w1i)).intoArray(x, p2);
        fr.mul(w1i).add(fi.mul(w1r)).intoArray(x, p2 + m);
        gr.mul(w3r).sub(gi.mul(w3i)).intoArray(x, p3);
        gr.mul(w3i).add(gi.mul(w3r)).intoArray(x, p3 + m);
      }
    }
  }

  /** {@link #difStages2} for h = 8·LANES, its loops swapped (see the generator). */
  private static void difStages2Blocks16Vectors(
      double[] x,
      int off,
      int m,
      double[] twRe,
      double[] twIm,
      double[] twCubeRe,
      double[] twCubeIm) {
    int h = 8 * LANES;
    int q = h >> 1;
    for (int j = 0; j < q; j += LANES) {
      DoubleVector w1r = DoubleVector.fromArray(D, twRe, h + j);
      DoubleVector w1i = DoubleVector.fromArray(D, twIm, h + j);
      DoubleVector w2r = DoubleVector.fromArray(D, twRe, q + j);
      DoubleVector w2i = DoubleVector.fromArray(D, twIm, q + j);
      DoubleVector w3r = DoubleVector.fromArray(D, twCubeRe, h + j);
      DoubleVector w3i = DoubleVector.fromArray(D, twCubeIm, h + j);
      for (int p0 = off + j; p0 < off + m; p0 += 2 * h) {
        int p1 = p0 + q;
        int p2 = p0 + h;
        int p3 = p2 + q;
        DoubleVector a0r = DoubleVector.fromArray(D, x, p0);
        DoubleVector a0i = DoubleVector.fromArray(D, x, p0 + m);
        DoubleVector a1r = DoubleVector.fromArray(D, x, p1);
        DoubleVector a1i = DoubleVector.fromArray(D, x, p1 + m);
        DoubleVector a2r = DoubleVector.fromArray(D, x, p2);
        DoubleVector a2i = DoubleVector.fromArray(D, x, p2 + m);
        DoubleVector a3r = DoubleVector.fromArray(D, x, p3);
        DoubleVector a3i = DoubleVector.fromArray(D, x, p3 + m);
        DoubleVector s0r = a0r.add(a2r);
        DoubleVector s0i = a0i.add(a2i);
        DoubleVector d0r = a0r.sub(a2r);
        DoubleVector d0i = a0i.sub(a2i);
        DoubleVector s1r = a1r.add(a3r);
        DoubleVector s1i = a1i.add(a3i);
        DoubleVector d1r = a1r.sub(a3r);
        DoubleVector d1i = a1i.sub(a3i);
        s0r.add(s1r).intoArray(x, p0);
        s0i.add(s1i).intoArray(x, p0 + m);
        DoubleVector er = s0r.sub(s1r);
        DoubleVector ei = s0i.sub(s1i);
        er.mul(w2r).sub(ei.mul(w2i)).intoArray(x, p1);
        er.mul(w2i).add(ei.mul(w2r)).intoArray(x, p1 + m);
        // d0 - i·d1 and d0 + i·d1
        DoubleVector fr = d0r.add(d1i);
        DoubleVector fi = d0i.sub(d1r);
        DoubleVector gr = d0r.sub(d1i);
        DoubleVector gi = d0i.add(d1r);
        fr.mul(w1r).sub(fi.mul(w1i)).intoArray(x, p2);
        fr.mul(w1i).add(fi.mul(w1r)).intoArray(x, p2 + m);
        gr.mul(w3r).sub(gi.mul(w3i)).intoArray(x, p3);
        gr.mul(w3i).add(gi.mul(w3r)).intoArray(x, p3 + m);
      }
    }
  }

  /** {@link #difStages2} for h = 2·LANES, one j: a flat loop over the blocks. */
  private static void difStages2Blocks4Vectors(
      double[] x,
      int off,
      int m,
      double[] twRe,
      double[] twIm,
      double[] twCubeRe,
      double[] twCubeIm) {
    int h = 2 * LANES;
    int q = h >> 1;
    for (int j = 0; j < q; j += LANES) {
      DoubleVector w1r = DoubleVector.fromArray(D, twRe, h + j);
      DoubleVector w1i = DoubleVector.fromArray(D, twIm, h + j);
      DoubleVector w2r = DoubleVector.fromArray(D, twRe, q + j);
      DoubleVector w2i = DoubleVector.fromArray(D, twIm, q + j);
      DoubleVector w3r = DoubleVector.fromArray(D, twCubeRe, h + j);
      DoubleVector w3i = DoubleVector.fromArray(D, twCubeIm, h + j);
      for (int p0 = off + j; p0 < off + m; p0 += 2 * h) {
        int p1 = p0 + q;
        int p2 = p0 + h;
        int p3 = p2 + q;
        DoubleVector a0r = DoubleVector.fromArray(D, x, p0);
        DoubleVector a0i = DoubleVector.fromArray(D, x, p0 + m);
        DoubleVector a1r = DoubleVector.fromArray(D, x, p1);
        DoubleVector a1i = DoubleVector.fromArray(D, x, p1 + m);
        DoubleVector a2r = DoubleVector.fromArray(D, x, p2);
        DoubleVector a2i = DoubleVector.fromArray(D, x, p2 + m);
        DoubleVector a3r = DoubleVector.fromArray(D, x, p3);
        DoubleVector a3i = DoubleVector.fromArray(D, x, p3 + m);
        DoubleVector s0r = a0r.add(a2r);
        DoubleVector s0i = a0i.add(a2i);
        DoubleVector d0r = a0r.sub(a2r);
        DoubleVector d0i = a0i.sub(a2i);
        DoubleVector s1r = a1r.add(a3r);
        DoubleVector s1i = a1i.add(a3i);
        DoubleVector d1r = a1r.sub(a3r);
        DoubleVector d1i = a1i.sub(a3i);
        s0r.add(s1r).intoArray(x, p0);
        s0i.add(s1i).intoArray(x, p0 + m);
        DoubleVector er = s0r.sub(s1r);
        DoubleVector ei = s0i.sub(s1i);
        er.mul(w2r).sub(ei.mul(w2i)).intoArray(x, p1);
        er.mul(w2i).add(ei.mul(w2r)).intoArray(x, p1 + m);
        // d0 - i·d1 and d0 + i·d1
        DoubleVector fr = d0r.add(d1i);
        DoubleVector fi = d0i.sub(d1r);
        DoubleVector gr = d0r.sub(d1i);
        DoubleVector gi = d0i.add(d1r);
        fr.mul(w1r).sub(fi.mul(w1i)).intoArray(x, p2);
        fr.mul(w1i).add(fi.mul(w1r)).intoArray(x, p2 + m);
        gr.mul(w3r).sub(gi.mul(w3i)).intoArray(x, p3);
        gr.mul(w3i).add(gi.mul(w3r)).intoArray(x, p3 + m);
      }
    }
  }

  /**
   * Inverse of {@link #difStages2} (times 4), stages q = h/2 then h: (0,1), (2,3) with conj w_q[j],
   * then (0,2) with conj w_h[j] and (1,3) with conj w_h[j + q] = i·conj w_h[j], since w_h[j + q] =
   * e^{-iπ/2}·w_h[j] (the radix-2² identity, He and Torkelson, IPPS 1996): the last product is the
   * (2,3) product turned by i (a swap and a sign), so a quadruple costs three complex
   * multiplications, not four.
   */
  private static void ditStages2(double[] x, int off, int m, int h, double[] twRe, double[] twIm) {
    int q = h >> 1;
    for (int block = off; block < off + m; block += 2 * h) {
      for (int j = 0; j < q; j += LANES) {
        DoubleVector war = DoubleVector.fromArray(D, twRe, h + j);
        DoubleVector wai = DoubleVector.fromArray(D, twIm, h + j);
        DoubleVector wcr = DoubleVector.fromArray(D, twRe, q + j);
        DoubleVector wci = DoubleVector.fromArray(D, twIm, q + j);
        int p0 = block + j;
        int p1 = p0 + q;
        int p2 = p0 + h;
        int p3 = p2 + q;
        DoubleVector x1r = DoubleVector.fromArray(D, x, p1);
        DoubleVector x1i = DoubleVector.fromArray(D, x, p1 + m);
        DoubleVector v1r = x1r.mul(wcr).add(x1i.mul(wci));
        DoubleVector v1i = x1i.mul(wcr).sub(x1r.mul(wci));
        DoubleVector x3r = DoubleVector.fromArray(D, x, p3);
        DoubleVector x3i = DoubleVector.fromArray(D, x, p3 + m);
        DoubleVector v3r = x3r.mul(wcr).add(x3i.mul(wci));
        DoubleVector v3i = x3i.mul(wcr).sub(x3r.mul(wci));
        DoubleVector x0r = DoubleVector.fromArray(D, x, p0);
        DoubleVector x0i = DoubleVector.fromArray(D, x, p0 + m);
        DoubleVector x2r = DoubleVector.fromArray(D, x, p2);
        DoubleVector x2i = DoubleVector.fromArray(D, x, p2 + m);
        DoubleVector a0r = x0r.add(v1r);
        DoubleVector a0i = x0i.add(v1i);
        DoubleVector a1r = x0r.sub(v1r);
        DoubleVector a1i = x0i.sub(v1i);
        DoubleVector a2r = x2r.add(v3r);
        DoubleVector a2i = x2i.add(v3i);
        DoubleVector a3r = x2r.sub(v3r);
        DoubleVector a3i = x2i.sub(v3i);
        DoubleVector u2r = a2r.mul(war).add(a2i.mul(wai));
        DoubleVector u2i = a2i.mul(war).sub(a2r.mul(wai));
        // t = a3·conj(w_h[j]); the (1,3) butterfly adds and subtracts i·t = (-t_i, t_r)
        DoubleVector tr = a3r.mul(war).add(a3i.mul(wai));
        DoubleVector ti = a3i.mul(war).sub(a3r.mul(wai));
        a0r.add(u2r).intoArray(x, p0);
        a0i.add(u2i).intoArray(x, p0 + m);
        a0r.sub(u2r).intoArray(x, p2);
        a0i.sub(u2i).intoArray(x, p2 + m);
        a1r.sub(ti).intoArray(x, p1);
        a1i.add(tr).intoArray(x, p1 + m);
        a1r.add(ti).intoArray(x, p3);
        a1i.sub(tr).intoArray(x, p3 + m);
      }
    }
  }

  /** {@link #ditStages2} for h = 8·LANES, its loops swapped (see the generator). */
  private static void ditStages2Blocks16Vectors(
      double[] x, int off, int m, double[] twRe, double[] twIm) {
    int h = 8 * LANES;
    int q = h >> 1;
    for (int j = 0; j < q; j += LANES) {
      DoubleVector war = DoubleVector.fromArray(D, twRe, h + j);
      DoubleVector wai = DoubleVector.fromArray(D, twIm, h + j);
      DoubleVector wcr = DoubleVector.fromArray(D, twRe, q + j);
      DoubleVector wci = DoubleVector.fromArray(D, twIm, q + j);
      for (int p0 = off + j; p0 < off + m; p0 += 2 * h) {
        int p1 = p0 + q;
        int p2 = p0 + h;
        int p3 = p2 + q;
        DoubleVector x1r = DoubleVector.fromArray(D, x, p1);
        DoubleVector x1i = DoubleVector.fromArray(D, x, p1 + m);
        DoubleVector v1r = x1r.mul(wcr).add(x1i.mul(wci));
        DoubleVector v1i = x1i.mul(wcr).sub(x1r.mul(wci));
        DoubleVector x3r = DoubleVector.fromArray(D, x, p3);
        DoubleVector x3i = DoubleVector.fromArray(D, x, p3 + m);
        DoubleVector v3r = x3r.mul(wcr).add(x3i.mul(wci));
        DoubleVector v3i = x3i.mul(wcr).sub(x3r.mul(wci));
        DoubleVector x0r = DoubleVector.fromArray(D, x, p0);
        DoubleVector x0i = DoubleVector.fromArray(D, x, p0 + m);
        DoubleVector x2r = DoubleVector.fromArray(D, x, p2);
        DoubleVector x2i = DoubleVector.fromArray(D, x, p2 + m);
        DoubleVector a0r = x0r.add(v1r);
        DoubleVector a0i = x0i.add(v1i);
        DoubleVector a1r = x0r.sub(v1r);
        DoubleVector a1i = x0i.sub(v1i);
        DoubleVector a2r = x2r.add(v3r);
        DoubleVector a2i = x2i.add(v3i);
        DoubleVector a3r = x2r.sub(v3r);
        DoubleVector a3i = x2i.sub(v3i);
        DoubleVector u2r = a2r.mul(war).add(a2i.mul(wai));
        DoubleVector u2i = a2i.mul(war).sub(a2r.mul(wai));
        // t = a3·conj(w_h[j]); the (1,3) butterfly adds and subtracts i·t = (-t_i, t_r)
        DoubleVector tr = a3r.mul(war).add(a3i.mul(wai));
        DoubleVector ti = a3i.mul(war).sub(a3r.mul(wai));
        a0r.add(u2r).intoArray(x, p0);
        a0i.add(u2i).intoArray(x, p0 + m);
        a0r.sub(u2r).intoArray(x, p2);
        a0i.sub(u2i).intoArray(x, p2 + m);
        a1r.sub(ti).intoArray(x, p1);
        a1i.add(tr).intoArray(x, p1 + m);
        a1r.add(ti).intoArray(x, p3);
        a1i.sub(tr).intoArray(x, p3 + m);
      }
    }
  }

  /** {@link #ditStages2} for h = 2·LANES, one j: a flat loop over the blocks. */
  private static void ditStages2Blocks4Vectors(
      double[] x, int off, int m, double[] twRe, double[] twIm) {
    int h = 2 * LANES;
    int q = h >> 1;
    for (int j = 0; j < q; j += LANES) {
      DoubleVector war = DoubleVector.fromArray(D, twRe, h + j);
      DoubleVector wai = DoubleVector.fromArray(D, twIm, h + j);
      DoubleVector wcr = DoubleVector.fromArray(D, twRe, q + j);
      DoubleVector wci = DoubleVector.fromArray(D, twIm, q + j);
      for (int p0 = off + j; p0 < off + m; p0 += 2 * h) {
        int p1 = p0 + q;
        int p2 = p0 + h;
        int p3 = p2 + q;
        DoubleVector x1r = DoubleVector.fromArray(D, x, p1);
        DoubleVector x1i = DoubleVector.fromArray(D, x, p1 + m);
        DoubleVector v1r = x1r.mul(wcr).add(x1i.mul(wci));
        DoubleVector v1i = x1i.mul(wcr).sub(x1r.mul(wci));
        DoubleVector x3r = DoubleVector.fromArray(D, x, p3);
        DoubleVector x3i = DoubleVector.fromArray(D, x, p3 + m);
        DoubleVector v3r = x3r.mul(wcr).add(x3i.mul(wci));
        DoubleVector v3i = x3i.mul(wcr).sub(x3r.mul(wci));
        DoubleVector x0r = DoubleVector.fromArray(D, x, p0);
        DoubleVector x0i = DoubleVector.fromArray(D, x, p0 + m);
        DoubleVector x2r = DoubleVector.fromArray(D, x, p2);
        DoubleVector x2i = DoubleVector.fromArray(D, x, p2 + m);
        DoubleVector a0r = x0r.add(v1r);
        DoubleVector a0i = x0i.add(v1i);
        DoubleVector a1r = x0r.sub(v1r);
        DoubleVector a1i = x0i.sub(v1i);
        DoubleVector a2r = x2r.add(v3r);
        DoubleVector a2i = x2i.add(v3i);
        DoubleVector a3r = x2r.sub(v3r);
        DoubleVector a3i = x2i.sub(v3i);
        DoubleVector u2r = a2r.mul(war).add(a2i.mul(wai));
        DoubleVector u2i = a2i.mul(war).sub(a2r.mul(wai));
        // t = a3·conj(w_h[j]); the (1,3) butterfly adds and subtracts i·t = (-t_i, t_r)
        DoubleVector tr = a3r.mul(war).add(a3i.mul(wai));
        DoubleVector ti = a3i.mul(war).sub(a3r.mul(wai));
        a0r.add(u2r).intoArray(x, p0);
        a0i.add(u2i).intoArray(x, p0 + m);
        a0r.sub(u2r).intoArray(x, p2);
        a0i.sub(u2i).intoArray(x, p2 + m);
        a1r.sub(ti).intoArray(x, p1);
        a1i.add(tr).intoArray(x, p1 + m);
        a1r.add(ti).intoArray(x, p3);
        a1i.sub(tr).intoArray(x, p3 + m);
      }
    }
  }

  // END GENERATED by VectorFftPassesGenerator

  @Override
  public void backwardAdd(
      NegacyclicFft t, double[] data, int off, double[] work, int workOff, long[] out, int outOff) {
    ditInVectorStages(data, off, work, workOff, t.m);
    ditLaterStagesAdd(t, work, workOff, out, outOff);
  }

  /**
   * The sum of products runs in passes of two terms, each pass one flat loop over j (a counted loop
   * whose indices are loop-invariant + j, so C2 hoists the vector bounds checks out of it; with all
   * the terms as an inner loop, their runtime stride left four checks per term and vector inside
   * the loop, measured with VECTOR_ACCESS_OOB_CHECK=0). The partial sums stay in the L1-resident
   * work array between passes. An odd count's last term (the 2-bit set's fifth) is added in the
   * inverse's first pass, {@link #ditInVectorStagesOfSum}, so that sum is not stored and read back;
   * a last pair is not (the 4-bit set's two terms: in its bootstrap, where the key streams from
   * memory, that fusion measured slower; benchmarks/RESULTS.md, branch fft5). No vector is passed
   * to a method: see {@link #ditLastStage}.
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
    // an odd count ends with one term, added in the inverse's first pass; pairs before it
    int paired = count & ~1;
    for (int r = 0; r < paired; r += 2) {
      addProducts(
          a,
          aOff + r * aStride,
          aStride,
          b,
          bOff + r * bStride,
          bStride,
          t.m,
          work,
          workOff,
          r > 0);
    }
    if (paired < count) {
      ditInVectorStagesOfSum(
          a, aOff + paired * aStride, b, bOff + paired * bStride, paired > 0, work, workOff, t.m);
    } else {
      ditInVectorStages(work, workOff, work, workOff, t.m);
    }
    ditLaterStagesAdd(t, work, workOff, out, outOff);
  }

  /**
   * x[at + j] (real parts; imaginary at + m + j) = a ⊙ b for the M points at a[pa], b[pb], plus
   * those at a[pa + aStride], b[pb + bStride], plus the previous x if {@code accumulate}.
   */
  private static void addProducts(
      double[] a,
      int pa,
      int aStride,
      double[] b,
      int pb,
      int bStride,
      int m,
      double[] x,
      int at,
      boolean accumulate) {
    for (int j = 0; j < m; j += LANES) {
      DoubleVector re = accumulate ? DoubleVector.fromArray(D, x, at + j) : DoubleVector.zero(D);
      DoubleVector im =
          accumulate ? DoubleVector.fromArray(D, x, at + m + j) : DoubleVector.zero(D);
      DoubleVector xr = DoubleVector.fromArray(D, a, pa + j);
      DoubleVector xi = DoubleVector.fromArray(D, a, pa + m + j);
      DoubleVector yr = DoubleVector.fromArray(D, b, pb + j);
      DoubleVector yi = DoubleVector.fromArray(D, b, pb + m + j);
      re = xi.neg().fma(yi, xr.fma(yr, re));
      im = xr.fma(yi, xi.fma(yr, im));
      DoubleVector ur = DoubleVector.fromArray(D, a, pa + aStride + j);
      DoubleVector ui = DoubleVector.fromArray(D, a, pa + aStride + m + j);
      DoubleVector vr = DoubleVector.fromArray(D, b, pb + bStride + j);
      DoubleVector vi = DoubleVector.fromArray(D, b, pb + bStride + m + j);
      re = ui.neg().fma(vi, ur.fma(vr, re));
      im = ur.fma(vi, ui.fma(vr, im));
      re.intoArray(x, at + j);
      im.intoArray(x, at + m + j);
    }
  }

  /**
   * The inverse after its in-vector stages: stages h = LANES and 2·LANES in the flat pass {@link
   * #ditStages2Blocks4Vectors}, then up to M/4 two at a time (a single stage first when their count
   * is odd; the pair 4·LANES, 8·LANES in {@link #ditStages2Blocks16Vectors}), then {@link
   * #ditLastStage} and the rounding.
   */
  private static void ditLaterStagesAdd(
      NegacyclicFft t, double[] data, int off, long[] out, int outOff) {
    int m = t.m;
    double[] twRe = t.twRe;
    double[] twIm = t.twIm;
    ditStages2Blocks4Vectors(data, off, m, twRe, twIm);
    int h = 4 * LANES;
    if (h < m >> 1
        && (Integer.numberOfTrailingZeros(m) - Integer.numberOfTrailingZeros(h)) % 2 == 0) {
      ditStage(data, off, m, h, twRe, twIm);
      h <<= 1;
    }
    if (h == 4 * LANES && h < m >> 1) {
      ditStages2Blocks16Vectors(data, off, m, twRe, twIm);
      h <<= 2;
    }
    for (; h < m >> 1; h <<= 2) {
      ditStages2(data, off, m, 2 * h, twRe, twIm);
    }
    ditLastStage(t, data, off);
    // the rounding as a loop of its own: C2 inlines and unrolls it (see ditLastStage)
    for (int j = 0; j < t.n; j += LANES) {
      addRounded(data, off + j, out, outOff + j);
    }
  }

  /**
   * The last stage (half-size M/2) fused with the untwist z·conj(ω^j)/(M·2^64), in place. The
   * rounding is not fused in: C2 stops inlining in a body this large (its node-count cutoff, seen
   * with -XX:+PrintInlining), and a vector passed to a call it did not inline is boxed on the heap;
   * a separate pass over the (L1-resident) result costs less than those calls.
   */
  private static void ditLastStage(NegacyclicFft t, double[] data, int off) {
    int m = t.m;
    int im = off + m;
    double[] untwistRe = t.untwistRe;
    double[] untwistIm = t.untwistIm;
    double[] foldRe = t.foldInverseRe;
    double[] foldIm = t.foldInverseIm;
    double sqrtHalf = Math.sqrt(0.5);
    int h = m >> 1;
    // with c = conj(ω^j)/(M·2^64) and k = j + M/2, the outputs (u + v)·c and (u - v)·c·e^{-iπ/4}
    // for v = x_k·conj(w_{M/2}[j]) are p + q and (p - q)·e^{-iπ/4}, p = u·c and q = x_k·conj(ω^j·
    // w_{M/2}[j])/(M·2^64) (the fold table): two complex products instead of three
    for (int j = 0; j < h; j += LANES) {
      int k = j + h;
      DoubleVector ur = DoubleVector.fromArray(D, data, off + j);
      DoubleVector ui = DoubleVector.fromArray(D, data, im + j);
      DoubleVector c = DoubleVector.fromArray(D, untwistRe, j);
      DoubleVector s = DoubleVector.fromArray(D, untwistIm, j);
      DoubleVector pr = ur.mul(c).add(ui.mul(s));
      DoubleVector pi = ui.mul(c).sub(ur.mul(s));
      DoubleVector xr = DoubleVector.fromArray(D, data, off + k);
      DoubleVector xi = DoubleVector.fromArray(D, data, im + k);
      DoubleVector fr = DoubleVector.fromArray(D, foldRe, j);
      DoubleVector fi = DoubleVector.fromArray(D, foldIm, j);
      DoubleVector qr = xr.mul(fr).add(xi.mul(fi));
      DoubleVector qi = xi.mul(fr).sub(xr.mul(fi));
      pr.add(qr).intoArray(data, off + j);
      pi.add(qi).intoArray(data, im + j);
      // (dr + i·di)·(1 - i)·√½ = ((dr + di) + i·(di - dr))·√½
      DoubleVector dr = pr.sub(qr);
      DoubleVector di = pi.sub(qi);
      dr.add(di).mul(sqrtHalf).intoArray(data, off + k);
      di.sub(dr).mul(sqrtHalf).intoArray(data, im + k);
    }
  }

  /** One radix-2 DIT stage of half-size h (>= LANES) in place, conjugate twiddles. */
  private static void ditStage(double[] x, int off, int m, int h, double[] twRe, double[] twIm) {
    for (int block = off; block < off + m; block += 2 * h) {
      for (int j = 0; j < h; j += LANES) {
        DoubleVector wr = DoubleVector.fromArray(D, twRe, h + j);
        DoubleVector wi = DoubleVector.fromArray(D, twIm, h + j);
        DoubleVector wiNeg = wi.neg();
        int s = block + j;
        int b = s + h;
        DoubleVector xr = DoubleVector.fromArray(D, x, b);
        DoubleVector xi = DoubleVector.fromArray(D, x, b + m);
        DoubleVector vr = xr.fma(wr, xi.mul(wi));
        DoubleVector vi = xi.fma(wr, xr.mul(wiNeg));
        DoubleVector ur = DoubleVector.fromArray(D, x, s);
        DoubleVector ui = DoubleVector.fromArray(D, x, s + m);
        ur.add(vr).intoArray(x, s);
        ui.add(vi).intoArray(x, s + m);
        ur.sub(vr).intoArray(x, b);
        ui.sub(vi).intoArray(x, b + m);
      }
    }
  }

  /**
   * out[at, at+LANES) += round(y·2^64) mod 2^64 for y = {@code data[yAt, yAt+LANES)}, |y| < 2^51
   * (the coefficient already scaled by 2^-64 in the untwist table), in doubles only: f = y -
   * round(y) in [-1/2, 1/2] is exact, and f·2^64 = hi·2^32 + lo with hi = round(f·2^32) and |lo| <=
   * 2^31 both exact; each part becomes a long through the 1.5·2^52 trick (the addition rounds to
   * nearest): out += (hi << 32) + lo. ({@code convert(D2L)} would truncate, not round, and JDK 17
   * does not compile it to AVX-512DQ's vcvttpd2qq: measured at about 8 ns per element, an order of
   * magnitude slower than this.)
   */
  static void addRounded(double[] data, int yAt, long[] out, int at) {
    DoubleVector y = DoubleVector.fromArray(D, data, yAt);
    DoubleVector f = y.sub(y.add(MAGIC).sub(MAGIC));
    DoubleVector hiMagic = f.fma(0x1p32, MAGIC);
    // f·2^32 - hi, exact in one fma (MAGIC - hiMagic = -hi exactly)
    DoubleVector loMagic = f.fma(TWO_POW_32, MAGIC_VECTOR.sub(hiMagic)).fma(0x1p32, MAGIC);
    LongVector bits =
        hiMagic
            .reinterpretAsLongs()
            .lanewise(VectorOperators.LSHL, 32)
            .add(loMagic.reinterpretAsLongs())
            .sub(MAGIC_BITS_BOTH);
    LongVector.fromArray(L, out, at).add(bits).intoArray(out, at);
  }

  @Override
  public void multiplyAdd(
      double[] acc, int accOff, double[] a, int aOff, double[] b, int bOff, int m) {
    for (int j = 0; j < m; j += LANES) {
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
  public void rotatedSum(
      double[] out,
      int outOff,
      double[] factors,
      double[] b,
      int bOff,
      int bStride,
      int count,
      int m) {
    // One pass per r: on JDK 17 this measured 6.5 ms of CPU for the 230 group sums of the g = 4
    // 4-bit set (one group, in cache), against 12-16 ms for one pass over all r per block of slots
    // (accumulators carried across the r loop, or the block of out reloaded from L1).
    System.arraycopy(b, bOff, out, outOff, 2 * m);
    for (int r = 1; r < count; r++) {
      multiplyAdd(out, outOff, factors, (r - 1) * 2 * m, b, bOff + r * bStride, m);
    }
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
    if (power < 0) {
      decompose(
          in, off, false, off, false, shift, baseLog, levels, digits, digitsOff, levelStride, 0, n);
      return;
    }
    boolean negate = power >= n;
    int p = negate ? power - n : power;
    // coefficient j of X^p·in is -in[j - p + n] for j < p and in[j - p] for j >= p; negated if
    // power >= n
    decompose(
        in,
        off - p + n,
        !negate,
        off,
        true,
        shift,
        baseLog,
        levels,
        digits,
        digitsOff,
        levelStride,
        0,
        p);
    decompose(
        in,
        off - p,
        negate,
        off,
        true,
        shift,
        baseLog,
        levels,
        digits,
        digitsOff,
        levelStride,
        p,
        n);
  }

  /**
   * Digits of x_j = ±in[xOff + j], minus in[yOff + j] if {@code difference}, for j in [from, to).
   * Each level is computed on its own, in a flat loop over j (C2 hoists its bounds checks, which a
   * loop over levels inside the loop over j prevents): with r the rounded value and C the constant
   * with 2^(baseLog-1) in every digit, the digit of level t is ((r + C) >>> baseLog·t mod
   * 2^baseLog) - 2^(baseLog-1). These digits lie in [-2^(baseLog-1), 2^(baseLog-1)) and sum to r
   * mod 2^(baseLog·levels); that balanced representation is unique, so they are the digits of the
   * carry chain of {@link SignedDecomposer} and {@link ScalarFftKernel} (the carry out of the top
   * level is dropped by both). The 1.5·2^52 trick turns each digit into a double.
   *
   * <p>The vectors cover the j in [from, to) that are multiples of LANES, the coefficients outside
   * them (at most LANES - 1 at each end) go one by one: the stores and the loads of in[yOff + j]
   * stay on vector boundaries (when the arrays' offsets do), only the rotated load of in[xOff + j]
   * is not. Starting the vectors at {@code from} = p instead split most stores of [p, N) across two
   * cache lines.
   *
   * <p>r + C in one shift and one addition: for shift s >= 1, r = ((x >>> (s-1)) + 1) >>> 1, and r
   * + C = ((x >>> (s-1)) + 1 + 2C) >>> 1 modulo 2^63 (both sides are floor((x >>> (s-1) + 1 +
   * 2C)/2) up to the multiples of 2^63 an overflow takes off), which is enough for the 64 - s <= 63
   * bits the digits use.
   */
  private static void decompose(
      long[] in,
      int xOff,
      boolean negate,
      int yOff,
      boolean difference,
      int shift,
      int baseLog,
      int levels,
      double[] digits,
      int digitsOff,
      int levelStride,
      int from,
      int to) {
    long mask = (1L << baseLog) - 1;
    long half = 1L << (baseLog - 1);
    long balance = 0;
    for (int t = 0; t < levels; t++) {
      balance += half << (baseLog * t);
    }
    // x >>> preShift, + added, >>> digitShift: r + C shifted to level t's digit (see above)
    int preShift = shift == 0 ? 0 : shift - 1;
    long added = shift == 0 ? balance : 1 + 2 * balance;
    int roundingShift = shift == 0 ? 0 : 1;
    // digit + MAGIC + half, exact: both terms are integers below 2^53
    double bias = MAGIC + half;
    int vectorFrom = Math.min(to, (from + LANES - 1) & -LANES);
    int vectorTo = Math.max(vectorFrom, to & -LANES);
    for (int t = 0; t < levels; t++) {
      int at = digitsOff + t * levelStride;
      int digitShift = roundingShift + baseLog * t;
      for (int j = vectorFrom; j < vectorTo; j += LANES) {
        LongVector x = LongVector.fromArray(L, in, xOff + j);
        if (negate) {
          x = x.neg();
        }
        if (difference) {
          x = x.sub(LongVector.fromArray(L, in, yOff + j));
        }
        x.lanewise(VectorOperators.LSHR, preShift)
            .add(added)
            .lanewise(VectorOperators.LSHR, digitShift)
            .and(mask)
            .add(MAGIC_BITS)
            .reinterpretAsDoubles()
            .sub(bias)
            .intoArray(digits, at + j);
      }
      int scalarFrom = from;
      int scalarTo = vectorFrom;
      // the coefficients before the vectors, then those after them
      for (int end = 0; end < 2; end++) {
        for (int j = scalarFrom; j < scalarTo; j++) {
          long x = negate ? -in[xOff + j] : in[xOff + j];
          if (difference) {
            x -= in[yOff + j];
          }
          digits[at + j] = ((((x >>> preShift) + added) >>> digitShift) & mask) - half;
        }
        scalarFrom = vectorTo;
        scalarTo = to;
      }
    }
  }
}
