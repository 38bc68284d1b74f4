package io.fhestreams.engine.noise;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ModulusSwitchKind;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * Noise variances of each TFHE operation, on the torus (integer variance / q², q = 2^64), for
 * binary secret keys. Each formula is the one of tfhe-rs {@code core_crypto/commons/noise_formulas}
 * (auto-generated from the model of Bergerat, Boudi, Bourgeois, Chillotti, Ligier, Orfila, Tap,
 * "Parameter Optimization &amp; Larger Precision for (T)FHE", J. Cryptology 2023, eprint 2022/704);
 * see PARAMETERS.md section 4. Variances of independent terms add.
 */
public final class NoiseFormulas {
  /** q² for the native modulus q = 2^64. */
  private static final double Q2 = 0x1p128;

  /** Mantissa bits of an IEEE double: the FFT's working precision. */
  private static final int FFT_MANTISSA_BITS = 53;

  private NoiseFormulas() {}

  /** Variance of a fresh encryption's noise: the distribution's own variance. */
  public static double freshEncryption(NoiseDistribution noise) {
    return noise.varianceTorus();
  }

  /**
   * Variance of Σ w_i·c_i for ciphertexts c_i of equal variance {@code variance} and clear integer
   * weights w_i: {@code variance · Σ w_i²}. Covers add (Σw² = 2), scalar multiply (w²) and dot
   * products (||w||²).
   */
  public static double linearCombination(double variance, double sumSquaredWeights) {
    if (!(sumSquaredWeights >= 0.0)) {
      throw new IllegalArgumentException(
          "sumSquaredWeights must be >= 0, found " + sumSquaredWeights);
    }
    return variance * sumSquaredWeights;
  }

  /**
   * Variance added by switching an LWE ciphertext of dimension n from q = 2^{@code
   * log2InputModulus} to 2N. Standard: n·(1/(48q²) + 1/(24w²)) − 1/(12q²) + 1/(12w²), w = 2N.
   * Centered-mean (heuristic; tfhe-rs {@code
   * noise_formulas/centered_mean_shifted_modulus_switch.rs}, {@code
   * centered_binary_shifted_modulus_switch_additive_variance}): n·(1/(24q²) + 1/(48w²)): the body
   * correction turns each mask rounding error e_i·s_i into e_i·(s_i − 1/2), a quarter of the
   * variance, and the body's own rounding, once shifted by half a step, only moves the box
   * boundaries by that half step, so it adds no noise to the lookup's decision. After the engine's
   * 32-bit key switch q = 2^32 instead of the published 2^64: the q terms grow from about n·2^-133
   * to n·2^-69, still some 2^-40 of the 2N terms, so the switch adds what the published 64-bit path
   * adds.
   */
  public static double modulusSwitch(
      ModulusSwitchKind kind, LweDimension n, PolynomialSize polynomialSize, int log2InputModulus) {
    double w2 = Math.scalb(1.0, 2 * (polynomialSize.log2() + 1));
    double q2 = Math.scalb(1.0, 2 * log2InputModulus);
    double dim = n.value();
    return switch (kind) {
      case STANDARD ->
          dim * (1.0 / (48.0 * q2) + 1.0 / (24.0 * w2)) - 1.0 / (12.0 * q2) + 1.0 / (12.0 * w2);
      case CENTERED_MEAN -> dim * (1.0 / (24.0 * q2) + 1.0 / (48.0 * w2));
    };
  }

  /**
   * Variance added by an LWE key switch from dimension n_in (both moduli 2^64; the two ±1/(12q²)
   * terms of tfhe-rs cancel): ℓ·n_in·σ_ksk²·(B²+2)/12 + n_in·(1/(48q²) + 1/(24·B^(2ℓ))).
   */
  public static double keyswitch(
      LweDimension inputDimension,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount level,
      NoiseDistribution kskNoise) {
    return keyswitchKeyTerm(inputDimension, baseLog, level, kskNoise)
        + keyswitchRoundingTerm(inputDimension, baseLog, level);
  }

  private static double keyswitchKeyTerm(
      LweDimension inputDimension,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount level,
      NoiseDistribution kskNoise) {
    double b2 = Math.scalb(1.0, 2 * baseLog.value());
    return level.value()
        * (double) inputDimension.value()
        * kskNoise.varianceTorus()
        * (b2 + 2.0)
        / 12.0;
  }

  private static double keyswitchRoundingTerm(
      LweDimension inputDimension, DecompositionBaseLog baseLog, DecompositionLevelCount level) {
    return inputDimension.value()
        * (1.0 / (48.0 * Q2) + 1.0 / (24.0 * Math.scalb(1.0, 2 * baseLog.value() * level.value())));
  }

