package io.fhestreams.engine.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fhestreams.engine.params.PolynomialSize;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lane-batched transform against the plain-Java reference kernel ({@link
 * NegacyclicFft#scalarOf}) lane by lane, on seeded random polynomials: forward, the key-broadcast
 * product sum with the inverse, and the rotated decomposition; sizes with an odd and an even number
 * of middle stages.
 */
class LaneBatchFftTest {
  /** A value the decomposition never writes into its scratch's untouched prefix. */
  private static final long GUARD = 0x5A5A5A5A5A5A5A5AL;

  private static LaneBatchFft lanesOf(int n) {
    return LaneBatchFft.of(new PolynomialSize(n));
  }

  @Test
  void shouldExistExactlyWhenTheVectorKernelDoes() {
    assertThat(lanesOf(2048) != null).isEqualTo(NegacyclicFft.vectorKernelAvailable());
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 64, 512, 1024, 2048, 8192})
  void shouldTransformEachLaneLikeTheScalarKernel(int n) {
    LaneBatchFft lanes = lanesOf(n);
    assumeTrue(lanes != null, "jdk.incubator.vector absent: no lane-batched transform to test");
    NegacyclicFft scalar = NegacyclicFft.scalarOf(new PolynomialSize(n));
    int width = lanes.lanes();
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trial = 0; trial < 4; trial++) {
      double magnitude = Math.scalb(1.0, trial == 0 ? 22 : 52);
      int off = rnd.nextInt(3) * width;
      double[] set = new double[off + n * width];
      double[][] polys = new double[width][n];
      for (int l = 0; l < width; l++) {
        for (int j = 0; j < n; j++) {
          polys[l][j] = Math.rint((2 * rnd.nextDouble() - 1) * magnitude);
          set[off + j * width + l] = polys[l][j];
        }
      }
      lanes.forwardInPlace(set, off);
      double maxErr = 0;
      double bound = magnitude * n * 0x1p-46;
      for (int l = 0; l < width; l++) {
        double[] expected = new double[n];
        scalar.forward(polys[l], 0, expected, 0);
        for (int j = 0; j < n; j++) {
          maxErr = Math.max(maxErr, Math.abs(set[off + j * width + l] - expected[j]));
        }
      }
      System.out.printf(
          "lane forward N=%d inputs < 2^%.0f: max |lane - scalar| = 2^%.2f, bound 2^%.2f%n",
          n, Math.log(magnitude) / Math.log(2), log2(maxErr), log2(bound));
      assertThat(maxErr).as("N=%d trial %d seed %d", n, trial, seed).isLessThan(bound);
    }
  }

  /**
   * out += Σ_r key_r · d_r,l per lane l: the lane path (forward of the digit lane sets, key
   * broadcast product sum, inverse) against the scalar kernel's forward and backwardAddSum of each
   * lane, and both against the exact schoolbook sum, within the error bound of {@code
   * NegacyclicFftTest} (2^(11 + baseLog - 1 + 4)·sqrt(N) per term).
   */
  @ParameterizedTest
  @ValueSource(ints = {8, 64, 512, 1024, 2048, 8192})
  void shouldAddTheInverseOfAKeyProductSumLikeTheScalarKernel(int n) {
    LaneBatchFft lanes = lanesOf(n);
    assumeTrue(lanes != null, "jdk.incubator.vector absent: no lane-batched transform to test");
    NegacyclicFft scalar = NegacyclicFft.scalarOf(new PolynomialSize(n));
    int width = lanes.lanes();
    int baseLog = 23;
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int count : new int[] {1, 2, 5}) {
      int setSize = n * width;
      int keyStride = 2 * n + 8;
      double[] digitSets = new double[count * setSize];
      double[] keys = new double[3 + count * keyStride];
      long[][] keyPolys = new long[count][];
      long[][][] digitPolys = new long[count][width][];
      for (int r = 0; r < count; r++) {
        keyPolys[r] = rnd.longs(n).toArray();
        scalar.forward(keyPolys[r], 0, keys, 3 + r * keyStride);
        for (int l = 0; l < width; l++) {
          digitPolys[r][l] = rnd.longs(n, -(1L << (baseLog - 1)), 1L << (baseLog - 1)).toArray();
          for (int j = 0; j < n; j++) {
            digitSets[r * setSize + j * width + l] = digitPolys[r][l][j];
          }
        }
        lanes.forwardInPlace(digitSets, r * setSize);
      }
      long[] out = rnd.longs(n * width).toArray();
      long[] init = out.clone();
      double[] work = new double[setSize];
      lanes.multiplySum(digitSets, 0, setSize, keys, 3, keyStride, count, work, 0);
      lanes.backwardAddInPlace(work, 0, out, 0);
      double bound = count * Math.scalb(1.0, 11 + baseLog - 1 + 4) * Math.sqrt(n);
      double maxVsScalar = 0;
      double maxVsExact = 0;
      double sumSqLane = 0;
      double sumSqScalar = 0;
      for (int l = 0; l < width; l++) {
        double[] fourierDigits = new double[count * n];
        long[] expected = new long[n];
        long[] reference = new long[n];
        for (int j = 0; j < n; j++) {
          expected[j] = init[j * width + l];
          reference[j] = init[j * width + l];
        }
        for (int r = 0; r < count; r++) {
          scalar.forward(toDoubles(digitPolys[r][l]), 0, fourierDigits, r * n);
          long[] product = Polynomials.multiplySchoolbookNew(keyPolys[r], digitPolys[r][l]);
          for (int j = 0; j < n; j++) {
            expected[j] += product[j];
          }
        }
        scalar.backwardAddSum(
            fourierDigits, 0, n, keys, 3, keyStride, count, new double[n], 0, reference, 0);
        for (int j = 0; j < n; j++) {
          long got = out[j * width + l];
          maxVsScalar = Math.max(maxVsScalar, Math.abs((double) (got - reference[j])));
          maxVsExact = Math.max(maxVsExact, Math.abs((double) (got - expected[j])));
          sumSqLane += Math.pow((double) (got - expected[j]), 2);
          sumSqScalar += Math.pow((double) (reference[j] - expected[j]), 2);
        }
      }
      System.out.printf(
          "lane inverse N=%d count=%d: max |lane - scalar| = 2^%.2f, |lane - exact| = 2^%.2f,"
              + " bound 2^%.2f; rms error lane 2^%.3f, scalar kernel 2^%.3f%n",
          n,
          count,
          log2(maxVsScalar),
          log2(maxVsExact),
          log2(bound),
          log2(Math.sqrt(sumSqLane / (n * width))),
          log2(Math.sqrt(sumSqScalar / (n * width))));
      assertThat(maxVsExact)
          .as("vs exact, N=%d count=%d seed %d", n, count, seed)
          .isLessThan(bound);
      assertThat(maxVsScalar)
          .as("vs scalar, N=%d count=%d seed %d", n, count, seed)
          .isLessThan(2 * bound);
      // the same rounding error as the reference, not just within the bound (measured: lane rms
      // within 2^±0.15 of the scalar kernel's), where there are enough coefficients to tell
      if (n * width >= 512) {
        assertThat(sumSqLane)
            .as("lane vs scalar rms error, N=%d count=%d seed %d", n, count, seed)
            .isLessThan(1.5 * sumSqScalar);
      }
    }
  }

  /**
   * Every lane's digits equal the scalar kernel's decomposition of that lane's rotated difference.
   */
  @ParameterizedTest
  @ValueSource(ints = {8, 64, 512, 2048})
  void shouldDecomposeEachLaneLikeTheScalarKernel(int n) {
    LaneBatchFft lanes = lanesOf(n);
    assumeTrue(lanes != null, "jdk.incubator.vector absent: no lane-batched transform to test");
    NegacyclicFft scalar = NegacyclicFft.scalarOf(new PolynomialSize(n));
    int width = lanes.lanes();
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int[][] baseLevels = {{23, 1}, {18, 1}, {15, 2}, {4, 3}, {10, 6}, {1, 5}};
    for (int[] bl : baseLevels) {
      int baseLog = bl[0];
      int levels = bl[1];
      for (int trial = 0; trial < 6; trial++) {
        int off = rnd.nextInt(3) * n * width;
        long[] set = rnd.longs(off + n * width).toArray();
        long halfStep = 1L << (63 - baseLog * levels);
        long[] edges = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, halfStep, -halfStep, halfStep - 1};
        for (int j = 0; j < set.length; j += 1 + rnd.nextInt(6)) {
          set[j] = edges[rnd.nextInt(edges.length)];
        }
        int[] powers = new int[width];
        for (int l = 0; l < width; l++) {
          // 0 (no rotation), N (negation), repeated powers and powers next to a multiple of 64
          // (where the rotation is cut into blocks) besides random ones
          int kind = rnd.nextInt(6);
          int nearBlockEdge =
              Math.floorMod(64 * rnd.nextInt(2 * n / 64 + 1) + rnd.nextInt(3) - 1, 2 * n);
          powers[l] =
              kind == 0
                  ? 0
                  : kind == 1
                      ? n
                      : kind == 2 && l > 0
                          ? powers[l - 1]
                          : kind == 3 ? nearBlockEdge : rnd.nextInt(2 * n);
        }
        int stride = n * width + 2 * width;
        double[] digits = new double[width + levels * stride];
        // the rotation scratch after `width` guard values that it must leave alone
        long[] rotation = new long[width + lanes.decompositionScratchLength()];
        Arrays.fill(rotation, 0, width, GUARD);
        lanes.decomposeRotated(
            set, off, powers, baseLog, levels, digits, width, stride, rotation, width);
        assertThat(Arrays.copyOf(rotation, width))
            .as("rotation scratch before its offset, N=%d seed %d", n, seed)
            .containsOnly(GUARD);
        for (int l = 0; l < width; l++) {
          long[] poly = new long[n];
          for (int j = 0; j < n; j++) {
            poly[j] = set[off + j * width + l];
          }
          double[] expected = new double[levels * n];
          scalar.decompose(poly, 0, powers[l], baseLog, levels, expected, 0, n);
          for (int t = 0; t < levels; t++) {
            for (int j = 0; j < n; j++) {
              assertThat(digits[width + t * stride + j * width + l])
                  .as(
                      "N=%d B=%d l=%d power=%d lane %d j=%d t=%d seed %d",
                      n, baseLog, levels, powers[l], l, j, t, seed)
                  .isEqualTo(expected[t * n + j]);
            }
          }
        }
      }
    }
  }

  private static double[] toDoubles(long[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
