package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.LweCiphertext;

/**
 * Extracts coefficient c of a GLWE ciphertext's phase as an LWE ciphertext of dimension k·N under
 * the GLWE key read as an LWE key (tfhe-rs {@code lwe_ciphertext_sample_extraction}): b = B[c]; for
 * each polynomial r, a[rN + i] = A_r[c - i] for i <= c and -A_r[N + c - i] for i > c.
 */
public final class SampleExtraction {
  private SampleExtraction() {}

  /** LWE encryption of coefficient {@code coefficient} of the phase of {@code glwe}. */
  public static LweCiphertext extractNew(GlweCiphertext glwe, int coefficient) {
    int n = glwe.polynomialSize().value();
    if (coefficient < 0 || coefficient >= n) {
      throw new IllegalArgumentException(
          "coefficient must be in [0, N=" + n + "), found " + coefficient);
    }
    LweCiphertext out =
        LweCiphertext.zeros(glwe.polynomialSize().toLweDimension(glwe.glweDimension()));
    extractInto(glwe.data(), glwe.glweDimension().value(), n, coefficient, out.data());
    return out;
  }

  static void extractInto(long[] glwe, int k, int n, int c, long[] out) {
    for (int r = 0; r < k; r++) {
      int src = r * n;
      int dst = r * n;
      for (int i = 0; i <= c; i++) {
        out[dst + i] = glwe[src + c - i];
      }
      for (int i = c + 1; i < n; i++) {
        out[dst + i] = -glwe[src + n + c - i];
      }
    }
    out[k * n] = glwe[k * n + c];
  }
}
