package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.keys.MessageEncoding;
import io.fhestreams.engine.keys.MultiBitEvaluationKeys;
import io.fhestreams.engine.noise.NoiseModel;
import io.fhestreams.engine.params.MultiBitParameterSet;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-bit KS-PBS of every multi-bit set against the clear lookup: random tables over every
 * message (seeded, the seed printed), each input bootstrapped on one thread and with the two-thread
 * option, which must agree bit for bit; 0 wrong results. Keys are generated per set and dropped
 * after (the Fourier keys take 118–321 MB).
 */
class MultiBitBootstrapTest {
  static Stream<MultiBitParameterSet> sets() {
    return ParameterSets.multiBit().stream();
  }

  @ParameterizedTest
  @MethodSource("sets")
  void shouldMatchTheClearLookupOnOneAndTwoThreads(MultiBitParameterSet set) {
    ParameterSet params = set.parameters();
    ClientKey ck = ClientKey.generate(params);
    long t0 = System.nanoTime();
    MultiBitEvaluationKeys ek = ck.generateMultiBitEvaluationKeys(set);
    System.out.printf("keygen %s: %.1f s%n", set.id(), (System.nanoTime() - t0) / 1e9);
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int p = (int) params.messageModulus();
    int tables = Math.max(1, 32 / p);
    MultiBitWorkspace ws = new MultiBitWorkspace(ek.bootstrapKey());
    try (MultiBitBlindRotation.PreparationThread helper =
        new MultiBitBlindRotation.PreparationThread()) {
      for (int t = 0; t < tables; t++) {
        long[] f = rnd.longs(p, 0, p).toArray();
        LookupTable lut = LookupTables.forFunction(params, x -> f[(int) x]);
        for (int m = 0; m < p; m++) {
          LweCiphertext in = ck.encrypt(m);
          LweCiphertext one = LweCiphertext.zeros(in.dimension());
          LweCiphertext two = LweCiphertext.zeros(in.dimension());
          MultiBitBootstrap.bootstrapInPlace(
              ek.bootstrapKey(), ek.keyswitchKey(), in, lut, one, ws);
          MultiBitBootstrap.bootstrapInPlace(
              ek.bootstrapKey(), ek.keyswitchKey(), in, lut, two, ws, helper);
          String what =
              String.format(
                  "%s table %s message %d (seed %d)", set.id(), Arrays.toString(f), m, seed);
          assertThat(MessageEncoding.decode(params, ck.decryptPhase(one))).as(what).isEqualTo(f[m]);
          assertThat(two.data()).as("two threads, " + what).isEqualTo(one.data());
        }
      }
    }
    System.out.printf(
        "multi-bit PBS %s: %d inputs × 2, 0 wrong (seed %d)%n", set.id(), tables * p, seed);
    assertOutputNoiseMatchesTheModel(set, ck, ek, ws);
  }

  /**
   * The noise of the blind rotation's whole output (all N coefficients of the accumulator, each an
   * extractable sample, from enough bootstraps for ≥ 2,048 samples) against {@link
   * NoiseModel#pbsOutputVariance()} of the multi-bit model: the mean square must be within a factor
   * 4 (see below), and the failure probability recomputed with it below 2^-120. The exact rotation
   * is read from the switched degrees and the small key.
   */
  private static void assertOutputNoiseMatchesTheModel(
      MultiBitParameterSet set, ClientKey ck, MultiBitEvaluationKeys ek, MultiBitWorkspace ws) {
    ParameterSet params = set.parameters();
    LookupTable identity = LookupTables.forFunction(params, x -> x);
    long[] small = ck.lweSecretKey(InsecureSecretKeyAccess.get()).data();
    int bigN = params.polynomialSize().value();
    int g = set.groupingFactor();
    int n = params.lweDimension().value();
    // the N coefficients of one rotation share its keys' noise: 16 independent rotations, not 2,
    // keep the estimate of the variance stable from run to run
    int rotations = 16;
    double sumSquares = 0;
    for (int s = 0; s < rotations; s++) {
      LweCiphertext in = ck.encrypt(s % params.messageModulus());
      LweCiphertext out = LweCiphertext.zeros(in.dimension());
      MultiBitBootstrap.bootstrapInPlace(
          ek.bootstrapKey(), ek.keyswitchKey(), in, identity, out, ws);
      int shift = 32 - (params.polynomialSize().log2() + 1);
      long phase = (ws.base.switched[n] + (1 << (shift - 1))) >>> shift;
      for (int group = 0; group < n / g; group++) {
        int bits = 0;
        for (int j = 0; j < g; j++) {
          bits |= (int) small[group * g + j] << (g - 1 - j);
        }
        if (bits != 0) {
          phase -= ws.degrees[group * ((1 << g) - 1) + bits - 1];
        }
      }
      int rotation = (int) Math.floorMod(phase, 2L * bigN);
      long[] accPhase =
          GlweEncryption.decryptPhaseNew(
              ck.glweSecretKey(InsecureSecretKeyAccess.get()),
              new GlweCiphertext(
                  ws.base.accumulator.clone(), params.glweDimension(), params.polynomialSize()));
      long[] body = identity.body();
      for (int j = 0; j < bigN; j++) {
        int t = j + rotation;
        long expected = t < bigN ? body[t] : t < 2 * bigN ? -body[t - bigN] : body[t - 2 * bigN];
        double e = (accPhase[j] - expected) * 0x1p-64;
        sumSquares += e * e;
      }
    }
    double measured = sumSquares / (rotations * bigN);
    NoiseModel model = NoiseModel.of(set);
    double predicted = model.pbsOutputVariance();
    // the published p_fail is for a lookup of a sum of PBS outputs with ||w||² = ν² (3² for 1_1,
    // 5² for 2_2): recompute it with the measured PBS output variance
    double nu = params.messageBits() == 2 ? 3 : 5;
    double log2PFail = model.beforeBootstrap(measured, nu * nu).log2PFail();
    System.out.printf(
        "noise multi-bit PBS %s: %d samples, measured 2^%.3f, predicted 2^%.3f, ratio %.3f;"
            + " log2 p_fail with the measured variance %.3f (published %.3f)%n",
        set.id(),
        rotations * bigN,
        Math.log(measured) / Math.log(2),
        Math.log(predicted) / Math.log(2),
        measured / predicted,
        log2PFail,
        params.log2PFailPerPbs());
    // Factor 4 rather than the classic sets' 2: the model's FFT term is tfhe-rs' fit of tfhe-fft's
    // error, and it dominates the 2-bit multi-bit sets (k = 2, N = 1024, B = 2^22), where this
    // engine's FFT was measured at up to 2.6 times that variance; the key switch dominates what
    // reaches their next lookup. Where the PBS output does matter (4-bit), log2 p_fail moves by
    // about 1.3 per percent of total variance, more than the spread of this sample, so the bound
    // is 2^-120 for these 2^-128 sets rather than the published value (it withdrew the g = 2
    // 4-bit set, measured at 2^-99, see ParameterSets).
    assertThat(measured / predicted).as(set.id()).isBetween(0.5, 4.0);
    assertThat(log2PFail).as(set.id()).isLessThan(-120.0);
  }

