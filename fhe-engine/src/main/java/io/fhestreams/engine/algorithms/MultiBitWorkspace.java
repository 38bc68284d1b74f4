package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierMultiBitBootstrapKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Preallocated scratch space of one multi-bit bootstrap (one calling thread, plus the helper thread
 * of the two-thread option while a bootstrap runs), so that the blind rotation allocates nothing.
 * Not thread-safe: one per calling thread.
 */
public final class MultiBitWorkspace {
  /** External-product scratch, the accumulator and the key-switched input. */
  final BootstrapWorkspace base;

  /** The second accumulator: each group's external product goes from one to the other. */
  final long[] otherAccumulator;

  /**
   * Two summed Fourier GGSW ciphertexts: group i's sum is built in buffer i mod 2 (the two-thread
   * option builds group i+1's while group i's external product runs).
   */
  final double[][] groupSums;

  /** Transforms of a group's 2^g - 1 monomials X^{d_p} for the calling thread, (2^g - 1)·N. */
  final double[] monomials;

  /** The same for the helper thread. */
  final double[] helperMonomials;

  /** Switched monomial degrees, (n/g)·(2^g - 1): group i, pattern p ≥ 1 at i·(2^g-1) + p-1. */
  final int[] degrees;

  /** Groups whose sum is ready (written by the helper thread). */
  final AtomicInteger prepared = new AtomicInteger();

  /** Groups whose external product is done (written by the calling thread). */
  final AtomicInteger consumed = new AtomicInteger();

  final int groupingFactor;
  final int groupCount;
  final int ggswSize;

  /** Scratch for bootstrapping with {@code key}. */
  public MultiBitWorkspace(FourierMultiBitBootstrapKey key) {
    base =
        new BootstrapWorkspace(key.glweDimension(), key.polynomialSize(), key.inputLweDimension());
    otherAccumulator = new long[base.accumulator.length];
    ggswSize = key.ggswSize();
    groupSums = new double[][] {new double[ggswSize], new double[ggswSize]};
    monomials = new double[(key.ggswPerGroup() - 1) * base.n];
    helperMonomials = new double[monomials.length];
    groupingFactor = key.groupingFactor();
    groupCount = key.groupCount();
    degrees = new int[groupCount * (key.ggswPerGroup() - 1)];
  }

  void requireShape(FourierMultiBitBootstrapKey key) {
    base.requireShape(key.glweDimension(), key.polynomialSize());
    if (key.groupingFactor() != groupingFactor
        || key.groupCount() != groupCount
        || key.ggswSize() != ggswSize) {
      throw new IllegalArgumentException(
          "Mismatched multi-bit workspace. workspace: g="
              + groupingFactor
              + ", groups="
              + groupCount
              + ", GGSW size="
              + ggswSize
              + "; key: g="
              + key.groupingFactor()
              + ", groups="
              + key.groupCount()
              + ", GGSW size="
              + key.ggswSize());
    }
  }
}
