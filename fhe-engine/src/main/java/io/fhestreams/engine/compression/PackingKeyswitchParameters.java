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
 * the big key, dimension k·N) into GLWE ciphertexts of {@link #SLOTS} slots each.
 *
 * <p>The output GLWE key is the big key itself, read as k' = k·N/256 polynomials of N' = 256
 * coefficients (any binary vector of length k'·N' is a GLWE key of that shape): no new secret, and
 * the security is that of the big key, dimension k·N with the set's GLWE noise. tfhe-rs compresses
 * ciphertext lists the same way with a separate key of k'·N' = 4·256 = 1024 and TUniform(42)
 * ({@code COMP_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M128} in {@code
 * tfhe/src/shortint/parameters/v1_0/compression.rs}: packing_ks_polynomial_size 256,
 * packing_ks_glwe_dimension 4, lwe_per_glwe 256, packing_ks_base_log 4, packing_ks_level 3,
 * storage_log_modulus 12); reusing the big key trades a larger output mask (k·N instead of 1024
 * coefficients) for no extra secret key and a key noise small enough for one level.
 *
 * <p>One decomposition level keeps the key at n_in·N' bodies in seeded form (4 MiB for k·N = 2048).
 * The base log is the one that minimises the key switch's variance at that level ({@link
 * NoiseFormulas#keyswitch}: the key term grows as B², the rounding term shrinks as B^-2).
 *
 * @param inputDimension n_in = k·N, the output ciphertexts' dimension
 * @param glweDimension k' = k·N / N'
 * @param polynomialSize N' = {@link #SLOTS}
 * @param baseLog decomposition base log
 * @param levelCount decomposition level count (1)
 * @param noise the key's noise: the set's GLWE noise (that of the big key's own encryptions)
 */
public record PackingKeyswitchParameters(
    LweDimension inputDimension,
    GlweDimension glweDimension,
    PolynomialSize polynomialSize,
    DecompositionBaseLog baseLog,
    DecompositionLevelCount levelCount,
    NoiseDistribution noise) {

  /** LWE ciphertexts per GLWE ciphertext (tfhe-rs lwe_per_glwe 256). */
  public static final int SLOTS = 256;

  /** Largest big-key dimension whose outputs are packed (see {@link #packsOutputsOf}). */
  public static final int MAX_PACKED_DIMENSION = 2048;

  /**
   * Whether outputs of {@code set} are packed. Bootstrapping sets with k·N ≤ 2048 only: the full
   * key a server holds is n_in·l·(k'+1)·N' longs, 37.7 MB for k·N = 2048 (as the key-switching key)
   * but 553 MB for the 6-bit sets' k·N = 8192, whose packed outputs would still carry an
   * 8192-coefficient mask (21 KiB at their 21-23 bits). A leveled set is not packed: at its 24-bit
   * precision a packing key under the GLWE noise needs several decomposition levels, and its
   * evaluation keys hold no key material at all.
   */
  public static boolean packsOutputsOf(ParameterSet set) {
    return set.supportsBootstrap() && set.bigLweDimension().value() <= MAX_PACKED_DIMENSION;
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
    DecompositionLevelCount one = new DecompositionLevelCount(1);
    DecompositionBaseLog best = null;
    double bestVariance = Double.POSITIVE_INFINITY;
    for (int b = 1; b <= 63; b++) {
      DecompositionBaseLog candidate = new DecompositionBaseLog(b);
      double v = NoiseFormulas.packingKeyswitch(nIn, candidate, one, set.glweNoise(), SLOTS);
      if (v < bestVariance) {
        bestVariance = v;
        best = candidate;
      }
    }
    return new PackingKeyswitchParameters(
        nIn,
        new GlweDimension(nIn.value() / SLOTS),
        new PolynomialSize(SLOTS),
        best,
        one,
        set.glweNoise());
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
