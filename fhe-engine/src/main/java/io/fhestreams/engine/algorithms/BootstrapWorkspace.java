package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.math.CacheAligned;
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

  /**
   * The blind rotation's accumulator, (k+1)N from {@link CacheAligned#START}, 64-byte aligned;
   * copied to {@link #accumulator} when the rotation ends. Made on first use, as {@link #scratch}:
   * each costs half a heap region, and the shared scratch of a batch never needs this one.
   */
  private long[] rotationAccumulator;

  /**
   * 64-byte-aligned scratch of one external product ({@link CacheAligned}): the (k+1)·l digit
   * polynomials of N coefficients from {@link #fourierDigitsAt}, each written as small integers
   * (doubles) and transformed in place, and the work array of the inverse transform of one output
   * polynomial (N) from {@link #fourierWorkAt}.
   */
  private double[] scratch;

  /** Digit polynomials {@link #scratch} has room for. */
  private int digitPolys;

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
    accumulator = new long[(k + 1) * n];
    switched = new int[smallDimension.toLweSize()];
  }

  /** Scratch sized for bootstrapping with {@code key}. */
  public static BootstrapWorkspace forKey(FourierLweBootstrapKey key) {
    return new BootstrapWorkspace(
        key.glweDimension(), key.polynomialSize(), key.inputLweDimension());
  }

  /** {@link #rotationAccumulator}, made on first use. */
  long[] rotationAccumulator() {
    if (rotationAccumulator == null) {
      rotationAccumulator = CacheAligned.longs(accumulator.length);
    }
    return rotationAccumulator;
  }

  /**
   * Makes room for {@code polys} digit polynomials (on first use, and again for more) and returns
   * the scratch array, whose parts start at {@link #fourierDigitsAt} and {@link #fourierWorkAt}.
   */
  double[] reserveDigits(int polys) {
    if (polys > digitPolys) {
      digitPolys = polys;
      scratch = CacheAligned.doubles(CacheAligned.roundUp(polys * n) + n);
    }
    return scratch;
  }

  int fourierDigitsAt() {
    return CacheAligned.START;
  }

  int fourierWorkAt() {
    return CacheAligned.START + CacheAligned.roundUp(digitPolys * n);
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
