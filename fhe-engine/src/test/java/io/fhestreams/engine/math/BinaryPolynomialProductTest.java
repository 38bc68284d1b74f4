package io.fhestreams.engine.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryPolynomialProductTest {

  @ParameterizedTest
  @ValueSource(ints = {256, 1024, 2048, 8192})
  void shouldMultiplyTorusByBinaryExactly(int n) {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] a = rnd.longs(n).toArray();
    long[] s = rnd.longs(n, 0, 2).toArray();
    long[] out = rnd.longs(n).toArray();
    long[] expected = Polynomials.multiplySchoolbookNew(a, s);
    for (int i = 0; i < n; i++) {
      expected[i] += out[i];
    }
    BinaryPolynomialProduct.multiplyAddInPlace(out, 0, a, 0, s, 0, n);
    assertThat(out).as("N=%d seed %d", n, seed).isEqualTo(expected);
  }
}
