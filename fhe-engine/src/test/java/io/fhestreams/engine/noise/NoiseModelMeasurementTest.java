package io.fhestreams.engine.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.algorithms.BlindRotation;
import io.fhestreams.engine.algorithms.GlweEncryption;
import io.fhestreams.engine.algorithms.LweKeyswitch;
import io.fhestreams.engine.algorithms.ModulusSwitch;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.Evaluator;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The noise model against noise measured on the real engine: the phase of each result is decrypted
 * and its distance to the exact plaintext is a noise sample; the mean square of >= 1,000 samples
 * must be within a factor 2 of the model's variance. Prints measured and predicted figures.
 */
class NoiseModelMeasurementTest {
  private static final int SAMPLES = 1_000;

  /** Clear weights of the measured dot product: ||w||² = 145. */
  private static final long[] WEIGHTS = {3, -2, 5, 1, -4, 2, 7, -1, 0, 6};

  static ParameterSet[] sets() {
    return new ParameterSet[] {
      ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64,
      ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64,
      ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M128,
      ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128
    };
  }

  /** A noise sample on the torus: phase minus plaintext, read as a signed 64-bit value. */
  private static double torus(long noise) {
    return noise * 0x1p-64;
  }

  private static double meanSquare(double[] samples) {
    double s = 0;
    for (double x : samples) {
      s += x * x;
    }
    return s / samples.length;
  }

  private static void compare(String what, ParameterSet set, double[] samples, double predicted) {
    double measured = meanSquare(samples);
    double ratio = measured / predicted;
    System.out.printf(
        "noise %-33s %-52s samples %5d  measured 2^%8.3f  predicted 2^%8.3f  ratio %.3f%n",
        what, set.id(), samples.length, log2(measured), log2(predicted), ratio);
    assertThat(ratio)
        .as("%s on %s: measured %s, predicted %s", what, set.id(), measured, predicted)
        .isBetween(0.5, 2.0);
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }

  /** Coefficient j of body·X^(-r) mod X^N+1: what a noiseless blind rotation by r leaves. */
  private static long rotatedCoefficient(long[] body, int r, int j) {
    int n = body.length;
    int t = j + r;
    if (t < n) {
      return body[t];
    }
    return t < 2 * n ? -body[t - n] : body[t - 2 * n];
  }

  /**
   * The phase after the modulus switch, on the 64-bit torus: what each kind's variance formula
   * ({@link NoiseFormulas#modulusSwitch}) describes. Standard: the phase of the switched
   * ciphertext. Centered mean: the phase with the mask switched and the body corrected but not yet
   * rounded, less the deliberate half-step shift (as tfhe-rs' {@code
   * check_noise_centered_binary_modulus_switch_noise} measures it): the body's rounding then only
   * picks the box, see {@link NoiseFormulas#modulusSwitch}.
   */
  private static long switchedPhase(
      ParameterSet set, LweCiphertext switched, int[] ms, long[] small) {
    int log2TwoN = set.polynomialSize().log2() + 1;
    int shift = 64 - log2TwoN;
    long[] in = switched.data();
    long phase =
        switch (set.modulusSwitch()) {
          case STANDARD -> (long) ms[small.length] << shift;
          case CENTERED_MEAN ->
              in[small.length]
                  + ModulusSwitch.centeredMeanBodyCorrection(in, 0, in.length, log2TwoN)
                  + (1L << (shift - 1));
        };
    for (int i = 0; i < small.length; i++) {
      phase -= ((long) ms[i] << shift) * small[i];
    }
    return phase;
  }

