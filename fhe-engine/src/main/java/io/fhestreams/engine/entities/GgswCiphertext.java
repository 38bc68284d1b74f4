package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * A GGSW ciphertext in the standard domain: l level matrices stored from level l down to 1, each
 * (k+1) rows, each row a GLWE ciphertext ((k+1)*N elements): l*(k+1)*(k+1)*N elements in all. For
 * level j, row r < k is a GLWE encryption of -m * 2^(64 - j*baseLog) * S_r and row k of the
 * constant m * 2^(64 - j*baseLog) (tfhe-rs {@code ggsw_encryption.rs}).
 */
public final class GgswCiphertext {
  private final long[] data;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final DecompositionBaseLog baseLog;
  private final DecompositionLevelCount levelCount;

  /** Wraps {@code data} without copying. */
  public GgswCiphertext(
      long[] data,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    Shapes.requireLength(
        "GgswCiphertext",
        sizeOf(glweDimension, polynomialSize, levelCount),
        data.length,
        "k="
            + glweDimension.value()
            + ", N="
            + polynomialSize.value()
            + ", l="
            + levelCount.value());
    this.data = data;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
    this.baseLog = baseLog;
    this.levelCount = levelCount;
  }

  /** Number of torus elements of one GGSW ciphertext of this shape. */
  public static int sizeOf(GlweDimension k, PolynomialSize n, DecompositionLevelCount l) {
    return Shapes.product("GgswCiphertext", l.value(), k.toGlweSize(), k.toGlweSize(), n.value());
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

  public DecompositionBaseLog baseLog() {
    return baseLog;
  }

  public DecompositionLevelCount levelCount() {
    return levelCount;
  }

  @Override
  public String toString() {
    return "GgswCiphertext{k="
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
