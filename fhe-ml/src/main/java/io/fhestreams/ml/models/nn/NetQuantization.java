package io.fhestreams.ml.models.nn;

import io.fhestreams.ml.quantization.NBits;
import java.util.List;

/**
 * How a neural net is quantized after training.
 *
 * @param inputBits bits of the quantized inputs (unsigned, affine, calibrated per feature)
 * @param weightBits bits of the weights (signed, symmetric; per output channel in the last layer,
 *     per layer before): one entry for every dense layer, or a single entry for all
 * @param activationBits bits of each activation's quantized output (unsigned, affine, calibrated
 *     per tensor): one entry per activation, or a single entry for all
 * @param roundingBits Concrete ML's rounding threshold: each accumulator is rounded to this many
 *     most significant bits before its lookup (0: no rounding, the lookup reads the whole
 *     accumulator)
 * @param maxAccumulatorBits the widest accumulator allowed: a dense layer whose accumulator would
 *     be wider loses its smallest weights until it fits, or is split (0: no limit, no pruning)
 * @param splitAccumulators how a too wide accumulator is made to fit: false prunes its smallest
 *     weights (Concrete ML's pruning), true splits its dot products into partial sums that each
 *     fit, rounded exactly and added (all weights kept)
 * @param clampAccumulators whether an accumulator the rounding would read at a coarse step is first
 *     clamped to the values where its activation's table is not constant (a coarse exact rounding,
 *     one lookup and the remainder), so that the rounding reads that narrower range at a finer step
 * @param compensateRounding whether weights are rounded with error compensation ({@link
 *     io.fhestreams.ml.quantization.ErrorCompensatingRounding}, GPTQ) instead of to nearest: same
 *     scales, same circuit shape, other integers
 */
public record NetQuantization(
    NBits inputBits,
    List<NBits> weightBits,
    List<NBits> activationBits,
    int roundingBits,
    int maxAccumulatorBits,
    boolean splitAccumulators,
    boolean clampAccumulators,
    boolean compensateRounding) {

  /** No accumulator limit. */
  public NetQuantization(
      NBits inputBits, List<NBits> weightBits, List<NBits> activationBits, int roundingBits) {
    this(inputBits, weightBits, activationBits, roundingBits, 0, false, false, false);
  }

  /** Too wide accumulators pruned to {@code maxAccumulatorBits}. */
  public NetQuantization(
      NBits inputBits,
      List<NBits> weightBits,
      List<NBits> activationBits,
      int roundingBits,
      int maxAccumulatorBits) {
    this(
        inputBits,
        weightBits,
        activationBits,
        roundingBits,
        maxAccumulatorBits,
        false,
        false,
        false);
  }

  public NetQuantization {
    weightBits = List.copyOf(weightBits);
    activationBits = List.copyOf(activationBits);
    if (weightBits.isEmpty() || activationBits.isEmpty()) {
      throw new IllegalArgumentException("weight and activation bits need at least one entry each");
    }
    for (NBits w : weightBits) {
      if (w.value() < 2) {
        throw new IllegalArgumentException("signed weights need n_bits >= 2, found " + w.value());
      }
    }
    if (roundingBits < 0 || roundingBits > 16) {
      throw new IllegalArgumentException(
          "rounding bits must be in [0, 16] (0: no rounding), found " + roundingBits);
    }
    if (maxAccumulatorBits < 0 || maxAccumulatorBits > 62) {
      throw new IllegalArgumentException(
          "accumulator limit must be in [0, 62] bits (0: none), found " + maxAccumulatorBits);
    }
  }

  /**
   * The same n_bits for inputs, weights and activations, accumulators rounded to {@code
   * roundingBits}.
   */
  public static NetQuantization uniform(NBits nBits, int roundingBits) {
    return new NetQuantization(nBits, List.of(nBits), List.of(nBits), roundingBits);
  }

  /** The same settings with accumulators limited to {@code bits} (0: no limit). */
  public NetQuantization withMaxAccumulatorBits(int bits) {
    return new NetQuantization(
        inputBits,
        weightBits,
        activationBits,
        roundingBits,
        bits,
        splitAccumulators,
        clampAccumulators,
        compensateRounding);
  }

  /** The same settings, too wide accumulators split ({@code true}) or pruned. */
  public NetQuantization withSplitAccumulators(boolean split) {
    return new NetQuantization(
        inputBits,
        weightBits,
        activationBits,
        roundingBits,
        maxAccumulatorBits,
        split,
        clampAccumulators,
        compensateRounding);
  }

  /** The same settings, accumulators clamped before their rounding ({@code true}) or not. */
  public NetQuantization withClampAccumulators(boolean clamp) {
    return new NetQuantization(
        inputBits,
        weightBits,
        activationBits,
        roundingBits,
        maxAccumulatorBits,
        splitAccumulators,
        clamp,
        compensateRounding);
  }

  /** The same settings, weights rounded with error compensation ({@code true}) or to nearest. */
  public NetQuantization withCompensateRounding(boolean compensate) {
    return new NetQuantization(
        inputBits,
        weightBits,
        activationBits,
        roundingBits,
        maxAccumulatorBits,
        splitAccumulators,
        clampAccumulators,
        compensate);
  }

  /**
   * The settings in a compact form: in/weights/activations/rounding, e.g. 4/5:4/3/6, with "c" after
   * the rounding bits when accumulators are clamped and "g" when weights are rounded with error
   * compensation (4/5:4/3/6cg).
   */
  public String summary() {
    return inputBits.value()
        + "/"
        + String.join(":", weightBits.stream().map(b -> "" + b.value()).toList())
        + "/"
        + String.join(":", activationBits.stream().map(b -> "" + b.value()).toList())
        + "/"
        + roundingBits
        + (clampAccumulators ? "c" : "")
        + (compensateRounding ? "g" : "");
  }

  /** The weight bits of dense layer {@code i}. */
  public NBits weightBits(int i) {
    return pick(weightBits, i, "dense layer");
  }

  /** The output bits of activation {@code i}. */
  public NBits activationBits(int i) {
    return pick(activationBits, i, "activation");
  }

  private static NBits pick(List<NBits> bits, int i, String what) {
    if (bits.size() == 1) {
      return bits.get(0);
    }
    if (i >= bits.size()) {
      throw new IllegalArgumentException(
          "n_bits given for " + bits.size() + " " + what + "s, the net has more");
    }
    return bits.get(i);
  }
}