  /**
   * Variance a packing key switch (LWE of dimension n_in into GLWE slots) adds to one slot of a
   * GLWE ciphertext that packs {@code slots} LWE ciphertexts. Each LWE is key-switched into a GLWE
   * ciphertext whose every coefficient carries the key term of {@link #keyswitch} (the digits times
   * the key's noise polynomials) while only the constant coefficient carries the input rounding;
   * rotated to its slot and summed, a slot collects the key term of all {@code slots} switches and
   * the rounding of its own: slots·ℓ·n_in·σ_ksk²·(B²+2)/12 + n_in·(1/(48q²) + 1/(24·B^(2ℓ))).
   */
  public static double packingKeyswitch(
      LweDimension inputDimension,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount level,
      NoiseDistribution kskNoise,
      int slots) {
    return slots * keyswitchKeyTerm(inputDimension, baseLog, level, kskNoise)
        + keyswitchRoundingTerm(inputDimension, baseLog, level);
  }

  /**
   * Variance the engine's 32-bit key-switching key adds to a key switch on top of {@link
   * #keyswitch} (tfhe-rs KS32 keeps its key modulo 2^32 as well; the published sets are 64-bit).
   * Each key element is the published 64-bit one rounded to the nearest multiple of 2^32: an error
   * uniform on [-2^31, 2^31), variance 2^64/12 (integer). A key ciphertext's phase b - Σ a_c·s_c
   * thus moves by σ_r² = (1 + n_out·E[s²])·2^64/12 with E[s²] = 1/2 for a uniform binary key; the
   * switch multiplies the key ciphertexts by its digits (E[d²] = (B²+2)/12, as in the key term) and
   * rounds the input body once:
   *
   * <pre>  ℓ·n_in·(B²+2)/12 · σ_r² + 2^64/12   (integer; torus: / q²)</pre>
   *
   * On the torus: 2^-41.9 / 2^-43.0 / 2^-40.6 for the 2-, 4- and 6-bit sets against key terms of
   * 2^-17.0 / 2^-21.4 / 2^-25.2; with it the model's log2 p_fail of those sets stays -72.226 /
   * -72.178 / -64.453 (the published 64-bit values, to 10^-3).
   */
  public static double keyswitchKeyRounding(
      LweDimension inputDimension,
      LweDimension outputDimension,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount level,
      int log2KeyModulus) {
    double step2 = Math.scalb(1.0, 2 * (64 - log2KeyModulus));
    double rowVariance = (1.0 + outputDimension.value() / 2.0) * step2 / 12.0;
    double b2 = Math.scalb(1.0, 2 * baseLog.value());
    double digits = level.value() * (double) inputDimension.value() * (b2 + 2.0) / 12.0;
    return (digits * rowVariance + step2 / 12.0) / Q2;
  }

  /**
   * Output variance of a programmable bootstrap (blind rotation of n steps + sample extraction): n
   * × (key term + decomposition-rounding term + FFT term) of one external product, with
   *
   * <ul>
   *   <li>key: ℓ·(k+1)·N·σ_bsk²·(B²+2)/12
   *   <li>rounding: (1/2)·k·N·(1/(48q²) + 1/(24B^(2ℓ))) + 1/(24B^(2ℓ)) − 1/(24q²)
   *   <li>FFT (f64, 53-bit mantissa; tfhe-rs fit): 0.00705 · 2^(2·(64−53)) · B²/q² · ℓ^1.01827 ·
   *       k^1.22003 · N^2.22003 · (k+1)^1.01827
   * </ul>
   *
   * The output does not depend on the input noise (as long as the bootstrap succeeds).
   */
  public static double programmableBootstrap(
      LweDimension n,
      GlweDimension k,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount level,
      NoiseDistribution bskNoise) {
    double bigN = polynomialSize.value();
    double kk = k.value();
    double l = level.value();
    double b2 = Math.scalb(1.0, 2 * baseLog.value());
    double b2l = Math.scalb(1.0, 2 * baseLog.value() * level.value());
    double keyTerm = l * (kk + 1.0) * bigN * bskNoise.varianceTorus() * (b2 + 2.0) / 12.0;
    double roundingTerm =
        0.5 * kk * bigN * (1.0 / (48.0 * Q2) + 1.0 / (24.0 * b2l))
            + 1.0 / (24.0 * b2l)
            - 1.0 / (24.0 * Q2);
    double fftTerm =
        0.00705
            * Math.scalb(1.0, 2 * Math.max(0, 64 - FFT_MANTISSA_BITS))
            * b2
            / Q2
            * Math.pow(l, 1.01827)
            * Math.pow(kk, 1.22003)
            * Math.pow(bigN, 2.22003)
            * Math.pow(kk + 1.0, 1.01827);
    return n.value() * (keyTerm + roundingTerm + fftTerm);
  }

