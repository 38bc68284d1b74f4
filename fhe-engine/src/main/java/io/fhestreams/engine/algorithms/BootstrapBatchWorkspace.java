package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.math.CacheAligned;

/**
 * Scratch of one thread for bootstrapping a batch of ciphertexts together ({@link
 * BlindRotation#blindRotateBatch}): one accumulator, switched input and table per slot, and one set
 * of decomposition/FFT scratch shared by all slots, since the slots' external products run one
 * after the other and a shared scratch keeps the batch's working set small enough for L2 next to
 * the GGSW being applied. Not thread-safe: one per thread.
 */
final class BootstrapBatchWorkspace {
  /**
   * Decomposition and FFT scratch for every slot; its own accumulator and switched array stay
   * unused.
   */
  final BootstrapWorkspace scratch;

  /** Slot b's accumulator GLWE, (k+1)N. */
  final long[][] accumulators;

  /** Slot b's key-switched, then modulus-switched input, n_small + 1. */
  final int[][] switched;

  /** Slot b's lookup table for the current batch. */
  final LookupTable[] tables;

  /** Slot b's accumulator as the rotation updates it, 64-byte aligned ({@link CacheAligned}). */
  final long[] rotationAccumulators;

  /** Scratch for up to {@code capacity} slots. */
  BootstrapBatchWorkspace(FourierLweBootstrapKey key, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("batch capacity must be >= 1, found " + capacity);
    }
    scratch = BootstrapWorkspace.forKey(key);
    accumulators = new long[capacity][scratch.accumulator.length];
    switched = new int[capacity][scratch.switched.length];
    tables = new LookupTable[capacity];
    rotationAccumulators =
        CacheAligned.longs(
            CacheAligned.roundUp(Math.multiplyExact(capacity, scratch.accumulator.length)));
  }

  /** Where slot b's accumulator starts in {@link #rotationAccumulators}. */
  int slotAccumulatorAt(int b) {
    return CacheAligned.START + b * scratch.accumulator.length;
  }
}
