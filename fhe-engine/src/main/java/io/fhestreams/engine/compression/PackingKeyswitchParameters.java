package io.fhestreams.engine.compression;

import io.fhestreams.engine.noise.NoiseFormulas;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.NoiseDistribution;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * The shape of the packing key switch that gathers a parameter set's output LWE ciphertexts (under
 * the big key, dimension k·N) into GLWE ciphertexts of {@link #SLOTS} slots each, and the GLWE key
 * they are packed under ({@link OutputKey}).
 *
 * <p>For big keys of k·N ≤ {@link #MAX_BIG_KEY_TARGET} (the 2- and 4-bit sets) the output GLWE key
 * is the big key itself, read as k' = k·N/256 polynomials of N' = 256 coefficients (any binary
 * vector of length k'·N' is a GLWE key of that shape): no new secret, and the security is that of
 * the big key, dimension k·N with the set's GLWE noise. One decomposition level then suffices.
 *
 * <p>For larger big keys (the 6-bit sets, k·N = 8192) that would leave an 8192-coefficient mask on
 * every packed ciphertext, so the outputs are packed under a separate compression key that the
 * client generates and keeps (tfhe-rs's design: {@code
 * COMP_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128} in {@code
 * tfhe/src/shortint/parameters/v1_0/compression.rs}, and {@code
 * V0_10_COMP_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64} in {@code v0_10/list_compression.rs}:
 * packing_ks_glwe_dimension 4, packing_ks_polynomial_size 256, lwe_per_glwe 256,
 * packing_ks_key_noise_distribution TUniform(42), packing_ks_base_log 4, packing_ks_level 3 / 4,
 * storage_log_modulus 12). Their 1024-dimensional key with TUniform(42) is too noisy for the nets'
 * 11-12-bit outputs (from n_in = 8192 its smallest packing σ, one slot, any base log and up to 16
 * levels, is 2^-14.3 against their Δ/2 of 2^-13 to 2^-14), so ours has k'·N' = 8·256 = 2048 with
 * TUniform(17): the dimension and noise bound of the GLWE key of the published 128-bit set
 * V1_4_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128 (k = 1, N = 2048, glwe_noise_distribution
 * TUniform(17), {@code v1_4/classic/tuniform/p_fail_2_minus_128/ks_pbs.rs}); the lattice estimator
 * that tfhe-rs's security check runs treats a GLWE key (k, N) as an LWE key of dimension k·N, as
 * tfhe-rs's own (4, 256) compression key relies on. The decomposition level count is the smallest
 * that keeps the packing noise of a full GLWE ciphertext 2^{@value #MARGIN_BITS} below the set's
 * half interval Δ/2 ({@link #levelsFor}); the base log minimises the variance at that level count
 * ({@link NoiseFormulas#packingKeyswitch}: the key term grows as B², the rounding term shrinks as
 * B^-2l).
 *
 * @param inputDimension n_in = k·N, the output ciphertexts' dimension
 * @param glweDimension k'
 * @param polynomialSize N' = {@link #SLOTS}
 * @param baseLog decomposition base log
 * @param levelCount decomposition level count
 * @param noise the key's noise: the set's GLWE noise for the big key, TUniform(17) for the
 *     compression key
 * @param outputKey which GLWE key the outputs are packed under
 */
public record PackingKeyswitchParameters(
    LweDimension inputDimension,
    GlweDimension glweDimension,
    PolynomialSize polynomialSize,
    DecompositionBaseLog baseLog,
    DecompositionLevelCount levelCount,
    NoiseDistribution noise,
    OutputKey outputKey) {

  /** The GLWE key packed outputs are encrypted under. */
  public enum OutputKey {
    /** The big key read as k·N/N' polynomials of N' coefficients: no extra secret. */
    BIG_KEY,
    /** The client's separate compression key ({@link #COMPRESSION_KEY_GLWE_DIMENSION}·N'). */
    COMPRESSION_KEY
  }

  /** LWE ciphertexts per GLWE ciphertext (tfhe-rs lwe_per_glwe 256). */
  public static final int SLOTS = 256;

  /** Largest big-key dimension whose outputs are packed under the big key itself. */
  public static final int MAX_BIG_KEY_TARGET = 2048;

  /** k' of the compression key: k'·N' = 2048 (see the class comment). */
  public static final int COMPRESSION_KEY_GLWE_DIMENSION = 8;

  /**
   * Noise of the compression key: TUniform(17), the GLWE noise of the published 2048-dimensional
   * key of V1_4_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128 (see the class comment).
   */
  public static final NoiseDistribution COMPRESSION_KEY_NOISE = new NoiseDistribution.TUniform(17);

  /** Bits between the packing noise's standard deviation and Δ/2 that {@link #levelsFor} keeps. */
  public static final int MARGIN_BITS = 6;

  /** Most decomposition levels {@link #levelsFor} considers. */
  private static final int MAX_LEVELS = 4;

  /** Whether outputs of {@code set} are packed: those of every bootstrapping set. */
  public static boolean packsOutputsOf(ParameterSet set) {
    return set.supportsBootstrap();
  }

  /** The packing parameters of {@code set}. */
  public static PackingKeyswitchParameters of(ParameterSet set) {
    LweDimension nIn = set.bigLweDimension();
    if (nIn.value() % SLOTS != 0) {
      throw new IllegalArgumentException(
          "big LWE dimension "
              + nIn.value()
              + " of "
              + set.id()
              + " is not a multiple of "
              + SLOTS);
    }
    if (nIn.value() <= MAX_BIG_KEY_TARGET) {
      return withLevels(set, OutputKey.BIG_KEY, new DecompositionLevelCount(1));
    }
    return withLevels(
        set, OutputKey.COMPRESSION_KEY, levelsFor(set, OutputKey.COMPRESSION_KEY, SLOTS));
  }

  /**
   * The packing of {@code set}'s outputs under {@code outputKey} at {@code levels}, with the base
   * log that minimises the variance at that level count.
   */
  public static PackingKeyswitchParameters withLevels(
      ParameterSet set, OutputKey outputKey, DecompositionLevelCount levels) {
    LweDimension nIn = set.bigLweDimension();
    boolean big = outputKey == OutputKey.BIG_KEY;
    NoiseDistribution noise = big ? set.glweNoise() : COMPRESSION_KEY_NOISE;
    return new PackingKeyswitchParameters(
        nIn,
        new GlweDimension(big ? nIn.value() / SLOTS : COMPRESSION_KEY_GLWE_DIMENSION),
        new PolynomialSize(SLOTS),
        bestBaseLog(nIn, levels, noise),
        levels,
        noise,
        outputKey);
  }

  /**
   * The fewest levels (at most {@value #MAX_LEVELS}) at which a GLWE ciphertext holding {@code
   * slots} outputs of {@code set} packed under {@code outputKey} gets packing noise of standard
   * deviation at most Δ/2 · 2^-{@value #MARGIN_BITS} (Δ/2 = delta / 2^65 on the torus).
   */
  public static DecompositionLevelCount levelsFor(
      ParameterSet set, OutputKey outputKey, int slots) {
    double limit = Math.scalb((double) set.delta(), -65 - MARGIN_BITS);
    for (int l = 1; l <= MAX_LEVELS; l++) {
      PackingKeyswitchParameters p = withLevels(set, outputKey, new DecompositionLevelCount(l));
      if (Math.sqrt(p.variance(slots)) <= limit) {
        return p.levelCount();
      }
    }
    throw new IllegalArgumentException(
        "no packing key switch of at most "
            + MAX_LEVELS
            + " levels keeps "
            + slots
            + " packed outputs of "
            + set.id()
            + " decryptable");
  }

  /** The base log that minimises the packing variance at {@code levels}. */
  private static DecompositionBaseLog bestBaseLog(
      LweDimension nIn, DecompositionLevelCount levels, NoiseDistribution noise) {
    DecompositionBaseLog best = null;
    double bestVariance = Double.POSITIVE_INFINITY;
    for (int b = 1; b * levels.value() <= 63; b++) {
      DecompositionBaseLog candidate = new DecompositionBaseLog(b);
      double v = NoiseFormulas.packingKeyswitch(nIn, candidate, levels, noise, SLOTS);
      if (v < bestVariance) {
        bestVariance = v;
        best = candidate;
      }
    }
    return best;
  }

  /** Dimension of the packed ciphertexts' mask: k'·N'. */
  public LweDimension packedMaskDimension() {
    return new LweDimension(glweDimension.value() * polynomialSize.value());
  }

  /**
   * Variance (torus) the packing key switch adds to a slot of a GLWE ciphertext holding {@code
   * slots} packed ciphertexts ({@link NoiseFormulas#packingKeyswitch}).
   */
  public double variance(int slots) {
    return NoiseFormulas.packingKeyswitch(inputDimension, baseLog, levelCount, noise, slots);
  }

  /** The largest variance a slot gets: that of a full GLWE ciphertext ({@link #SLOTS} slots). */
  public double variance() {
    return variance(SLOTS);
  }
}
