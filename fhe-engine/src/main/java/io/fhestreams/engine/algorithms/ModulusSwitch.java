package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.params.ModulusSwitchKind;
import io.fhestreams.engine.params.PolynomialSize;
import java.util.Arrays;
import java.util.Objects;

/**
 * Switches an LWE ciphertext from modulus 2^64 (or 2^32, after the engine's key switch) to 2N, as
 * tfhe-rs does before blind rotation for each {@link ModulusSwitchKind} ({@code
 * shortint/server_key/modulus_switch_noise_reduction.rs}, {@code
 * ModulusSwitchConfiguration::lwe_ciphertext_modulus_switch}):
 *
 * <ul>
 *   <li>{@link ModulusSwitchKind#STANDARD} ({@code fft_impl/common.rs}, {@code modulus_switch}): x̃
 *       = (x + 2^(63 - log2 2N)) >> (64 - log2 2N), i.e. x·2N/2^64 rounded to the nearest, applied
 *       to every mask element and to the body.
 *   <li>{@link ModulusSwitchKind#CENTERED_MEAN} ({@code core_crypto/algorithms/modulus_switch.rs},
 *       {@code lwe_ciphertext_centered_binary_modulus_switch}): the mask is switched as above;
 *       before the body is, it is corrected by Σ (round(a_i) − a_i)/2 (for a uniform binary key the
 *       mask rounding errors add −Σ e_i/2 to the phase on average) and shifted by minus half a grid
 *       step, which centres the 2N-grid boxes of the lookup table (unchanged) on the messages. The
 *       halving errors of the integer divisions are summed and removed as tfhe-rs does ({@code
 *       centered_binary_ms_body_correction_to_add}).
 * </ul>
 *
 * The 2^32 form is the same generic tfhe-rs code with 32-bit scalars, as its KS32 atomic pattern
 * applies it ({@code shortint/atomic_pattern/ks32.rs}: the bootstrapping key's switch runs on the
 * u32 key-switch output).
 */
public final class ModulusSwitch {
  private ModulusSwitch() {}

  /** The switched ciphertext as ints in [0, 2N): mask then body. */
  public static int[] switchNew(
      LweCiphertext ct, PolynomialSize polynomialSize, ModulusSwitchKind kind) {
    int[] out = new int[ct.dimension().toLweSize()];
    switchInto(ct.data(), 0, ct.dimension().toLweSize(), polynomialSize.log2() + 1, kind, out);
    return out;
  }

  /**
   * What {@link ModulusSwitchKind#CENTERED_MEAN} adds to the body (a 64-bit torus value) of the LWE
   * ciphertext {@code in[off, off + size)} (mask then body) before rounding it to the 2N grid,
   * {@code 2N = 2^log2Modulus}: Σ (round(a_i) − a_i)/2 − 2^(63 − log2Modulus).
   */
  public static long centeredMeanBodyCorrection(long[] in, int off, int size, int log2Modulus) {
    int shift = 64 - log2Modulus;
    long half = 1L << (shift - 1);
    long sumHalfErrors = 0;
    long sumHalvingErrorsDoubled = 0;
    for (int i = 0; i < size - 1; i++) {
      long a = in[off + i];
      long error = (((a + half) >>> shift) << shift) - a;
      long halfError = error / 2;
      sumHalfErrors += halfError;
      sumHalvingErrorsDoubled += 2 * halfError - error;
    }
    return sumHalfErrors - sumHalvingErrorsDoubled / 2 - half;
  }

  static void switchInto(
      long[] in, int off, int size, int log2Modulus, ModulusSwitchKind kind, int[] out) {
    long bodyCorrection =
        switch (requireKind(kind)) {
          case STANDARD -> 0L;
          case CENTERED_MEAN -> centeredMeanBodyCorrection(in, off, size, log2Modulus);
        };
    int shift = 64 - log2Modulus;
    long half = 1L << (shift - 1);
    for (int i = 0; i < size - 1; i++) {
      out[i] = (int) ((in[off + i] + half) >>> shift);
    }
    out[size - 1] = (int) ((in[off + size - 1] + bodyCorrection + half) >>> shift);
  }

