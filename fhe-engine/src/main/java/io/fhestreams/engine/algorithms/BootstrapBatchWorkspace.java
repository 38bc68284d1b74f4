package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.math.CacheAligned;
import io.fhestreams.engine.math.LaneBatchFft;

/**
 * Scratch of one thread for bootstrapping up to {@link #capacity()} ciphertexts together ({@link
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

  /**
   * The lane-batched transform for {@link BlindRotation#blindRotateLanes}, or null when that path
   * is not used (no jdk.incubator.vector, or not asked for).
   */
  final LaneBatchFft lanes;

  /**
   * Lane group g's accumulators as lane sets (slot g·lanes + l in lane l), (k+1)·N·lanes from
   * {@link #laneAccumulatorsAt}(g), one group per {@code lanes} slots; 64-byte aligned ({@link
   * CacheAligned}).
   */
  final long[] laneAccumulators;

  /** Lane groups the workspace holds. */
  final int laneGroups;

  /**
   * The digit lane sets of one external product, (k+1)·l of N·lanes from {@link #laneDigitsAt}, and
   * the product sum of one output polynomial, one lane set from {@link #laneWorkAt}; 64-byte
   * aligned.
   */
  final double[] laneScratch;

  final int laneDigitsAt;
  final int laneWorkAt;

  /** The rotation power of each lane for the current GGSW. */
  final int[] lanePowers;

  /** Rotation scratch of {@link LaneBatchFft#decomposeRotated}. */
  final long[] laneRotation;

  /**
   * Scratch for up to {@code capacity} slots, with the lane-batched path's when {@code laneBatched}
   * and the platform has it.
   */
  BootstrapBatchWorkspace(FourierLweBootstrapKey key, int capacity, boolean laneBatched) {
    if (capacity < 1) {
      throw new IllegalArgumentException("batch capacity must be >= 1, found " + capacity);
    }
    scratch = BootstrapWorkspace.forKey(key);
    accumulators = new long[capacity][scratch.accumulator.length];
    switched = new int[capacity][scratch.switched.length];
    tables = new LookupTable[capacity];
    lanes = laneBatched ? LaneBatchFft.of(key.polynomialSize()) : null;
    if (lanes == null) {
      laneAccumulators = null;
      laneGroups = 0;
      laneScratch = null;
      laneDigitsAt = 0;
      laneWorkAt = 0;
      lanePowers = null;
      laneRotation = null;
    } else {
      int width = lanes.lanes();
      int set = scratch.n * width;
      int glweSize = scratch.k + 1;
      laneGroups = (capacity + width - 1) / width;
      laneAccumulators = CacheAligned.longs(laneGroups * glweSize * set);
      int digitsLength = CacheAligned.roundUp(glweSize * key.levelCount().value() * set);
      laneScratch = CacheAligned.doubles(digitsLength + set);
      laneDigitsAt = CacheAligned.START;
      laneWorkAt = CacheAligned.START + digitsLength;
      lanePowers = new int[width];
      laneRotation = new long[lanes.decompositionScratchLength()];
    }
  }

  /** Where lane group g's accumulators start in {@link #laneAccumulators}. */
  int laneAccumulatorsAt(int g) {
    return CacheAligned.START + g * (scratch.k + 1) * scratch.n * lanes.lanes();
  }

  int capacity() {
    return accumulators.length;
  }
}
