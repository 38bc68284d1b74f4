package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.Seed;
import io.fhestreams.engine.random.Seeder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LweEncryptionTest {
  private static final NoiseDistribution NOISE = new NoiseDistribution.TUniform(17);

  @Test
  void shouldDecryptPhaseWithinNoiseBound() {
    LweSecretKey key = TestFixtures.lweKey(879);
    SplittableRandom rnd = new SplittableRandom();
    for (int i = 0; i < 1000; i++) {
      long pt = rnd.nextLong();
      LweCiphertext ct =
          LweEncryption.encryptNew(key, pt, NOISE, TestFixtures.masks(), TestFixtures.noise());
      long e = LweEncryption.decryptPhase(key, ct) - pt;
      assertThat(e).isBetween(-(1L << 17), 1L << 17);
    }
  }

  @Test
  void shouldConsumeMasksInOrderSoASeedRegeneratesThem() {
    LweSecretKey key = TestFixtures.lweKey(64);
    Seed seed = Seeder.freshSeed();
    long[] pts = {1L << 60, 2L << 60, 3L << 60};
    LweCiphertextList list =
        LweEncryption.encryptListNew(
            key, pts, NOISE, MaskGenerator.fromSeed(seed), TestFixtures.noise());
    MaskGenerator again = MaskGenerator.fromSeed(seed);
    for (int i = 0; i < pts.length; i++) {
      for (int j = 0; j < 64; j++) {
        assertThat(list.data()[i * 65 + j]).isEqualTo(again.nextMask());
      }
      assertThat(LweEncryption.decryptPhase(key, list, i) - pts[i])
          .isBetween(-(1L << 17), 1L << 17);
    }
  }

  @Test
  void decryptWithWrongDimension_failsNamingBoth() {
    LweSecretKey key = TestFixtures.lweKey(10);
    assertThatThrownBy(
            () ->
                LweEncryption.decryptPhase(
                    key, LweCiphertext.zeros(new io.fhestreams.engine.params.LweDimension(11))))
        .hasMessageContaining("LweSecretKey: LweDimension[value=10]")
        .hasMessageContaining("LweCiphertext: LweDimension[value=11]");
  }
}