  /**
   * The same switch for a key-switched ciphertext whose elements are torus values modulo 2^32
   * ({@link LweKeyswitch#keyswitch}), in place. Standard: x̃ = (x + 2^(31 - log2 2N)) >> (32 - log2
   * 2N), which equals the 64-bit switch of x·2^32. Centered mean: the body correction is computed
   * in 32-bit arithmetic, as tfhe-rs computes it for u32 (its halving may differ from that of
   * x·2^32 by half a 2^-32 unit, which moves the rounded body only on an exact tie).
   */
  static void switchKeyTorusInPlace(int[] data, int size, int log2Modulus, ModulusSwitchKind kind) {
    int bodyCorrection =
        switch (requireKind(kind)) {
          case STANDARD -> 0;
          case CENTERED_MEAN -> centeredMeanBodyCorrectionKeyTorus(data, size, log2Modulus);
        };
    int shift = 32 - log2Modulus;
    int half = 1 << (shift - 1);
    for (int i = 0; i < size - 1; i++) {
      data[i] = (data[i] + half) >>> shift;
    }
    data[size - 1] = (data[size - 1] + bodyCorrection + half) >>> shift;
  }

  /**
   * The multi-bit modulus switch of a key-switched ciphertext (torus values modulo 2^32, mask then
   * body, n + 1 elements) for grouping factor g (tfhe-rs {@code modulus_switch_multi_bit}): for
   * group i and pattern p in [1, 2^g), the monomial degree Σ a_{i·g+j} over the j selected by p
   * (bit g-1-j of p) is summed modulo 2^32 and only then rounded to the 2N grid (one rounding per
   * pattern), into {@code degrees[i·(2^g-1) + p-1]}. Returns the body switched in the standard way.
   * Allocation-free.
   */
  static int switchMultiBitKeyTorus(
      int[] keyTorus, int n, int groupingFactor, int log2Modulus, int[] degrees) {
    int shift = 32 - log2Modulus;
    int half = 1 << (shift - 1);
    int patterns = 1 << groupingFactor;
    int out = 0;
    for (int group = 0; group < n / groupingFactor; group++) {
      int first = group * groupingFactor;
      for (int p = 1; p < patterns; p++) {
        int sum = 0;
        for (int j = 0; j < groupingFactor; j++) {
          if ((p >>> (groupingFactor - 1 - j) & 1) != 0) {
            sum += keyTorus[first + j];
          }
        }
        degrees[out++] = (sum + half) >>> shift;
      }
    }
    return (keyTorus[n] + half) >>> shift;
  }

  /**
   * {@link #centeredMeanBodyCorrection} for torus values modulo 2^32 (tfhe-rs with Scalar = u32).
   */
  private static int centeredMeanBodyCorrectionKeyTorus(int[] data, int size, int log2Modulus) {
    int shift = 32 - log2Modulus;
    int half = 1 << (shift - 1);
    int sumHalfErrors = 0;
    int sumHalvingErrorsDoubled = 0;
    for (int i = 0; i < size - 1; i++) {
      int a = data[i];
      int error = (((a + half) >>> shift) << shift) - a;
      int halfError = error / 2;
      sumHalfErrors += halfError;
      sumHalvingErrorsDoubled += 2 * halfError - error;
    }
    return sumHalfErrors - sumHalvingErrorsDoubled / 2 - half;
  }

  private static ModulusSwitchKind requireKind(ModulusSwitchKind kind) {
    return Objects.requireNonNull(
        kind,
        "modulus switch kind: expected one of "
            + Arrays.toString(ModulusSwitchKind.values())
            + ", found null");
  }
}
