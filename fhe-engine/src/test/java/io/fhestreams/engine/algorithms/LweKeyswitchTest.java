package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.math.SignedDecomposer;
import io.fhestreams.engine.math.Torus;
import io.fhestreams.engine.noise.NoiseModel;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.LweDimension;
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

  /**
   * The key switch applies the rows of nonzero digits four per pass over the output: it must equal
   * the plain sum (0, …, 0, round(b)) - Σ_i Σ_t d_it·row_it mod 2^32 (digits from {@link
   * SignedDecomposer}) on random rows, shapes and inputs — dense ones, sparse ones (a few nonzero
   * coefficients, so that every count of nonzero digits mod 4 occurs) and all-zero ones — at an
   * input offset.
   */
  @Test
  void shouldEqualThePlainSumOfScaledRows() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] remainders = new int[4];
    for (int trial = 0; trial < 300; trial++) {
      int nIn = 1 + rnd.nextInt(40);
      int nOut = 1 + rnd.nextInt(70);
      int baseLog = 1 + rnd.nextInt(8);
      int levels = 1 + rnd.nextInt(32 / baseLog);
      int[][] rows = new int[nIn * levels][];
      for (int r = 0; r < rows.length; r++) {
        rows[r] = rnd.ints(nOut + 1).toArray();
      }
      LweKeyswitchKey ksk =
          new LweKeyswitchKey(
              rows,
              new LweDimension(nIn),
              new LweDimension(nOut),
              new DecompositionBaseLog(baseLog),
              new DecompositionLevelCount(levels));
      int inOff = rnd.nextInt(3);
      long[] in = rnd.longs(inOff + nIn + 1).toArray();
      int kind = trial % 3;
      for (int i = 0; i < nIn; i++) {
        if (kind == 2 || (kind == 1 && rnd.nextInt(nIn) > 1)) {
          in[inOff + i] = 0;
        }
      }
      SignedDecomposer decomposer =
          new SignedDecomposer(
              new DecompositionBaseLog(baseLog), new DecompositionLevelCount(levels));
      long[] digits = new long[levels];
      int[] expected = new int[nOut + 1];
      expected[nOut] = LweKeyswitchKeyGeneration.roundToKeyTorus(in[inOff + nIn]);
      int nonzero = 0;
      for (int i = 0; i < nIn; i++) {
        decomposer.decompose(in[inOff + i], digits);
        for (int t = 0; t < levels; t++) {
          nonzero += digits[t] != 0 ? 1 : 0;
          for (int c = 0; c <= nOut; c++) {
            expected[c] -= (int) digits[t] * rows[i * levels + t][c];
          }
        }
      }
      remainders[nonzero % 4]++;
      int[] out = rnd.ints(nOut + 1).toArray();
      LweKeyswitch.keyswitch(ksk, in, inOff, out);
      assertThat(out)
          .as(
              "seed %d, trial %d (n_in %d, n_out %d, B 2^%d, l %d)",
              seed, trial, nIn, nOut, baseLog, levels)
          .isEqualTo(expected);
    }
    assertThat(remainders).as("nonzero digit counts mod 4 (seed %d)", seed).doesNotContain(0);
  }
}
