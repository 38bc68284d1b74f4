package io.fhestreams.engine.compression;

import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.random.Seed;
import java.util.Objects;

/**
 * One GLWE ciphertext (k mask polynomials of N coefficients, one body polynomial) in seeded form:
 * the 16-byte seed of the mask generator that drew the k·N mask coefficients, in storage order, and
 * the N body coefficients, each rounded to its top b bits (its low 64 − b bits zero: the rounding
 * adds at most 2^(63−b) to each coefficient's phase, like fresh noise). N·b/8 bytes plus the seed
 * instead of 8·(k+1)·N. {@link #body()} is the live array.
 */
public final class SeededGlweCiphertext {
  private final Seed seed;
  private final long[] body;
  private final GlweDimension glweDimension;
  private final PolynomialSize polynomialSize;
  private final CiphertextModulusLog bodyModulusLog;

  /**
   * Wraps {@code body} without copying.
   *
   * @throws IllegalArgumentException if {@code body} does not have N coefficients, or one has a low
   *     bit set below its top b
   */
  public SeededGlweCiphertext(
      Seed seed,
      long[] body,
      GlweDimension glweDimension,
      PolynomialSize polynomialSize,
      CiphertextModulusLog bodyModulusLog) {
    this.seed = Objects.requireNonNull(seed, "seed");
    this.body = Objects.requireNonNull(body, "body");
    this.glweDimension = Objects.requireNonNull(glweDimension, "glweDimension");
    this.polynomialSize = Objects.requireNonNull(polynomialSize, "polynomialSize");
    this.bodyModulusLog = Objects.requireNonNull(bodyModulusLog, "bodyModulusLog");
    if (body.length != polynomialSize.value()) {
      throw new IllegalArgumentException(
          "SeededGlweCiphertext of N="
              + polynomialSize.value()
              + " needs "
              + polynomialSize.value()
              + " body coefficients, found "
              + body.length);
    }
    long low = (1L << (64 - bodyModulusLog.value())) - 1;
    for (int i = 0; i < body.length; i++) {
      if ((body[i] & low) != 0) {
        throw new IllegalArgumentException(
            "body coefficient "
                + i
                + " has bits below its top "
                + bodyModulusLog.value()
                + ": round it first");
      }
    }
  }

  /** The mask seed (public: it only determines the mask). */
  public Seed seed() {
    return seed;
  }

  /** The body polynomial's N coefficients. */
  public long[] body() {
    return body;
  }

  /** k: the number of mask polynomials. */
  public GlweDimension glweDimension() {
    return glweDimension;
  }

  /** N: the coefficients of each polynomial. */
  public PolynomialSize polynomialSize() {
    return polynomialSize;
  }

  /** b: the body coefficients keep their top b bits. */
  public CiphertextModulusLog bodyModulusLog() {
    return bodyModulusLog;
  }

  @Override
  public String toString() {
    return "SeededGlweCiphertext{k="
        + glweDimension.value()
        + ", N="
        + polynomialSize.value()
        + ", body bits="
        + bodyModulusLog.value()
        + "}";
  }
}
