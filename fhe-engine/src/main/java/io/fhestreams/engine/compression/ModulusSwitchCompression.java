package io.fhestreams.engine.compression;

import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.noise.FailureProbability;
import io.fhestreams.engine.noise.NoiseModel;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ParameterSet;

/**
 * Output compression: switch a ciphertext list to the smallest modulus 2^b whose rounding noise
 * keeps decryption exact up to a target failure probability, as the noise model computes it.
 *
 * <p>Rounding a coefficient to b bits adds an error uniform over one step 2^-b of the torus,
 * variance 2^-2b/12; the phase b − Σ a_i·s_i with a binary key picks up at most n+1 of them, so the
 * added variance is at most (n+1)·2^-2b/12. For the 4-bit set's bootstrap outputs (variance
 * 2^-29.7, n = 2048) and a 2^-128 target this gives b = 14: 14 bits instead of 64 per coefficient.
 */
public final class ModulusSwitchCompression {
  /** Default target: decryption of a compressed output fails with probability at most 2^-128. */
  public static final double DEFAULT_LOG2_PFAIL = -128.0;

  private ModulusSwitchCompression() {}

  /**
   * Variance (torus) added to the phase by switching an n-dimensional ciphertext to 2^b, at most.
   */
  public static double roundingVariance(LweDimension n, CiphertextModulusLog b) {
    return n.toLweSize() * Math.scalb(1.0, -2 * b.value()) / 12.0;
  }

  /**
   * The smallest b such that a ciphertext of dimension n and noise variance {@code variance},
   * switched to 2^b, still decrypts correctly except with probability 2^{@code log2PFailTarget}.
   *
   * @throws IllegalArgumentException if even b = 63 misses the target (the input is too noisy)
   */
  public static CiphertextModulusLog modulusLogFor(
      ParameterSet set, LweDimension n, double variance, double log2PFailTarget) {
    double halfInterval = NoiseModel.of(set).halfInterval();
    for (int b = 1; b <= 63; b++) {
      CiphertextModulusLog log = new CiphertextModulusLog(b);
      if (FailureProbability.log2PFail(variance + roundingVariance(n, log), halfInterval)
          <= log2PFailTarget) {
        return log;
      }
    }
    throw new IllegalArgumentException(
        "a ciphertext of variance "
            + variance
            + " misses log2 p_fail "
            + log2PFailTarget
            + " on "
            + set.id()
            + " even before compression");
  }

  /** Switches every coefficient to its top {@code b} bits, rounded to the nearest. */
  public static ModulusSwitchedLweCiphertextList compressNew(
      LweCiphertextList list, CiphertextModulusLog b) {
    long[] data = list.data();
    long[] values = new long[data.length];
    int shift = 64 - b.value();
    long half = 1L << (shift - 1);
    long mask = (1L << b.value()) - 1;
    for (int i = 0; i < data.length; i++) {
      values[i] = ((data[i] + half) >>> shift) & mask;
    }
    return new ModulusSwitchedLweCiphertextList(values, list.dimension(), b);
  }

  /**
   * Back to modulus 2^64 (value · 2^(64−b)): decrypts like the original, with the added rounding
   * noise.
   */
  public static LweCiphertextList decompressNew(ModulusSwitchedLweCiphertextList list) {
    long[] values = list.values();
    long[] data = new long[values.length];
    int shift = 64 - list.modulusLog().value();
    for (int i = 0; i < values.length; i++) {
      data[i] = values[i] << shift;
    }
    return new LweCiphertextList(data, list.dimension(), list.count());
  }
}
