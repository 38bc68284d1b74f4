package io.fhestreams.engine.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PolynomialsTest {

  @Test
  void schoolbookShouldWrapNegacyclically() {
    // X^3 * X = X^4 = -1 mod X^4 + 1
    assertThat(Polynomials.multiplySchoolbookNew(new long[] {0, 0, 0, 1}, new long[] {0, 1, 0, 0}))
        .containsExactly(-1, 0, 0, 0);
  }

  @Test
  void binaryProductShouldEqualSchoolbook() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int n : new int[] {8, 512}) {
      long[] a = rnd.longs(n).toArray();
      long[] s = rnd.longs(n, 0, 2).toArray();
      long[] out = new long[n];
      Polynomials.multiplyAddBinaryInPlace(out, 0, a, 0, s, 0, n);
      assertThat(out).as("seed %d", seed).isEqualTo(Polynomials.multiplySchoolbookNew(a, s));
    }
  }

  @Test
  void monomialProductShouldEqualSchoolbook() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 16;
    long[] a = rnd.longs(n).toArray();
    for (int power = 0; power < 2 * n; power++) {
      long[] monomial = new long[n];
      monomial[power % n] = power < n ? 1 : -1;
      long[] out = new long[n];
      Polynomials.multiplyByMonomial(out, 0, a, 0, n, power);
      assertThat(out)
          .as("power %d", power)
          .isEqualTo(Polynomials.multiplySchoolbookNew(a, monomial));
    }
  }
}