  /**
   * Output variance of a multi-bit programmable bootstrap with grouping factor g (n/g external
   * products, each with a GGSW summed from 2^g GGSW ciphertexts rotated by monomials). The terms
   * are those of tfhe-rs {@code
   * core_crypto/commons/noise_formulas/lwe_multi_bit_programmable_bootstrap.rs} ({@code
   * multi_bit_pbs_variance_132_bits_security_tuniform_gf_{2,3,4}_fft_mul}), here with the key's own
   * variance σ_bsk² instead of the minimal secure one; per group:
   *
   * <ul>
   *   <li>key: 2^g·ℓ·(k+1)·N·σ_bsk²·(B²+2)/12 (2^g GGSW ciphertexts summed; a monomial keeps the
   *       variance)
   *   <li>rounding: k·N·(1/(48q²) + 1/(24B^(2ℓ))) + 1/(12B^(2ℓ)) − 1/(12q²): twice the classic
   *       term, the message of the summed GGSW being a monomial (norm 1) where the classic one is a
   *       key bit (1 half the time)
   *   <li>FFT (tfhe-rs fit per g): c_g · 2^(2·(64−53)) · B²/q² · ℓ^a_g · k^b_g · N^(b_g+1) ·
   *       (k+1)^a_g with (c, a, b) = (0.0022, 1.04148, 1.94548), (0.00492, 1.0111, 1.90722),
   *       (0.00855, 1.00715, 1.90759) for g = 2, 3, 4
   * </ul>
   */
  public static double multiBitProgrammableBootstrap(
      LweDimension n,
      int groupingFactor,
      GlweDimension k,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount level,
      NoiseDistribution bskNoise) {
    double[] fit =
        switch (groupingFactor) {
          case 2 -> new double[] {0.0022, 1.04148, 1.94548};
          case 3 -> new double[] {0.00492, 1.0111, 1.90722};
          case 4 -> new double[] {0.00855, 1.00715, 1.90759};
          default ->
              throw new IllegalArgumentException(
                  "no multi-bit noise fit for grouping factor " + groupingFactor);
        };
    double bigN = polynomialSize.value();
    double kk = k.value();
    double l = level.value();
    double b2 = Math.scalb(1.0, 2 * baseLog.value());
    double b2l = Math.scalb(1.0, 2 * baseLog.value() * level.value());
    double keyTerm =
        Math.scalb(1.0, groupingFactor)
            * l
            * (kk + 1.0)
            * bigN
            * bskNoise.varianceTorus()
            * (b2 + 2.0)
            / 12.0;
    double roundingTerm =
        kk * bigN * (1.0 / (48.0 * Q2) + 1.0 / (24.0 * b2l))
            + 1.0 / (12.0 * b2l)
            - 1.0 / (12.0 * Q2);
    double fftTerm =
        fit[0]
            * Math.scalb(1.0, 2 * Math.max(0, 64 - FFT_MANTISSA_BITS))
            * b2
            / Q2
            * Math.pow(l, fit[1])
            * Math.pow(kk, fit[2])
            * Math.pow(bigN, fit[2] + 1.0)
            * Math.pow(kk + 1.0, fit[1]);
    return (double) n.value() / groupingFactor * (keyTerm + roundingTerm + fftTerm);
  }

  /**
   * Variance added by the multi-bit modulus switch from q = 2^{@code log2InputModulus} to w = 2N
   * (tfhe-rs {@code noise_formulas/multi_bit_modulus_switch.rs}, {@code
   * multi_bit_modulus_switch_additive_variance}): each group's selected degree is rounded once (no
   * error for the all-zero pattern, probability 2^-g),
   *
   * <pre>  (n/g)·(1 − 2^-g)·(2^(-g-2)/q² + 1/(12w²) − 1/(12q²)) − 1/(12q²) + 1/(12w²)</pre>
   */
  public static double multiBitModulusSwitch(
      LweDimension n, int groupingFactor, PolynomialSize polynomialSize, int log2InputModulus) {
    double w2 = Math.scalb(1.0, 2 * (polynomialSize.log2() + 1));
    double q2 = Math.scalb(1.0, 2 * log2InputModulus);
    double selected = 1.0 - Math.scalb(1.0, -groupingFactor);
    double perGroup =
        Math.scalb(1.0, -groupingFactor - 2) / q2 + 1.0 / (12.0 * w2) - 1.0 / (12.0 * q2);
    return (double) n.value() / groupingFactor * selected * perGroup
        - 1.0 / (12.0 * q2)
        + 1.0 / (12.0 * w2);
  }
}
