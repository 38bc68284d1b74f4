package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.math.Torus;
import io.fhestreams.engine.noise.NoiseModel;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Key switching big → small (32-bit key): every message, random messages of every PBS set, the
 * measured noise.
 */
class LweKeyswitchTest {

  /**
   * Random messages of every PBS set through its 32-bit key switch: the output decrypts to the
   * input's message and its error stays within 6σ of the modelled fresh + key-switch variance.
   */
  @Test
  void shouldKeepRandomMessagesOfEveryPbsSet() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (ParameterSet p : ParameterSets.all()) {
      if (!p.supportsBootstrap()) {
        continue;
      }
      LweSecretKey big = TestFixtures.lweKey(p.bigLweDimension().value());
      LweSecretKey small = TestFixtures.lweKey(p.lweDimension().value());
      LweKeyswitchKey ksk =
          LweKeyswitchKeyGeneration.generateNew(
              big,
              small,
              p.ksBaseLog(),
              p.ksLevel(),
              p.lweNoise(),
              TestFixtures.masks(),
              TestFixtures.noise());
      NoiseModel model = NoiseModel.of(p);
      double bound = 6.0 * Math.sqrt(model.freshVariance() + model.keyswitchVariance()) * 0x1p64;
      for (int i = 0; i < 100; i++) {
        long m = rnd.nextLong(p.messageModulus());
        long pt = m * p.delta();
        LweCiphertext in =
            LweEncryption.encryptNew(
                big, pt, p.glweNoise(), TestFixtures.masks(), TestFixtures.noise());
        long error = LweEncryption.decryptPhase(small, LweKeyswitch.keyswitchNew(ksk, in)) - pt;
        assertThat(Math.abs((double) error))
            .as("seed %d, %s, message %d", seed, p.id(), m)
            .isLessThan(bound);
      }
    }
  }

  @Test
  void shouldKeepEveryMessageAndPrintMeasuredNoise() {
    ParameterSet p = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
    LweSecretKey big = TestFixtures.lweKey(p.bigLweDimension().value());
    LweSecretKey small = TestFixtures.lweKey(p.lweDimension().value());
    LweKeyswitchKey ksk =
        LweKeyswitchKeyGeneration.generateNew(
            big,
            small,
            p.ksBaseLog(),
            p.ksLevel(),
            p.lweNoise(),
            TestFixtures.masks(),
            TestFixtures.noise());
    int samples = 1000;
    double sumSq = 0;
    for (int i = 0; i < samples; i++) {
      long m = i % 32;
      long pt = m << 59;
      LweCiphertext in =
          LweEncryption.encryptNew(
              big, pt, p.glweNoise(), TestFixtures.masks(), TestFixtures.noise());
      LweCiphertext out = LweKeyswitch.keyswitchNew(ksk, in);
      long phase = LweEncryption.decryptPhase(small, out);
      assertThat(Torus.roundToBits(phase, 5)).as("message %d", m).isEqualTo(m);
      double e = phase - pt;
      sumSq += e * e;
    }
    double variance = sumSq / samples / 0x1p128;
    System.out.printf(
        "key switch noise (%s, incl. fresh noise): variance 2^%.2f (torus), %d samples%n",
        p.id(), Math.log(variance) / Math.log(2), samples);
    assertThat(variance).isLessThan(Math.pow(2, -10 - 2 * 5));
  }
}
