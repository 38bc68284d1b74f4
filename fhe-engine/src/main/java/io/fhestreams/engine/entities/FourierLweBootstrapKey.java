package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * A bootstrap key in the Fourier domain: the layout of {@link LweBootstrapKey} with every
 * polynomial replaced by its negacyclic transform ({@code math.NegacyclicFft}): N doubles, the N/2
 * real parts then the N/2 imaginary parts, in the FFT's (bit-reversed) output order. Read-only once
 * built: many threads may bootstrap with one key.
 */
public final class FourierLweBootstrapKey {
  private final double[] data;
  private final LweDimension inputLweDimension;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final DecompositionBaseLog baseLog;
  private final DecompositionLevelCount levelCount;

  /** Wraps {@code data} without copying. */
  public FourierLweBootstrapKey(
      double[] data,
      LweDimension inputLweDimension,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    Shapes.requireLength(
        "FourierLweBootstrapKey",
        Shapes.product(
            "FourierLweBootstrapKey",
            inputLweDimension.value(),
            GgswCiphertext.sizeOf(glweDimension, polynomialSize, levelCount)),
        data.length,
        LweBootstrapKey.shape(inputLweDimension, glweDimension, polynomialSize, levelCount));
    this.data = data;
    this.inputLweDimension = inputLweDimension;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
    this.baseLog = baseLog;
    this.levelCount = levelCount;
  }

  public double[] data() {
    return data;
  }

  public LweDimension inputLweDimension() {
    return inputLweDimension;
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

  /** Doubles per GGSW: l*(k+1)*(k+1)*N. */
  public int ggswSize() {
    return GgswCiphertext.sizeOf(glweDimension, polynomialSize, levelCount);
  }

  @Override
  public String toString() {
    return "FourierLweBootstrapKey{"
        + LweBootstrapKey.shape(inputLweDimension, glweDimension, polynomialSize, levelCount)
        + ", baseLog="
        + baseLog.value()
        + "}";
  }
}
