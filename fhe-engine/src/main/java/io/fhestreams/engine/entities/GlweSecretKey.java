package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * A binary GLWE secret key: k polynomials of N coefficients (values 0/1), stored back to back. Read
 * as an LWE key ({@link #asLweSecretKey()}) it is the big key of dimension k*N: the polynomials
 * concatenated coefficient by coefficient, as in tfhe-rs. {@code toString} never prints material.
 */
public final class GlweSecretKey {
  private final long[] data;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;

  /** Wraps {@code data} (k*N binary values) without copying. */
  public GlweSecretKey(long[] data, GlweDimension glweDimension, PolynomialSize polynomialSize) {
    Shapes.requireLength(
        "GlweSecretKey",
        glweDimension.value() * polynomialSize.value(),
        data.length,
        "k=" + glweDimension.value() + ", N=" + polynomialSize.value());
    Shapes.requireBinary("GlweSecretKey", data);
    this.data = data;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
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

  /** The same material viewed as the big LWE key of dimension k*N (shares the array). */
  public LweSecretKey asLweSecretKey() {
    return new LweSecretKey(data, polynomialSize.toLweDimension(glweDimension));
  }

  @Override
  public String toString() {
    return "GlweSecretKey{k="
        + glweDimension.value()
        + ", N="
        + polynomialSize.value()
        + ", material not printed}";
  }
}
