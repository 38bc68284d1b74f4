package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierGgswCiphertext;
import io.fhestreams.engine.entities.GlweCiphertext;

/**
 * CMUX: selects ct1 if the GGSW encrypts 1 and ct0 if it encrypts 0, as ct0 + GGSW ⊡ (ct1 - ct0).
 */
public final class Cmux {
  private Cmux() {}

  /** ct0 = CMUX(ggsw, ct0, ct1); ct1 is left unchanged. */
  public static void cmuxInPlace(
      GlweCiphertext ct0, GlweCiphertext ct1, FourierGgswCiphertext ggsw) {
    Checks.requireEqual("GlweDimension", ct0.glweDimension(), "ct0", ct1.glweDimension(), "ct1");
    Checks.requireEqual("PolynomialSize", ct0.polynomialSize(), "ct0", ct1.polynomialSize(), "ct1");
    Checks.requireEqual(
        "GlweDimension",
        ct0.glweDimension(),
        "GlweCiphertext",
        ggsw.glweDimension(),
        "FourierGgswCiphertext");
    Checks.requireEqual(
        "PolynomialSize",
        ct0.polynomialSize(),
        "GlweCiphertext",
        ggsw.polynomialSize(),
        "FourierGgswCiphertext");
    long[] a = ct0.data();
    long[] b = ct1.data();
    long[] diff = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      diff[i] = b[i] - a[i];
    }
    BootstrapWorkspace ws =
        new BootstrapWorkspace(
            ct0.glweDimension(),
            ct0.polynomialSize(),
            new io.fhestreams.engine.params.LweDimension(1));
    ExternalProduct.addExternalProduct(
        ggsw.data(), 0, ggsw.baseLog().value(), ggsw.levelCount().value(), diff, a, ws);
  }
}