  @ParameterizedTest
  @MethodSource("sets")
  void shouldPredictMeasuredNoiseOfEveryOperation(ParameterSet set) {
    NoiseModel model = NoiseModel.of(set);
    ClientKey client = ClientKey.generate(set);
    EvaluationKeys keys = client.generateEvaluationKeys();
    SplittableRandom rnd = new SplittableRandom(set.id().hashCode());
    long delta = set.delta();

    // Fresh encryptions (big key, GLWE noise), and dot products of WEIGHTS.length of them.
    long[] messages = rnd.longs(SAMPLES * WEIGHTS.length, 0, set.messageModulus()).toArray();
    LweCiphertext[] fresh = client.encrypt(messages);
    double[] freshNoise = new double[fresh.length];
    for (int i = 0; i < fresh.length; i++) {
      freshNoise[i] = torus(client.decryptPhase(fresh[i]) - messages[i] * delta);
    }
    compare("fresh encryption", set, freshNoise, model.freshVariance());

    Evaluator evaluator = new Evaluator(keys);
    double[] dotNoise = new double[SAMPLES];
    double sumSquares = 0;
    for (long w : WEIGHTS) {
      sumSquares += w * w;
    }
    for (int s = 0; s < SAMPLES; s++) {
      LweCiphertext[] terms = new LweCiphertext[WEIGHTS.length];
      long expected = 0;
      for (int j = 0; j < WEIGHTS.length; j++) {
        terms[j] = fresh[s * WEIGHTS.length + j];
        expected += WEIGHTS[j] * messages[s * WEIGHTS.length + j];
      }
      dotNoise[s] = torus(client.decryptPhase(evaluator.dot(terms, WEIGHTS)) - expected * delta);
    }
    compare(
        "dot product (|w|^2=145)",
        set,
        dotNoise,
        NoiseFormulas.linearCombination(model.freshVariance(), sumSquares));

    // Key switch to the small key, then the modulus switch to 2N: the noise a blind rotation sees.
    long[] small = client.lweSecretKey(InsecureSecretKeyAccess.get()).data();
    double[] ksNoise = new double[SAMPLES];
    double[] msNoise = new double[SAMPLES];
    double[] msAloneNoise = new double[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
      LweCiphertext switched = LweKeyswitch.keyswitchNew(keys.keyswitchKey(), fresh[s]);
      long before = client.decryptPhaseSmall(switched);
      ksNoise[s] = torus(before - messages[s] * delta);
      int[] ms = ModulusSwitch.switchNew(switched, set.polynomialSize(), set.modulusSwitch());
      long after = switchedPhase(set, switched, ms, small);
      msNoise[s] = torus(after - messages[s] * delta);
      msAloneNoise[s] = torus(after - before);
    }
    compare("key switch", set, ksNoise, model.freshVariance() + model.keyswitchVariance());
    compare(
        "modulus switch " + set.modulusSwitch(), set, msAloneNoise, model.modulusSwitchVariance());
    compare(
        "key switch + modulus switch",
        set,
        msNoise,
        model.freshVariance() + model.keyswitchVariance() + model.modulusSwitchVariance());

    // Bootstrap output. Every one of the N coefficients of the blind-rotated accumulator carries
    // the PBS output noise (coefficient 0 is what sample extraction returns); like tfhe-rs'
    // noise tests, take all N of them from each of a few bootstraps.
    LookupTable identity = evaluator.lookupTable(m -> m);
    int bigN = set.polynomialSize().value();
    int rotations = (SAMPLES + bigN - 1) / bigN * 4;
    double[] pbsNoise = new double[rotations * bigN];
    for (int s = 0; s < rotations; s++) {
      LweCiphertext switched = LweKeyswitch.keyswitchNew(keys.keyswitchKey(), fresh[s]);
      int[] ms = ModulusSwitch.switchNew(switched, set.polynomialSize(), set.modulusSwitch());
      long phase = ms[small.length];
      for (int i = 0; i < small.length; i++) {
        phase -= ms[i] * small[i];
      }
      int rotation = (int) Math.floorMod(phase, 2L * bigN);
      GlweCiphertext acc = BlindRotation.blindRotateNew(keys.bootstrapKey(), ms, identity);
      long[] accPhase =
          GlweEncryption.decryptPhaseNew(client.glweSecretKey(InsecureSecretKeyAccess.get()), acc);
      for (int j = 0; j < bigN; j++) {
        pbsNoise[s * bigN + j] =
            torus(accPhase[j] - rotatedCoefficient(identity.body(), rotation, j));
      }
    }
    compare("programmable bootstrap", set, pbsNoise, model.pbsOutputVariance());
  }
}
