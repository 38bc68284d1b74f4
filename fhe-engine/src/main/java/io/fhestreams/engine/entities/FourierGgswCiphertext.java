package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * A GGSW ciphertext in the Fourier domain: the layout of {@link GgswCiphertext} with each
 * polynomial replaced by its N-double negacyclic transform (see {@link FourierLweBootstrapKey}).
 */
public final class FourierGgswCiphertext {
  private final double[] data;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final DecompositionBaseLog baseLog;
  private final DecompositionLevelCount levelCount;

  /** Wraps {@code data} without copying. */
  public FourierGgswCiphertext(
      double[] data,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    Shapes.requireLength(
        "FourierGgswCiphertext",
        GgswCiphertext.sizeOf(glweDimension, polynomialSize, levelCount),
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

  public double[] data() {
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
    return "FourierGgswCiphertext{k="
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
