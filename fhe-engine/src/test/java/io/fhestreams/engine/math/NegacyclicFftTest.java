package io.fhestreams.engine.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.PolynomialSize;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both kernels of the transform — the one {@link NegacyclicFft#of} picks (jdk.incubator.vector when
 * the module is present) and the plain-Java one — against exact schoolbook products and each other.
 */
class NegacyclicFftTest {

  private static List<NegacyclicFft> kernels(int n) {
    return List.of(
        NegacyclicFft.of(new PolynomialSize(n)), NegacyclicFft.scalarOf(new PolynomialSize(n)));
  }

  @Test
  void shouldUseTheVectorKernelExactlyWhenTheModuleIsPresent() {
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    System.out.printf(
        "jdk.incubator.vector present: %s, vector kernel: %s%n",
        module, NegacyclicFft.vectorKernelAvailable());
    assertThat(NegacyclicFft.vectorKernelAvailable()).isEqualTo(module);
    assertThat(NegacyclicFft.of(new PolynomialSize(2048)).isVectorized()).isEqualTo(module);
    assertThat(NegacyclicFft.scalarOf(new PolynomialSize(2048)).isVectorized()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 8, 16, 32, 64, 128, 256})
  void shouldMultiplySmallIntegersExactly(int n) {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (NegacyclicFft fft : kernels(n)) {
      for (int trial = 0; trial < 20; trial++) {
        long[] a = rnd.longs(n, -1000, 1000).toArray();
        long[] b = rnd.longs(n, -1000, 1000).toArray();
        assertThat(fft.multiplyNew(a, b))
            .as("vector %s seed %d", fft.isVectorized(), seed)
            .containsExactly(Polynomials.multiplySchoolbookNew(a, b));
      }
    }
  }

  /**
   * Same transform in the same (bit-reversed) order: a Fourier key made by one kernel works with
   * the other.
   */
  @ParameterizedTest
  @ValueSource(ints = {64, 128, 512, 1024, 2048, 16384})
  void shouldComputeTheSameTransformWithBothKernels(int n) {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    NegacyclicFft vector = NegacyclicFft.of(new PolynomialSize(n));
    NegacyclicFft scalar = NegacyclicFft.scalarOf(new PolynomialSize(n));
    for (int trial = 0; trial < 10; trial++) {
      long[] a = rnd.longs(n).toArray();
      double[] fv = new double[n];
      double[] fs = new double[n];
      vector.forward(a, 0, fv, 0);
      scalar.forward(a, 0, fs, 0);
      double scale = 0x1p63 * Math.sqrt(n);
      for (int i = 0; i < n; i++) {
        assertThat(Math.abs(fv[i] - fs[i]))
            .as("N=%d i=%d seed %d", n, i, seed)
            .isLessThan(scale * 0x1p-40);
      }
      long[] backV = new long[n];
      long[] backS = new long[n];
      vector.backwardAdd(fv, 0, backV, 0);
      scalar.backwardAdd(fv, 0, backS, 0);
      for (int i = 0; i < n; i++) {
        // both round the same inverse: equal up to a few ulps of the value itself (2^11 at 2^63)
        assertThat(Math.abs((double) (backV[i] - backS[i])))
            .as("N=%d i=%d seed %d", n, i, seed)
            .isLessThanOrEqualTo(0x1p16);
        assertThat(Math.abs((double) (backV[i] - a[i])))
            .as("round trip N=%d i=%d seed %d", n, i, seed)
            .isLessThan(0x1p20);
      }
    }
  }

  /**
   * The forward transform of digits in place (the external product transforms each digit polynomial
   * where it was written) gives bit for bit the out-of-place transform, both kernels.
   */
  @ParameterizedTest
  @ValueSource(ints = {64, 512, 2048})
  void shouldTransformDigitsInPlaceLikeOutOfPlace(int n) {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (NegacyclicFft fft : kernels(n)) {
      for (int trial = 0; trial < 4; trial++) {
        int off = rnd.nextInt(9);
        double[] data = new double[off + n];
        for (int j = off; j < off + n; j++) {
          data[j] = rnd.nextInt(-(1 << 22), 1 << 22);
        }
        double[] expected = new double[n];
        fft.forward(data, off, expected, 0);
        fft.forward(data, off, data, off);
        assertThat(Arrays.copyOfRange(data, off, off + n))
            .as("vector %s N=%d off=%d seed %d", fft.isVectorized(), n, off, seed)
            .containsExactly(expected);
      }
    }
  }