  /**
   * The multi-bit modulus switch against the clear computation: for random 32-bit torus values,
   * each pattern's degree is round(2N·(Σ selected a_j mod 2^32)/2^32) mod 2N and the body is
   * switched alone (seeded, the seed printed).
   */
  @org.junit.jupiter.api.Test
  void multiBitModulusSwitchMatchesTheClearRounding() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = 12;
    int log2Modulus = 12;
    for (int g = 2; g <= 4; g++) {
      for (int trial = 0; trial < 200; trial++) {
        int[] keyTorus = rnd.ints(n + 1).toArray();
        int[] degrees = new int[n / g * ((1 << g) - 1)];
        int body = ModulusSwitch.switchMultiBitKeyTorus(keyTorus, n, g, log2Modulus, degrees);
        assertThat(body)
            .as("body (seed %d)", seed)
            .isEqualTo(clearSwitch(keyTorus[n], log2Modulus));
        for (int group = 0; group < n / g; group++) {
          for (int p = 1; p < 1 << g; p++) {
            long sum = 0;
            for (int j = 0; j < g; j++) {
              if ((p >> (g - 1 - j) & 1) == 1) {
                sum += Integer.toUnsignedLong(keyTorus[group * g + j]);
              }
            }
            assertThat(degrees[group * ((1 << g) - 1) + p - 1])
                .as("g=%d group %d pattern %d (seed %d)", g, group, p, seed)
                .isEqualTo(clearSwitch((int) sum, log2Modulus));
          }
        }
      }
    }
  }

  private static int clearSwitch(int torus32, int log2Modulus) {
    double scaled = Integer.toUnsignedLong(torus32) * Math.scalb(1.0, log2Modulus - 32);
    return (int) (Math.floorMod((long) Math.floor(scaled + 0.5), 1L << log2Modulus));
  }

  /** Exactly one indicator per group is 1: the one whose pattern spells the group's key bits. */
  @org.junit.jupiter.api.Test
  void indicatorKeyMarksTheGroupsPattern() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int g = 2; g <= 4; g++) {
      int n = 12;
      long[] bits = rnd.longs(n, 0, 2).toArray();
      long[] ind =
          MultiBitBootstrapKeyGeneration.indicatorKey(
                  new io.fhestreams.engine.entities.LweSecretKey(
                      bits, new io.fhestreams.engine.params.LweDimension(n)),
                  g)
              .data();
      assertThat(ind).hasSize(n / g << g);
      for (int group = 0; group < n / g; group++) {
        for (int p = 0; p < 1 << g; p++) {
          boolean match = true;
          for (int j = 0; j < g; j++) {
            match &= bits[group * g + j] == (p >> (g - 1 - j) & 1);
          }
          assertThat(ind[(group << g) + p])
              .as("g=%d group %d pattern %d (seed %d)", g, group, p, seed)
              .isEqualTo(match ? 1L : 0L);
        }
      }
    }
  }
}
