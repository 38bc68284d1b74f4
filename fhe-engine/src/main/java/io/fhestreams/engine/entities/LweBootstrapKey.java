package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * A bootstrap key in the standard domain: n GGSW ciphertexts (layout of {@link GgswCiphertext}),
 * GGSW i encrypting bit i of the small LWE key under the GLWE key, back to back.
 */
public final class LweBootstrapKey {
  private final long[] data;
  private final LweDimension inputLweDimension;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final DecompositionBaseLog baseLog;
  private final DecompositionLevelCount levelCount;

  /** Wraps {@code data} without copying. */
  public LweBootstrapKey(
      long[] data,
      LweDimension inputLweDimension,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    Shapes.requireLength(
        "LweBootstrapKey",
        Shapes.product(
            "LweBootstrapKey",
            inputLweDimension.value(),
            GgswCiphertext.sizeOf(glweDimension, polynomialSize, levelCount)),
        data.length,
        shape(inputLweDimension, glweDimension, polynomialSize, levelCount));
    this.data = data;
    this.inputLweDimension = inputLweDimension;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
    this.baseLog = baseLog;
    this.levelCount = levelCount;
  }

  static String shape(
      LweDimension n, GlweDimension k, PolynomialSize bigN, DecompositionLevelCount l) {
    return "n=" + n.value() + ", k=" + k.value() + ", N=" + bigN.value() + ", l=" + l.value();
  }

  public long[] data() {
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

  /** GGSW ciphertext {@code i} as a copy. */
  public GgswCiphertext ggsw(int i) {
    int size = GgswCiphertext.sizeOf(glweDimension, polynomialSize, levelCount);
    long[] out = new long[size];
    System.arraycopy(data, i * size, out, 0, size);
    return new GgswCiphertext(out, glweDimension, polynomialSize, baseLog, levelCount);
  }

  @Override
  public String toString() {
    return "LweBootstrapKey{"
        + shape(inputLweDimension, glweDimension, polynomialSize, levelCount)
        + ", baseLog="
        + baseLog.value()
        + "}";
  }
}