  /**
   * The inverse that keeps its input (its first stage reads data and writes the work array) gives
   * bit for bit what the in-place inverse gives on a copy, with a work array of its own or from the
   * scratch, and leaves data unchanged.
   */
  @ParameterizedTest
  @ValueSource(ints = {4, 8, 64, 128, 512, 2048, 16384})
  void backwardAddKeepingItsInputShouldEqualTheInPlaceInverseBitForBit(int n) {
    long seed = new SplittableRandom().nextLong();
    System.out.printf("inverse keeping its input, N=%d, seed %d%n", n, seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (NegacyclicFft fft : kernels(n)) {
      NegacyclicFft.Scratch scratch = fft.newScratch();
      for (int trial = 0; trial < 10; trial++) {
        double[] data = new double[n + 3];
        fft.forward(rnd.longs(n).toArray(), 0, data, 3);
        double[] kept = data.clone();
        long[] start = rnd.longs(n).toArray();
        long[] inPlace = start.clone();
        fft.backwardAddInPlace(data.clone(), 3, inPlace, 0);
        long[] withWork = start.clone();
        fft.backwardAdd(data, 3, new double[n + 5], 5, withWork, 0);
        long[] withScratch = start.clone();
        fft.backwardAdd(data, 3, withScratch, 0, scratch);
        String what = "vector " + fft.isVectorized() + " N=" + n + " seed " + seed;
        assertThat(withWork).as(what).containsExactly(inPlace);
        assertThat(withScratch).as(what).containsExactly(inPlace);
        assertThat(data).as(what).containsExactly(kept);
      }
    }
  }

  @Test
  void backwardAddWithAWorkArrayOverlappingData_isRefused() {
    NegacyclicFft fft = NegacyclicFft.of(new PolynomialSize(64));
    double[] data = new double[200];
    assertThatThrownBy(() -> fft.backwardAdd(data, 0, data, 63, new long[64], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("work must not overlap data");
    long[] out = new long[64];
    fft.backwardAdd(data, 0, data, 64, out, 0);
    assertThat(out).containsOnly(0L);
  }

  /**
   * The decomposition feeding the external product, of x = in or of the CMUX difference X^power·in
   * - in, digit for digit against {@link SignedDecomposer} on the explicitly rotated polynomial,
   * for both kernels.
   */
  @ParameterizedTest
  @ValueSource(ints = {64, 512, 2048})
  void shouldDecomposeTheRotatedDifferenceLikeSignedDecomposer(int n) {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    // 64 - baseLog·levels (the rounding shift) from 59 down to 1 ({21, 3}) and 0 ({16, 4})
    int[][] baseLevels = {{23, 1}, {18, 1}, {15, 2}, {4, 3}, {10, 6}, {16, 4}, {21, 3}, {1, 5}};
    // the rotation's split point p = power mod N on a vector boundary (0, 8, 16, N - 8) or not
    int[] edgePowers = {0, n, 8, n + 16, 7, n - 1, 2 * n - 1, n + 1, 2 * n - 8};
    for (NegacyclicFft fft : kernels(n)) {
      for (int[] bl : baseLevels) {
        int baseLog = bl[0];
        int levels = bl[1];
        SignedDecomposer decomposer =
            new SignedDecomposer(
                new DecompositionBaseLog(baseLog), new DecompositionLevelCount(levels));
        for (int trial = 0; trial < 1 + edgePowers.length + 6; trial++) {
          long[] in = rnd.longs(2 * n).toArray();
          // values at the edges of the rounding: half-way points, all ones (rounds up to 2^64 ≡ 0),
          // extremes
          long halfStep = baseLog * levels == 64 ? 0 : 1L << (63 - baseLog * levels);
          long[] edges = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, halfStep, -halfStep, halfStep - 1};
          for (int j = 0; j < 2 * n; j += 1 + rnd.nextInt(4)) {
            in[j] = edges[rnd.nextInt(edges.length)];
          }
          // anywhere, so that in[off] is on a vector boundary or not
          int off = rnd.nextInt(n + 1);
          int power =
              trial == 0
                  ? -1
                  : trial <= edgePowers.length ? edgePowers[trial - 1] : rnd.nextInt(2 * n);
          long[] x = new long[n];
          if (power < 0) {
            System.arraycopy(in, off, x, 0, n);
          } else {
            Polynomials.multiplyByMonomial(x, 0, in, off, n, power);
            for (int j = 0; j < n; j++) {
              x[j] -= in[off + j];
            }
          }
          int stride = n + 3;
          double[] digits = new double[5 + levels * stride];
          fft.decompose(in, off, power, baseLog, levels, digits, 5, stride);
          long[] expected = new long[levels];
          for (int j = 0; j < n; j++) {
            decomposer.decompose(x[j], expected);
            for (int t = 0; t < levels; t++) {
              assertThat(digits[5 + t * stride + j])
                  .as(
                      "vector %s N=%d B=%d l=%d power=%d j=%d t=%d seed %d",
                      fft.isVectorized(), n, baseLog, levels, power, j, t, seed)
                  .isEqualTo((double) expected[t]);
            }
          }
        }
      }
    }
  }

  /**
   * Torus (64-bit) polynomial times a digit polynomial with digits in [-2^(b-1), 2^(b-1)), the
   * product of an external product, against the exact schoolbook product mod 2^64. The error of the
   * double FFT must stay below the bound 2^(64 - 53) · 2^(b-1) · sqrt(N) · 2^4 (ulp of the torus
   * operand times the largest digit times sqrt(N) for N independent rounding errors, times 16;
   * measured maxima sit about 2^2 below it).
   */
  @ParameterizedTest
  @ValueSource(ints = {512, 1024, 2048, 4096, 8192, 16384})
  void shouldKeepTorusTimesDigitErrorBelowBound(int n) {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int baseLog : new int[] {15, 23}) {
      long[] a = rnd.longs(n).toArray();
      long[] d = rnd.longs(n, -(1L << (baseLog - 1)), 1L << (baseLog - 1)).toArray();
      long[] exact = Polynomials.multiplySchoolbookNew(a, d);
      for (NegacyclicFft fft : kernels(n)) {
        assertErrorBelowBound(fft, a, d, exact, baseLog, seed);
      }
    }
  }

  /**
   * The fused sum of an external product, {@code backwardAddSum}: out += Σ_r a_r·d_r for torus
   * polynomials a_r (the key's role) and digit polynomials d_r (baseLog 23, the PBS sets'), given
   * as transforms at offsets and strides, against the exact schoolbook sum mod 2^64, within the
   * single product's error bound times the number of terms; both kernels, 1, 2 and 5 terms (the
   * 4-bit and 2-bit sets), sizes with an odd and an even number of middle inverse stages.
   */
  @ParameterizedTest
  @ValueSource(ints = {64, 256, 512, 2048})
  void shouldAddTheInverseOfASumOfProductsWithinTheErrorBound(int n) {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int baseLog = 23;
    for (NegacyclicFft fft : kernels(n)) {
      for (int count : new int[] {1, 2, 5}) {
        for (int trial = 0; trial < 4; trial++) {
          int aOff = 3 + rnd.nextInt(8);
          int bOff = 5 + rnd.nextInt(8);
          int aStride = n + rnd.nextInt(3) * 8;
          int bStride = 2 * n + rnd.nextInt(3) * 8;
          double[] fa = new double[aOff + count * aStride];
          double[] fb = new double[bOff + count * bStride];
          long[] init = rnd.longs(n).toArray();
          long[] expected = init.clone();
          for (int r = 0; r < count; r++) {
            long[] key = rnd.longs(n).toArray();
            long[] digits = rnd.longs(n, -(1L << (baseLog - 1)), 1L << (baseLog - 1)).toArray();
            fft.forward(digits, 0, fa, aOff + r * aStride);
            fft.forward(key, 0, fb, bOff + r * bStride);
            long[] product = Polynomials.multiplySchoolbookNew(key, digits);
            for (int j = 0; j < n; j++) {
              expected[j] += product[j];
            }
          }
          int outOff = rnd.nextInt(4);
          long[] out = new long[outOff + n + 2];
          System.arraycopy(init, 0, out, outOff, n);
          int workOff = rnd.nextInt(9);
          fft.backwardAddSum(
              fa,
              aOff,
              aStride,
              fb,
              bOff,
              bStride,
              count,
              new double[workOff + n],
              workOff,
              out,
              outOff);
          double bound = count * Math.scalb(1.0, 11 + baseLog - 1 + 4) * Math.sqrt(n);
          for (int j = 0; j < n; j++) {
            assertThat(Math.abs((double) (out[outOff + j] - expected[j])))
                .as("vector %s N=%d count=%d j=%d seed %d", fft.isVectorized(), n, count, j, seed)
                .isLessThan(bound);
          }
          assertThat(out[outOff + n]).as("past the end, seed %d", seed).isZero();
          if (outOff > 0) {
            assertThat(out[outOff - 1]).as("before the start, seed %d", seed).isZero();
          }
        }
      }
    }
  }

  private static void assertErrorBelowBound(
      NegacyclicFft fft, long[] a, long[] d, long[] exact, int baseLog, long seed) {
    int n = a.length;
    long[] approx = fft.multiplyNew(a, d);
    double maxErr = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double e = Math.abs((double) (approx[i] - exact[i]));
      maxErr = Math.max(maxErr, e);
      sumSq += e * e;
    }
    double bound = Math.scalb(1.0, 11 + baseLog - 1 + 4) * Math.sqrt(n);
    System.out.printf(
        "FFT error (%s) N=%d baseLog=%d: max 2^%.2f, rms 2^%.2f (torus units), bound 2^%.0f%n",
        fft.isVectorized() ? "vector" : "scalar",
        n,
        baseLog,
        Math.log(maxErr) / Math.log(2),
        Math.log(Math.sqrt(sumSq / n)) / Math.log(2),
        Math.log(bound) / Math.log(2));
    assertThat(maxErr)
        .as("vector %s N=%d baseLog=%d seed %d", fft.isVectorized(), n, baseLog, seed)
        .isLessThan(bound);
  }

