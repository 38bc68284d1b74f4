package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.FourierGgswCiphertext;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.math.Torus;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** External product and CMUX with the PBS parameters of the 2-, 4- and 6-bit sets. */
class ExternalProductTest {
  private static final int BITS = 5;

  @Test
  void shouldMultiplyByTheGgswBitAndSelectWithCmux() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (ParameterSet p :
        new ParameterSet[] {
          ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64,
          ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64,
          ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64
        }) {
      int k = p.glweDimension().value();
      int n = p.polynomialSize().value();
      GlweSecretKey key = TestFixtures.glweKey(k, n);
      for (long bit = 0; bit <= 1; bit++) {
        FourierGgswCiphertext ggsw =
            ExternalProduct.convertToFourierNew(
                GgswEncryption.encryptNew(
                    key,
                    bit,
                    p.pbsBaseLog(),
                    p.pbsLevel(),
                    p.glweNoise(),
                    TestFixtures.masks(),
                    TestFixtures.noise()));
        long[] m0 = rnd.longs(n, 0, 1 << BITS).toArray();
        long[] m1 = rnd.longs(n, 0, 1 << BITS).toArray();
        GlweCiphertext c0 = encrypt(key, m0, p);
        GlweCiphertext c1 = encrypt(key, m1, p);
        GlweCiphertext product = ExternalProduct.externalProductNew(ggsw, c1);
        long[] expectedProduct = bit == 1 ? m1 : new long[n];
        assertThat(decrypt(key, product))
            .as("%s bit %d seed %d", p.id(), bit, seed)
            .isEqualTo(expectedProduct);
        Cmux.cmuxInPlace(c0, c1, ggsw);
        assertThat(decrypt(key, c0))
            .as("CMUX %s bit %d seed %d", p.id(), bit, seed)
            .isEqualTo(bit == 1 ? m1 : m0);
      }
    }
  }

  private static GlweCiphertext encrypt(GlweSecretKey key, long[] m, ParameterSet p) {
    long[] pt = new long[m.length];
    for (int i = 0; i < m.length; i++) {
      pt[i] = m[i] << (64 - BITS);
    }
    GlweCiphertext ct = GlweCiphertext.zeros(key.glweDimension(), key.polynomialSize());
    GlweEncryption.encryptInPlace(
        ct, key, pt, p.glweNoise(), TestFixtures.masks(), TestFixtures.noise());
    return ct;
  }

  private static long[] decrypt(GlweSecretKey key, GlweCiphertext ct) {
    long[] phase = GlweEncryption.decryptPhaseNew(key, ct);
    long[] m = new long[phase.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = Torus.roundToBits(phase[i], BITS);
    }
    return m;
  }
}
