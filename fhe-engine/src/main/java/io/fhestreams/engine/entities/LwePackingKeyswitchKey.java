package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * An LWE packing key-switching key (tfhe-rs {@code LwePackingKeyswitchKey}): from an LWE key of
 * dimension n_in to a GLWE key (k, N). For each input coefficient i and each level, a GLWE
 * encryption of the constant polynomial s_in[i]·2^(64 - j·baseLog), stored from level j = l down to
 * 1 (the order of {@link LweKeyswitchKey}): n_in·l rows of (k+1)·N elements (k mask polynomials,
 * then the body). Each row is its own array so that the key switch's multiply-subtract indexes a
 * row and its accumulator alike (see {@link LweKeyswitchKey}). Elements are 64-bit torus values.
 */
public final class LwePackingKeyswitchKey {
  private final long[][] rows;
  private final LweDimension inputDimension;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final DecompositionBaseLog baseLog;
  private final DecompositionLevelCount levelCount;

  /** Wraps {@code rows} (n_in·l rows of (k+1)·N elements) without copying. */
  public LwePackingKeyswitchKey(
      long[][] rows,
      LweDimension inputDimension,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    int rowCount =
        Shapes.product("LwePackingKeyswitchKey", inputDimension.value(), levelCount.value());
    int rowLength =
        Shapes.product(
            "LwePackingKeyswitchKey", glweDimension.toGlweSize(), polynomialSize.value());
    if (rows.length != rowCount) {
      throw new IllegalArgumentException(
          "LwePackingKeyswitchKey of n_in="
              + inputDimension.value()
              + ", l="
              + levelCount.value()
              + " needs "
              + rowCount
              + " rows, found "
              + rows.length);
    }
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != rowLength) {
        throw new IllegalArgumentException(
            "LwePackingKeyswitchKey row "
                + r
                + " needs (k+1)·N = "
                + rowLength
                + " elements, found "
                + rows[r].length);
      }
    }
    if ((long) baseLog.value() * levelCount.value() > 64) {
      throw new IllegalArgumentException(
          "packing key-switch baseLog * levels must be <= 64, found "
              + baseLog.value()
              + " * "
              + levelCount.value());
    }
    this.rows = rows;
    this.inputDimension = inputDimension;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
    this.baseLog = baseLog;
    this.levelCount = levelCount;
  }

  /** The rows (live arrays). */
  public long[][] rows() {
    return rows;
  }

  public LweDimension inputDimension() {
    return inputDimension;
  }

  public GlweDimension glweDimension() {
    return glweDimension;
  }

  public PolynomialSize polynomialSize() {
    return polynomialSize;
  }

  public DecompositionBaseLog baseLog() {
    return baseLog;
  }

  public DecompositionLevelCount levelCount() {
    return levelCount;
  }

  @Override
  public String toString() {
    return "LwePackingKeyswitchKey{n_in="
        + inputDimension.value()
        + ", k="
        + glweDimension.value()
        + ", N="
        + polynomialSize.value()
        + ", baseLog="
        + baseLog.value()
        + ", l="
        + levelCount.value()
        + "}";
  }
}
