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
      LweKeyswitchKey ksk = keyOf(p, big, small);
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
    LweKeyswitchKey ksk = keyOf(p, big, small);
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
      LweKeyswitchKey ksk = randomKey(rnd);
      int nIn = ksk.inputDimension().value();
      int nOut = ksk.outputDimension().value();
      int inOff = rnd.nextInt(3);
      long[] in = rnd.longs(inOff + nIn + 1).toArray();
      int kind = trial % 3;
      for (int i = 0; i < nIn; i++) {
        if (kind == 2 || (kind == 1 && rnd.nextInt(nIn) > 1)) {
          in[inOff + i] = 0;
        }
      }
      int[] expected = plainKeyswitch(ksk, in, inOff);
      remainders[nonzeroDigits(ksk, in, inOff) % 4]++;
      int[] out = rnd.ints(nOut + 1).toArray();
      LweKeyswitch.keyswitch(ksk, in, inOff, out);
      assertThat(out).as("seed %d, trial %d (%s)", seed, trial, ksk).isEqualTo(expected);
    }
    assertThat(remainders).as("nonzero digit counts mod 4 (seed %d)", seed).doesNotContain(0);
  }

  /**
   * The batched key switch reads the key block by block for all ciphertexts of a batch: each output
   * must equal the plain sum for its own input, for random shapes, batch sizes 1–9, blocks of 1 to
   * more than n_in coefficients (and the default block), inputs taken from the middle of an array.
   */
  @Test
  void batchShouldEqualThePlainSumForEveryCiphertext() {
    long seed = new SplittableRandom().nextLong();
    System.out.println("batchShouldEqualThePlainSumForEveryCiphertext seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trial = 0; trial < 200; trial++) {
      LweKeyswitchKey ksk = randomKey(rnd);
      int nIn = ksk.inputDimension().value();
      int nOut = ksk.outputDimension().value();
      int from = rnd.nextInt(3);
      int count = 1 + rnd.nextInt(9);
      LweCiphertext[] inputs = new LweCiphertext[from + count + rnd.nextInt(3)];
      for (int b = 0; b < inputs.length; b++) {
        inputs[b] = new LweCiphertext(rnd.longs(nIn + 1).toArray(), new LweDimension(nIn));
        if (rnd.nextInt(4) == 0) {
          java.util.Arrays.fill(inputs[b].data(), 0, nIn, 0); // no nonzero digit at all
        }
      }
      int[][] outs = new int[count][];
      for (int b = 0; b < count; b++) {
        outs[b] = rnd.ints(nOut + 1).toArray(); // overwritten
      }
      int block = 1 + rnd.nextInt(nIn + 1);
      if (trial % 2 == 0) {
        LweKeyswitch.keyswitchBatch(ksk, inputs, from, count, outs, block);
      } else {
        LweKeyswitch.keyswitchBatch(ksk, inputs, from, count, outs);
      }
      for (int b = 0; b < count; b++) {
        assertThat(outs[b])
            .as(
                "seed %d, trial %d, ciphertext %d of %d (%s, block %s)",
                seed, trial, b, count, ksk, trial % 2 == 0 ? block : "default")
            .isEqualTo(plainKeyswitch(ksk, inputs[from + b].data(), 0));
      }
    }
  }

  /**
   * Real keys: a batch of 8 through the 4-bit set's key switch decrypts to each input's message,
   * and each output equals the single-ciphertext key switch of its input.
   */
  @Test
  void batchShouldKeepTheMessagesOfARealKey() {
    long seed = new SplittableRandom().nextLong();
    System.out.println("batchShouldKeepTheMessagesOfARealKey seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    ParameterSet p = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128;
    LweSecretKey big = TestFixtures.lweKey(p.bigLweDimension().value());
    LweSecretKey small = TestFixtures.lweKey(p.lweDimension().value());
    LweKeyswitchKey ksk = keyOf(p, big, small);
    int count = 8;
    long[] messages = new long[count];
    LweCiphertext[] inputs = new LweCiphertext[count];
    int[][] outs = new int[count][p.lweDimension().toLweSize()];
    for (int b = 0; b < count; b++) {
      messages[b] = rnd.nextLong(p.messageModulus());
      inputs[b] =
          LweEncryption.encryptNew(
              big,
              messages[b] * p.delta(),
              p.glweNoise(),
              TestFixtures.masks(),
              TestFixtures.noise());
    }
    LweKeyswitch.keyswitchBatch(ksk, inputs, 0, count, outs);
    for (int b = 0; b < count; b++) {
      int[] single = new int[p.lweDimension().toLweSize()];
      LweKeyswitch.keyswitch(ksk, inputs[b].data(), 0, single);
      assertThat(outs[b]).as("seed %d, ciphertext %d", seed, b).isEqualTo(single);
      long[] widened = new long[single.length];
      for (int c = 0; c < single.length; c++) {
        widened[c] = (long) outs[b][c] << 32;
      }
      long phase = LweEncryption.decryptPhase(small, new LweCiphertext(widened, p.lweDimension()));
      assertThat(Math.abs(phase - messages[b] * p.delta()))
          .as("seed %d, ciphertext %d: error below half a message step", seed, b)
          .isLessThan(p.delta() / 2);
    }
  }

  /** Random rows of a random small shape: n_in ≤ 40, n_out ≤ 70, baseLog·l ≤ 32. */
  private static LweKeyswitchKey randomKey(SplittableRandom rnd) {
    int nIn = 1 + rnd.nextInt(40);
    int nOut = 1 + rnd.nextInt(70);
    int baseLog = 1 + rnd.nextInt(8);
    int levels = 1 + rnd.nextInt(32 / baseLog);
    int[][] rows = new int[nIn * levels][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = rnd.ints(nOut + 1).toArray();
    }
    return new LweKeyswitchKey(
        rows,
        new LweDimension(nIn),
        new LweDimension(nOut),
        new DecompositionBaseLog(baseLog),
        new DecompositionLevelCount(levels));
  }

  /**
   * (0, …, 0, round(b)) - Σ_i Σ_t d_it·row_it mod 2^32, the digits from {@link SignedDecomposer}:
   * the key switch written as its definition.
   */
  private static int[] plainKeyswitch(LweKeyswitchKey ksk, long[] in, int inOff) {
    int nIn = ksk.inputDimension().value();
    int nOut = ksk.outputDimension().value();
    int levels = ksk.levelCount().value();
    long[] digits = new long[levels];
    int[] expected = new int[nOut + 1];
    expected[nOut] = LweKeyswitchKeyGeneration.roundToKeyTorus(in[inOff + nIn]);
    SignedDecomposer decomposer = new SignedDecomposer(ksk.baseLog(), ksk.levelCount());
    for (int i = 0; i < nIn; i++) {
      decomposer.decompose(in[inOff + i], digits);
      for (int t = 0; t < levels; t++) {
        for (int c = 0; c <= nOut; c++) {
          expected[c] -= (int) digits[t] * ksk.rows()[i * levels + t][c];
        }
      }
    }
    return expected;
  }

  private static int nonzeroDigits(LweKeyswitchKey ksk, long[] in, int inOff) {
    long[] digits = new long[ksk.levelCount().value()];
    SignedDecomposer decomposer = new SignedDecomposer(ksk.baseLog(), ksk.levelCount());
    int nonzero = 0;
    for (int i = 0; i < ksk.inputDimension().value(); i++) {
      decomposer.decompose(in[inOff + i], digits);
      for (long d : digits) {
        nonzero += d != 0 ? 1 : 0;
      }
    }
    return nonzero;
  }

  /** The key-switching key of set {@code p} from {@code big} to {@code small}. */
  private static LweKeyswitchKey keyOf(ParameterSet p, LweSecretKey big, LweSecretKey small) {
    return LweKeyswitchKeyGeneration.generateNew(
        big,
        small,
        p.ksBaseLog(),
        p.ksLevel(),
        p.lweNoise(),
        TestFixtures.masks(),
        TestFixtures.noise());
  }
}
