package io.fhestreams.engine.noise;

import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.params.MultiBitParameterSet;
import io.fhestreams.engine.params.ParameterSet;

/**
 * The noise of one parameter set along the KS-PBS pipeline, for the compiler and the simulator.
 *
 * <p>Pipeline (tfhe-rs shortint classic KS-PBS): values at rest are LWE under the big key (fresh:
 * GLWE noise; after a bootstrap: {@link #pbsOutputVariance()}); a leveled linear layer multiplies
 * the variance by Σw²; a lookup then key-switches ({@link #keyswitchVariance()}, including the
 * rounding of the engine's 32-bit key-switching key), switches the modulus from 2^32 to 2N ({@link
 * #modulusSwitchVariance()}) and blind-rotates. The lookup fails when the total noise before the
 * blind rotation exceeds Δ/2:
 *
 * <pre>  V = Σw² · V_in + V_ks + V_ms,   p_fail = erfc(Δ/2 / √(2V))</pre>
 *
 * With Σw² = ν² (tfhe-rs {@code max_noise_level} ν = 3, 5, 9 for the 1_1, 2_2, 3_3 sets) and V_in
 * the PBS output variance, this reproduces the log2 p_fail that tfhe-rs publishes for its sets (see
 * {@code NoiseModelTest}). Immutable.
 */
public final class NoiseModel {
  private final ParameterSet parameters;
  private final double fresh;
  private final double pbsOutput;
  private final double keyswitch;
  private final double modulusSwitch;
  private final double halfInterval;

  private NoiseModel(ParameterSet p, double pbsOutput, double modulusSwitch) {
    this.parameters = p;
    this.fresh = NoiseFormulas.freshEncryption(p.glweNoise());
    this.pbsOutput = pbsOutput;
    this.keyswitch =
        NoiseFormulas.keyswitch(p.bigLweDimension(), p.ksBaseLog(), p.ksLevel(), p.lweNoise())
            + NoiseFormulas.keyswitchKeyRounding(
                p.bigLweDimension(),
                p.lweDimension(),
                p.ksBaseLog(),
                p.ksLevel(),
                LweKeyswitchKey.TORUS_BITS);
    this.modulusSwitch = modulusSwitch;
    // Δ/2 on the torus: Δ = delta() / 2^64.
    this.halfInterval = Math.scalb((double) p.delta(), -65);
  }

  /** The model of {@code parameters}. */
  public static NoiseModel of(ParameterSet p) {
    return new NoiseModel(
        p,
        NoiseFormulas.programmableBootstrap(
            p.lweDimension(),
            p.glweDimension(),
            p.polynomialSize(),
            p.pbsBaseLog(),
            p.pbsLevel(),
            p.glweNoise()),
        NoiseFormulas.modulusSwitch(
            p.modulusSwitch(), p.lweDimension(), p.polynomialSize(), LweKeyswitchKey.TORUS_BITS));
  }

  /**
   * The model of a multi-bit set: its bootstrap's output ({@link
   * NoiseFormulas#multiBitProgrammableBootstrap}) and the multi-bit modulus switch ({@link
   * NoiseFormulas#multiBitModulusSwitch}) replace the classic ones; the rest is the same pipeline.
   */
  public static NoiseModel of(MultiBitParameterSet set) {
    ParameterSet p = set.parameters();
    return new NoiseModel(
        p,
        NoiseFormulas.multiBitProgrammableBootstrap(
            p.lweDimension(),
            set.groupingFactor(),
            p.glweDimension(),
            p.polynomialSize(),
            p.pbsBaseLog(),
            p.pbsLevel(),
            p.glweNoise()),
        NoiseFormulas.multiBitModulusSwitch(
            p.lweDimension(),
            set.groupingFactor(),
            p.polynomialSize(),
            LweKeyswitchKey.TORUS_BITS));
  }

  /** The parameter set modelled. */
  public ParameterSet parameters() {
    return parameters;
  }

  /** Variance of a fresh encryption under the big key (GLWE noise). */
  public double freshVariance() {
    return fresh;
  }

  /** Variance of a bootstrap's output (under the big key), whatever the input noise. */
  public double pbsOutputVariance() {
    return pbsOutput;
  }

  /**
   * Variance added by the key switch from the big key to the small key (with its 32-bit key's
   * rounding).
   */
  public double keyswitchVariance() {
    return keyswitch;
  }

  /** Variance added by the modulus switch to 2N. */
  public double modulusSwitchVariance() {
    return modulusSwitch;
  }

  /** Δ/2 on the torus: the noise magnitude at which a value decodes wrongly. */
  public double halfInterval() {
    return halfInterval;
  }

  /**
   * The noise that reaches the next lookup when bootstrapped values are combined with clear integer
   * weights whose squares sum to {@code sumSquaredWeights}, and its failure probability.
   */
  public NoiseEstimate beforeBootstrap(double sumSquaredWeights) {
    return beforeBootstrap(pbsOutput, sumSquaredWeights);
  }

  /**
   * As {@link #beforeBootstrap(double)} for inputs of variance {@code inputVariance} (e.g. {@link
   * #freshVariance()} for the first layer, which reads the client's encryptions).
   */
  public NoiseEstimate beforeBootstrap(double inputVariance, double sumSquaredWeights) {
    requireBootstrap();
    double v =
        NoiseFormulas.linearCombination(inputVariance, sumSquaredWeights)
            + keyswitch
            + modulusSwitch;
    return new NoiseEstimate(v, FailureProbability.log2PFail(v, halfInterval));
  }

  /**
   * The failure probability of decrypting (without bootstrap) a value of variance {@code variance},
   * e.g. the result of a leveled dot product or an output ciphertext.
   */
  public NoiseEstimate atDecryption(double variance) {
    return new NoiseEstimate(variance, FailureProbability.log2PFail(variance, halfInterval));
  }

  /**
   * The largest Σw² of weights on bootstrapped values such that the next lookup still fails with
   * probability at most 2^{@code log2Target}; 0 when even Σw² = 0 misses the target.
   */
  public double maxSumSquaredWeights(double log2Target) {
    requireBootstrap();
    // p_fail is increasing in V; solve erfc(t/√(2V)) = 2^target for V by bisection on log2 V.
    double lo = -300.0;
    double hi = 0.0;
    for (int i = 0; i < 200; i++) {
      double mid = 0.5 * (lo + hi);
      if (FailureProbability.log2PFail(Math.pow(2.0, mid), halfInterval) <= log2Target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double budget = Math.pow(2.0, lo) - keyswitch - modulusSwitch;
    return Math.max(0.0, budget / pbsOutput);
  }

  private void requireBootstrap() {
    if (!parameters.supportsBootstrap()) {
      throw new IllegalArgumentException(
          "parameter set "
              + parameters.id()
              + " is leveled: it has no bootstrap; use atDecryption");
    }
  }

  @Override
  public String toString() {
    return String.format(
        "NoiseModel{%s: fresh=2^%.2f, pbs=2^%.2f, ks=2^%.2f, ms=2^%.2f, Δ/2=2^%.0f}",
        parameters.id(),
        log2(fresh),
        log2(pbsOutput),
        log2(keyswitch),
        log2(modulusSwitch),
        log2(halfInterval));
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2.0);
  }
}
