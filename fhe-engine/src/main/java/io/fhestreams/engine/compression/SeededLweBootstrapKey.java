package io.fhestreams.engine.compression;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.random.Seed;

/**
 * A standard-domain bootstrap key in seeded form: the mask seed and, for each of the n GGSW
 * ciphertexts, levels l..1, rows 0..k, the body polynomial of the row's GLWE ciphertext (N
 * coefficients): n·l·(k+1)·N elements instead of n·l·(k+1)²·N. {@link #bodies()} is the live array.
 */
public final class SeededLweBootstrapKey {
  private final Seed seed;
  private final long[] bodies;
  private final LweDimension inputLweDimension;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final DecompositionBaseLog baseLog;
  private final DecompositionLevelCount levelCount;

  /** Wraps {@code bodies} without copying. */
  public SeededLweBootstrapKey(
      Seed seed,
      long[] bodies,
      LweDimension inputLweDimension,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    SeededLayout.requireLength(
        "SeededLweBootstrapKey",
        bodyCount(inputLweDimension, glweDimension, polynomialSize, levelCount),
        bodies.length,
        "n="
            + inputLweDimension.value()
            + ", k="
            + glweDimension.value()
            + ", N="
            + polynomialSize.value()
            + ", l="
            + levelCount.value());
    this.seed = java.util.Objects.requireNonNull(seed, "seed");
    this.bodies = bodies;
    this.inputLweDimension = inputLweDimension;
    this.glweDimension = glweDimension;
    this.polynomialSize = polynomialSize;
    this.baseLog = baseLog;
    this.levelCount = levelCount;
  }

  /** Number of body elements of a seeded key of this shape: n·l·(k+1)·N. */
  public static long bodyCount(
      LweDimension n, GlweDimension k, PolynomialSize bigN, DecompositionLevelCount l) {
    return (long) n.value() * l.value() * k.toGlweSize() * bigN.value();
  }

  public Seed seed() {
    return seed;
  }

  public long[] bodies() {
    return bodies;
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

  @Override
  public String toString() {
    return "SeededLweBootstrapKey{n="
        + inputLweDimension.value()
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
