package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.math.SignedDecomposer;

/**
 * Packing key switch (tfhe-rs {@code keyswitch_lwe_ciphertext_list_and_pack_in_glwe_ciphertext}):
 * LWE ciphertext t of a list is key-switched into a GLWE ciphertext whose constant coefficient has
 * its phase, (0,…,0, b) − Σ_i Σ_j d_ij·KSK[i][j] with d_ij the signed digits of a_i, then
 * multiplied by X^(t mod N) and added into GLWE ciphertext ⌊t / N⌋: coefficient t mod N of that
 * ciphertext's phase is LWE t's phase plus the key switch's noise (the same for every slot, {@link
 * io.fhestreams.engine.noise.NoiseFormulas#keyswitch} with n_in). The other coefficients of the key
 * switch's output carry only noise, so slots do not disturb each other.
 */
public final class LwePackingKeyswitch {
  private LwePackingKeyswitch() {}

  /**
   * Packs every ciphertext of {@code list} (dimension n_in of the key) into ⌈count / N⌉ new GLWE
   * ciphertexts, N slots each; unused slots of the last one hold noise only.
   */
  public static GlweCiphertext[] packNew(LwePackingKeyswitchKey key, LweCiphertextList list) {
    Checks.requireEqual(
        "input LweDimension",
        key.inputDimension(),
        "LwePackingKeyswitchKey input",
        list.dimension(),
        "LweCiphertextList");
    int nIn = key.inputDimension().value();
    int bigN = key.polynomialSize().value();
    int k = key.glweDimension().value();
    int size = (k + 1) * bigN;
    int l = key.levelCount().value();
    int count = list.count().value();
    GlweCiphertext[] out = new GlweCiphertext[(count + bigN - 1) / bigN];
    for (int g = 0; g < out.length; g++) {
      out[g] = GlweCiphertext.zeros(key.glweDimension(), key.polynomialSize());
    }
    SignedDecomposer decomposer = new SignedDecomposer(key.baseLog(), key.levelCount());
    long[] digits = new long[l];
    long[] switched = new long[size];
    long[] data = list.data();
    long[][] rows = key.rows();
    for (int t = 0; t < count; t++) {
      int off = t * (nIn + 1);
      java.util.Arrays.fill(switched, 0);
      switched[k * bigN] = data[off + nIn];
      for (int i = 0; i < nIn; i++) {
        decomposer.decompose(data[off + i], digits);
        for (int j = 0; j < l; j++) {
          if (digits[j] != 0) {
            subtractScaled(switched, rows[i * l + j], size, digits[j]);
          }
        }
      }
      long[] glwe = out[t / bigN].data();
      int slot = t % bigN;
      for (int p = 0; p <= k; p++) {
        addRotated(glwe, switched, p * bigN, bigN, slot);
      }
    }
    return out;
  }

  /** out -= d·row; one index for both arrays, so that C2 vectorizes it. */
  private static void subtractScaled(long[] out, long[] row, int size, long d) {
    for (int c = 0; c < size; c++) {
      out[c] -= d * row[c];
    }
  }

  /** out[off, off+n) += X^power · in[off, off+n) modulo X^n + 1, power in [0, n). */
  private static void addRotated(long[] out, long[] in, int off, int n, int power) {
    for (int j = 0; j < n - power; j++) {
      out[off + j + power] += in[off + j];
    }
    for (int j = n - power; j < n; j++) {
      out[off + j + power - n] -= in[off + j];
    }
  }
}
