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
   * The accumulators the rotation runs in, 64-byte aligned ({@link CacheAligned}): slot b's, (k+1)N
   * from {@link #slotAccumulatorAt}(b), on the slot path; lane group g's as lane sets (slot g·lanes
   * + l in lane l), (k+1)·N·lanes from {@link #laneAccumulatorsAt}(g), on the lane path (a batch
   * takes one path, so both share the space); then the lane path's rotation scratch from {@link
   * #laneRotationAt}. {@link #accumulators} receive the results.
   */
  final long[] rotationAccumulators;

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

  /** Where the rotation scratch of {@link LaneBatchFft#decomposeRotated} starts. */
  final int laneRotationAt;

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
    int glweLength = scratch.accumulator.length;
    int slotsLength = CacheAligned.roundUp(Math.multiplyExact(capacity, glweLength));
    if (lanes == null) {
      laneGroups = 0;
      laneScratch = null;
      laneDigitsAt = 0;
      laneWorkAt = 0;
      lanePowers = null;
      laneRotationAt = 0;
      rotationAccumulators = CacheAligned.longs(slotsLength);
    } else {
      int width = lanes.lanes();
      int set = scratch.n * width;
      laneGroups = (capacity + width - 1) / width;
      int laneSetsLength = Math.max(slotsLength, laneGroups * glweLength * width);
      laneRotationAt = CacheAligned.START + laneSetsLength;
      rotationAccumulators =
          CacheAligned.longs(laneSetsLength + lanes.decompositionScratchLength());
      int digitsLength = CacheAligned.roundUp((scratch.k + 1) * key.levelCount().value() * set);
      laneScratch = CacheAligned.doubles(digitsLength + set);
      laneDigitsAt = CacheAligned.START;
      laneWorkAt = CacheAligned.START + digitsLength;
      lanePowers = new int[width];
    }
  }

  /** Where slot b's accumulator starts in {@link #rotationAccumulators} (slot path). */
  int slotAccumulatorAt(int b) {
    return CacheAligned.START + b * scratch.accumulator.length;
  }

  /** Where lane group g's accumulators start in {@link #rotationAccumulators} (lane path). */
  int laneAccumulatorsAt(int g) {
    return CacheAligned.START + g * (scratch.k + 1) * scratch.n * lanes.lanes();
  }

  int capacity() {
    return accumulators.length;
  }
}
