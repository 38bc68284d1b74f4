package io.fhestreams.engine.entities;

import io.fhestreams.engine.math.CacheAligned;
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
 *
 * <p>The key lives in a {@link CacheAligned} array from {@link #offset()} on, so that GGSW i's
 * polynomials, which the external product's key-product sums read as 512-bit vectors, start on
 * 64-byte boundaries (one cache line per vector load instead of two: −3.5 % per product sum,
 * benchmarks/RESULTS.md, "64-byte alignment of the external product's workspaces").
 */
public final class FourierLweBootstrapKey {
  private final double[] data;
  private final int offset;
  private final LweDimension inputLweDimension;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final DecompositionBaseLog baseLog;
  private final DecompositionLevelCount levelCount;

  private FourierLweBootstrapKey(
      LweDimension inputLweDimension,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    this.data =
        CacheAligned.doubles(
            Shapes.product(
                "FourierLweBootstrapKey",
                inputLweDimension.value(),
                GgswCiphertext.sizeOf(glweDimension, polynomialSize, levelCount)));
    this.offset = CacheAligned.START;
    this.inputLweDimension = inputLweDimension;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
    this.baseLog = baseLog;
    this.levelCount = levelCount;
  }

  /**
   * A key of this shape with every coefficient 0, to be filled through {@link #data()} from {@link
   * #offset()} on.
   */
  public static FourierLweBootstrapKey zeros(
      LweDimension inputLweDimension,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    return new FourierLweBootstrapKey(
        inputLweDimension, glweDimension, polynomialSize, baseLog, levelCount);
  }

  /**
   * A key of {@code inputLweDimension} GGSWs of {@code like}'s GLWE shape and decomposition, every
   * coefficient 0.
   */
  public static FourierLweBootstrapKey zeros(LweDimension inputLweDimension, LweBootstrapKey like) {
    return zeros(
        inputLweDimension,
        like.glweDimension(),
        like.polynomialSize(),
        like.baseLog(),
        like.levelCount());
  }

  /**
   * The backing array (live): the n GGSW ciphertexts, one after the other, from {@link #offset()}
   * on; the elements around them are padding.
   */
  public double[] data() {
    return data;
  }

  /** Index in {@link #data()} of GGSW 0's first double. */
  public int offset() {
    return offset;
  }

  /** Index in {@link #data()} of GGSW {@code i}'s first double. */
  public int ggswOffset(int i) {
    return offset + i * ggswSize();
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
