package io.fhestreams.engine.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.PolynomialSize;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CacheAligned} arrays, and the kernels on them: placing the operands at the aligned start
 * (or at any other offset) changes where the vectors are loaded from, never a result bit.
 */
class CacheAlignedTest {

  @Test
  void arraysHoldTheLengthFromTheAlignedStart() {
    assertThat(CacheAligned.START).isBetween(0, CacheAligned.ELEMENTS - 1);
    for (int length : new int[] {0, 1, 7, 8, 2048, 1 << 17}) {
      assertThat(CacheAligned.doubles(length).length)
          .isGreaterThanOrEqualTo(CacheAligned.START + length);
      assertThat(CacheAligned.longs(length).length)
          .isGreaterThanOrEqualTo(CacheAligned.START + length);
    }
    assertThat(CacheAligned.roundUp(0)).isZero();
    assertThat(CacheAligned.roundUp(1)).isEqualTo(8);
    assertThat(CacheAligned.roundUp(8)).isEqualTo(8);
    assertThat(CacheAligned.roundUp(2049)).isEqualTo(2056);
  }

  @Test
  void badLengths_areRefused() {
    assertThatThrownBy(() -> CacheAligned.doubles(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length out of range: -1");
    assertThatThrownBy(() -> CacheAligned.longs(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length out of range");
    assertThatThrownBy(() -> CacheAligned.roundUp(Integer.MAX_VALUE - 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length out of range");
  }

  /**
   * Forward transform, inverse with rounding, the key-product sum and the rotated decomposition at
   * every offset 0–7 of padded arrays (one of them 64-byte aligned) against the same calls on plain
   * arrays at offset 0, for the vector and the scalar kernel: equal bit for bit.
   */
  @ParameterizedTest
  @ValueSource(ints = {64, 512, 2048})
  void singlePolynomialKernelsGiveTheSameBitsAtEveryOffset(int n) {
    long seed = new SplittableRandom().nextLong();
    System.out.println("CacheAlignedTest single N=" + n + " seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (NegacyclicFft fft :
        new NegacyclicFft[] {
          NegacyclicFft.of(new PolynomialSize(n)), NegacyclicFft.scalarOf(new PolynomialSize(n))
        }) {
      long[] in = rnd.longs(n).toArray();
      double[] key = rnd.doubles(2 * n, -0x1p40, 0x1p40).toArray();
      long[] acc = rnd.longs(n).toArray();
      int power = rnd.nextInt(2 * n);
      double[] digits = new double[2 * n];
      fft.decompose(in, 0, power, 15, 2, digits, 0, n);
      double[] fourier = new double[2 * n];
      fft.forward(digits, 0, fourier, 0);
      fft.forward(digits, n, fourier, n);
      long[] sum = acc.clone();
      fft.backwardAddSum(fourier, 0, n, key, 0, n, 2, new double[n], 0, sum, 0);
      long[] inverse = acc.clone();
      fft.backwardAddInPlace(fourier.clone(), 0, inverse, 0);
      for (int off = 0; off < CacheAligned.ELEMENTS; off++) {
        String as = "vector " + fft.isVectorized() + " N=" + n + " offset " + off + " seed " + seed;
        long[] inAt = CacheAligned.longs(n + off);
        System.arraycopy(in, 0, inAt, off, n);
        double[] scratch = CacheAligned.doubles(6 * n + off);
        fft.decompose(inAt, off, power, 15, 2, scratch, off, n);
        assertThat(Arrays.copyOfRange(scratch, off, off + 2 * n)).as(as).isEqualTo(digits);
        fft.forward(scratch, off, scratch, off + 2 * n);
        fft.forward(scratch, off + n, scratch, off + 3 * n);
        assertThat(Arrays.copyOfRange(scratch, off + 2 * n, off + 4 * n)).as(as).isEqualTo(fourier);
        long[] accAt = CacheAligned.longs(n + off);
        System.arraycopy(acc, 0, accAt, off, n);
        fft.backwardAddSum(scratch, off + 2 * n, n, key, 0, n, 2, scratch, off + 4 * n, accAt, off);
        assertThat(Arrays.copyOfRange(accAt, off, off + n)).as(as).isEqualTo(sum);
        System.arraycopy(acc, 0, accAt, off, n);
        fft.backwardAddInPlace(scratch, off + 2 * n, accAt, off);
        assertThat(Arrays.copyOfRange(accAt, off, off + n)).as(as).isEqualTo(inverse);
      }
    }
  }
}
