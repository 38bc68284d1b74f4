package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.params.NoiseDistribution;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleExtractionTest {

  @Test
  void shouldExtractEachCoefficientPhaseExactly() {
    GlweSecretKey key = TestFixtures.glweKey(2, 64);
    long[] pt = new SplittableRandom().longs(64).toArray();
    GlweCiphertext ct = GlweCiphertext.zeros(key.glweDimension(), key.polynomialSize());
    GlweEncryption.encryptInPlace(
        ct, key, pt, new NoiseDistribution.TUniform(3), TestFixtures.masks(), TestFixtures.noise());
    long[] glwePhase = GlweEncryption.decryptPhaseNew(key, ct);
    for (int c = 0; c < 64; c++) {
      LweCiphertext lwe = SampleExtraction.extractNew(ct, c);
      assertThat(LweEncryption.decryptPhase(key.asLweSecretKey(), lwe))
          .as("coefficient %d", c)
          .isEqualTo(glwePhase[c]);
    }
  }
}
