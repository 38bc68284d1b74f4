package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * A GLWE ciphertext: k mask polynomials then the body polynomial, each N coefficients mod 2^64
 * ((k+1)*N elements), with phase B - Σ A_r S_r mod X^N+1. {@link #data()} is the live array.
 */
public final class GlweCiphertext {
  private final long[] data;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;

  /** Wraps {@code data} without copying. */
  public GlweCiphertext(long[] data, GlweDimension glweDimension, PolynomialSize polynomialSize) {
    Shapes.requireLength(
        "GlweCiphertext",
        glweDimension.toGlweSize() * polynomialSize.value(),
        data.length,
        "k=" + glweDimension.value() + ", N=" + polynomialSize.value());
    this.data = data;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
  }

  /** The all-zero ciphertext. */
  public static GlweCiphertext zeros(GlweDimension k, PolynomialSize n) {
    return new GlweCiphertext(new long[k.toGlweSize() * n.value()], k, n);
  }

  public long[] data() {
    return data;
  }

  public GlweDimension glweDimension() {
    return glweDimension;
  }

  public PolynomialSize polynomialSize() {
    return polynomialSize;
  }

  @Override
  public String toString() {
    return "GlweCiphertext{k=" + glweDimension.value() + ", N=" + polynomialSize.value() + "}";
  }
}