  /**
   * The table-lookup transform of X^d equals the FFT of X^d (to rounding) for every degree of a
   * seeded random sample in [0, 2N), X^N = -1, both kernels; and the rotated sum b_0 + Σ f_r ⊙ b_r
   * equals the same sum built with multiplyAdd.
   */
  @Test
  void monomialTransformAndRotatedSumMatchTheTransform() {
    long seed = new java.util.SplittableRandom().nextLong();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    for (int n : new int[] {512, 1024, 2048}) {
      for (NegacyclicFft fft : kernels(n)) {
        double[] table = new double[n];
        double[] viaFft = new double[n];
        for (int trial = 0; trial < 64; trial++) {
          int d = rnd.nextInt(2 * n);
          long[] monomial = new long[n];
          monomial[d % n] = d < n ? 1 : -1;
          fft.forward(monomial, 0, viaFft, 0);
          fft.monomialTransform(d, table, 0);
          for (int j = 0; j < n; j++) {
            assertThat(table[j])
                .as("N=%d d=%d slot %d (seed %d)", n, d, j, seed)
                .isCloseTo(viaFft[j], org.assertj.core.data.Offset.offset(1e-9));
          }
        }
        int count = 4;
        double[] b = rnd.doubles(count * n, -1, 1).toArray();
        double[] factors = rnd.doubles((count - 1) * n, -1, 1).toArray();
        double[] expected = java.util.Arrays.copyOf(b, n);
        for (int r = 1; r < count; r++) {
          fft.multiplyAdd(expected, 0, factors, (r - 1) * n, b, r * n);
        }
        double[] out = new double[n];
        fft.rotatedSum(out, 0, factors, b, 0, n, count);
        assertThat(out).as("rotated sum N=%d (seed %d)", n, seed).isEqualTo(expected);
      }
    }
    assertThatThrownBy(
            () ->
                NegacyclicFft.of(new PolynomialSize(512))
                    .monomialTransform(1024, new double[512], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 2N = 1024)");
  }
}
