package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * A lookup table for programmable bootstrapping: the accumulator's body polynomial (N torus values;
 * the mask of the accumulator is zero), already encoded and rotated as blind rotation expects, plus
 * the number of functions it holds (1, or more for a many-LUT). Built by {@code
 * algorithms.LookupTables}.
 */
public final class LookupTable {
  private final long[] body;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final int functionCount;

  /** Wraps {@code body} (N values) without copying; {@code functionCount} must divide N. */
  public LookupTable(
      long[] body, GlweDimension glweDimension, PolynomialSize polynomialSize, int functionCount) {
    Shapes.requireLength(
        "LookupTable", polynomialSize.value(), body.length, "N=" + polynomialSize.value());
    if (functionCount < 1
        || Integer.bitCount(functionCount) != 1
        || functionCount > polynomialSize.value()) {
      throw new IllegalArgumentException(
          "functionCount must be a power of two in [1, N="
              + polynomialSize.value()
              + "], found "
              + functionCount);
    }
    this.body = body;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
    this.functionCount = functionCount;
  }

  public long[] body() {
    return body;
  }

  public GlweDimension glweDimension() {
    return glweDimension;
  }

  public PolynomialSize polynomialSize() {
    return polynomialSize;
  }

  /** How many functions the table holds; function j is read at coefficient j*N/functionCount. */
  public int functionCount() {
    return functionCount;
  }

  @Override
  public String toString() {
    return "LookupTable{k="
        + glweDimension.value()
        + ", N="
        + polynomialSize.value()
        + ", functions="
        + functionCount
        + "}";
  }
}
