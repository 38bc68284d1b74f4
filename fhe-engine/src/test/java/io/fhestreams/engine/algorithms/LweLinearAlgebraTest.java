package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.math.Torus;
import io.fhestreams.engine.params.NoiseDistribution;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each leveled op against the clear computation on signed 24-bit messages (Δ = 2^40), random
 * inputs.
 */
class LweLinearAlgebraTest {
  private static final int BITS = 24;
  private static final long DELTA = 1L << (64 - BITS);
  private static final NoiseDistribution NOISE = new NoiseDistribution.TUniform(17);
  private static final LweSecretKey KEY = TestFixtures.lweKey(2048);

  private static LweCiphertext enc(long m) {
    return LweEncryption.encryptNew(
        KEY, m * DELTA, NOISE, TestFixtures.masks(), TestFixtures.noise());
  }

  private static long dec(LweCiphertext ct) {
    long c = Torus.roundToBits(LweEncryption.decryptPhase(KEY, ct), BITS);
    return c >= (1L << (BITS - 1)) ? c - (1L << BITS) : c;
  }

  @Test
  void shouldAddSubNegateScaleAndAddConstantsLikeClearIntegers() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 300; i++) {
      long a = rnd.nextLong(-(1 << 20), 1 << 20);
      long b = rnd.nextLong(-(1 << 20), 1 << 20);
      long c = rnd.nextLong(-7, 8);
      LweCiphertext ca = enc(a);
      LweCiphertext cb = enc(b);
      String why = "a=" + a + " b=" + b + " c=" + c + " seed=" + seed;
      assertThat(dec(LweLinearAlgebra.addNew(ca, cb))).as(why).isEqualTo(a + b);
      assertThat(dec(LweLinearAlgebra.subNew(ca, cb))).as(why).isEqualTo(a - b);
      assertThat(dec(LweLinearAlgebra.negateNew(ca))).as(why).isEqualTo(-a);
      assertThat(dec(LweLinearAlgebra.multiplyByCleartextNew(ca, c))).as(why).isEqualTo(a * c);
      assertThat(dec(LweLinearAlgebra.addPlaintextNew(ca, b * DELTA))).as(why).isEqualTo(a + b);
      LweCiphertext inPlace = ca.copy();
      LweLinearAlgebra.addInPlace(inPlace, cb);
      LweLinearAlgebra.multiplyByCleartextInPlace(inPlace, 2);
      LweLinearAlgebra.subInPlace(inPlace, cb);
      LweLinearAlgebra.negateInPlace(inPlace);
      LweLinearAlgebra.addPlaintextInPlace(inPlace, 5 * DELTA);
      assertThat(dec(inPlace)).as(why).isEqualTo(-(2 * (a + b) - b) + 5);
    }
  }

  @Test
  void shouldComputeDotProductsWithClearWeightsExactly() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trial = 0; trial < 20; trial++) {
      int len = rnd.nextInt(1, 65);
      long[] x = rnd.longs(len, -128, 128).toArray();
      long[] w = rnd.longs(len, -128, 128).toArray();
      LweCiphertext[] cts = new LweCiphertext[len];
      long expected = 0;
      for (int i = 0; i < len; i++) {
        cts[i] = enc(x[i]);
        expected += x[i] * w[i];
      }
      assertThat(dec(LweLinearAlgebra.dotProductNew(cts, w)))
          .as("seed %d", seed)
          .isEqualTo(expected);
    }
  }
}
