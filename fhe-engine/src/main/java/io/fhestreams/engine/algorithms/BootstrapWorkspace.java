package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.math.NegacyclicFft;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;

/**
 * Preallocated scratch space of one thread for external products, blind rotation and bootstrapping,
 * so that the blind-rotation loop allocates nothing. Not thread-safe: one per thread.
 */
public final class BootstrapWorkspace {
  final int k;
  final int n;
  final NegacyclicFft fft;

  /** The accumulator GLWE, (k+1)N. */
  final long[] accumulator;

  /** The digit polynomials of one external product ((k+1)·l of N, small integers as doubles). */
  private double[] digits;

  /** Their transforms. */
  private double[] fourierDigits;

  /** Work array of the inverse transform of one output polynomial of an external product, N. */
  final double[] fourierWork;

  /**
   * Key-switched small LWE (modulo 2^32), then modulus-switched in place (modulo 2N), n_small + 1.
   */
  final int[] switched;

  /**
   * Receives the sum of the values {@link ExternalProduct#preread} loads, so that the JIT keeps
   * those loads (their only purpose is to bring a GGSW into cache).
   */
  double prereadSink;

  /** Scratch for GLWE shape (k, N) and small LWE dimension {@code smallDimension}. */
  public BootstrapWorkspace(
      GlweDimension glweDimension, PolynomialSize polynomialSize, LweDimension smallDimension) {
    this.k = glweDimension.value();
    this.n = polynomialSize.value();
    this.fft = NegacyclicFft.of(polynomialSize);
    int glweSize = (k + 1) * n;
    accumulator = new long[glweSize];
    digits = new double[glweSize];
    fourierDigits = new double[glweSize];
    fourierWork = new double[n];
    switched = new int[smallDimension.toLweSize()];
  }

  /** Scratch sized for bootstrapping with {@code key}. */
  public static BootstrapWorkspace forKey(FourierLweBootstrapKey key) {
    return new BootstrapWorkspace(
        key.glweDimension(), key.polynomialSize(), key.inputLweDimension());
  }

  /**
   * Room for {@code polys} digit polynomials (sized for one level up front, grown once for more).
   */
  double[] digits(int polys) {
    if (digits.length < polys * n) {
      digits = new double[polys * n];
    }
    return digits;
  }

  /** Room for the transforms of {@code polys} digit polynomials. */
  double[] fourierDigits(int polys) {
    if (fourierDigits.length < polys * n) {
      fourierDigits = new double[polys * n];
    }
    return fourierDigits;
  }

  void requireShape(GlweDimension glweDimension, PolynomialSize polynomialSize) {
    if (glweDimension.value() != k || polynomialSize.value() != n) {
      throw new IllegalArgumentException(
          "Mismatched workspace shape. workspace: k="
              + k
              + ", N="
              + n
              + ", operands: k="
              + glweDimension.value()
              + ", N="
              + polynomialSize.value());
    }
  }
}
