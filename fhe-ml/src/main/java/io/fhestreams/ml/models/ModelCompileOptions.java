package io.fhestreams.ml.models;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.ml.compiler.CompileOptions;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.trees.TreeLowering;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything {@link FheModel#compile} may be told, for every family (Concrete ML's {@code n_bits},
 * {@code p_error} and friends in one place). Immutable: each {@code with…} returns a copy and
 * rejects a bad value at once. A setting left unset takes the family's default ({@link
 * FheModel#defaultNBits()}, the family's candidate parameter sets); settings of another family are
 * ignored.
 */
public final class ModelCompileOptions {
  private final NBits nBits;
  private final double log2PFailTarget;
  private final List<ParameterSet> candidates;
  private final TreeLowering.Strategy treeStrategy;
  private final Integer leafBits;
  private final NBits weightBits;
  private final NBits activationBits;
  private final Integer roundingBits;

  private ModelCompileOptions(
      NBits nBits,
      double log2PFailTarget,
      List<ParameterSet> candidates,
      TreeLowering.Strategy treeStrategy,
      Integer leafBits,
      NBits weightBits,
      NBits activationBits,
      Integer roundingBits) {
    this.nBits = nBits;
    this.log2PFailTarget = log2PFailTarget;
    this.candidates = candidates;
    this.treeStrategy = treeStrategy;
    this.leafBits = leafBits;
    this.weightBits = weightBits;
    this.activationBits = activationBits;
    this.roundingBits = roundingBits;
  }

  /**
   * The family's defaults: its n_bits, a failure target of 2^{@value
   * CompileOptions#DEFAULT_LOG2_P_FAIL} per evaluation, its candidate parameter sets.
   */
  public static ModelCompileOptions defaults() {
    return new ModelCompileOptions(
        null,
        CompileOptions.DEFAULT_LOG2_P_FAIL,
        null,
        TreeLowering.Strategy.THERMOMETER,
        null,
        null,
        null,
        null);
  }

  /**
   * Bits of the quantized inputs and weights (linear), of the inputs (trees), of the inputs and,
   * unless {@link #withActivationBits} and {@link #withWeightBits} say otherwise, activations and
   * weights (neural nets).
   */
  public ModelCompileOptions withNBits(NBits bits) {
    return new ModelCompileOptions(
        bits,
        log2PFailTarget,
        candidates,
        treeStrategy,
        leafBits,
        weightBits,
        activationBits,
        roundingBits);
  }

  /**
   * The largest acceptable log2 probability, per evaluation, that some bootstrap or decryption
   * returns another value than the clear-quantized circuit; &lt; 0.
   */
  public ModelCompileOptions withLog2PFailTarget(double log2Target) {
    if (!(log2Target < 0)) {
      throw new IllegalArgumentException("log2 p_fail target must be < 0, found " + log2Target);
    }
    return new ModelCompileOptions(
        nBits,
        log2Target,
        candidates,
        treeStrategy,
        leafBits,
        weightBits,
        activationBits,
        roundingBits);
  }

  /** The parameter sets the compiler chooses from, instead of the family's. */
  public ModelCompileOptions withCandidates(List<ParameterSet> sets) {
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("at least one candidate parameter set is required");
    }
    return new ModelCompileOptions(
        nBits,
        log2PFailTarget,
        List.copyOf(sets),
        treeStrategy,
        leafBits,
        weightBits,
        activationBits,
        roundingBits);
  }

  /** Tree ensembles: how the ensemble is lowered (default thermometer). */
  public ModelCompileOptions withTreeStrategy(TreeLowering.Strategy strategy) {
    return new ModelCompileOptions(
        nBits,
        log2PFailTarget,
        candidates,
        strategy,
        leafBits,
        weightBits,
        activationBits,
        roundingBits);
  }

  /** Tree ensembles: bits of the quantized leaf magnitudes, in [1, 16]. */
  public ModelCompileOptions withLeafBits(int bits) {
    if (bits < 1 || bits > NBits.MAX) {
      throw new IllegalArgumentException(
          "leaf bits must be in [1, " + NBits.MAX + "], found " + bits);
    }
    return new ModelCompileOptions(
        nBits,
        log2PFailTarget,
        candidates,
        treeStrategy,
        bits,
        weightBits,
        activationBits,
        roundingBits);
  }

  /** Neural nets: bits of the weights (default: n_bits). */
  public ModelCompileOptions withWeightBits(NBits bits) {
    return new ModelCompileOptions(
        nBits,
        log2PFailTarget,
        candidates,
        treeStrategy,
        leafBits,
        bits,
        activationBits,
        roundingBits);
  }

  /** Neural nets: bits of each activation's output (default: n_bits). */
  public ModelCompileOptions withActivationBits(NBits bits) {
    return new ModelCompileOptions(
        nBits, log2PFailTarget, candidates, treeStrategy, leafBits, weightBits, bits, roundingBits);
  }

  /**
   * Neural nets: accumulators are rounded exactly to this many top bits before each lookup, in [0,
   * 16] (0: no rounding).
   */
  public ModelCompileOptions withRoundingBits(int bits) {
    if (bits < 0 || bits > NBits.MAX) {
      throw new IllegalArgumentException(
          "rounding bits must be in [0, " + NBits.MAX + "] (0: no rounding), found " + bits);
    }
    return new ModelCompileOptions(
        nBits,
        log2PFailTarget,
        candidates,
        treeStrategy,
        leafBits,
        weightBits,
        activationBits,
        bits);
  }

  /** The n_bits, if set. */
  public Optional<NBits> nBits() {
    return Optional.ofNullable(nBits);
  }

  /** The failure target, log2 per evaluation. */
  public double log2PFailTarget() {
    return log2PFailTarget;
  }

  /** The candidate parameter sets, if set. */
  public Optional<List<ParameterSet>> candidates() {
    return Optional.ofNullable(candidates);
  }

  /** The tree lowering strategy. */
  public TreeLowering.Strategy treeStrategy() {
    return treeStrategy;
  }

  /** The leaf bits of tree ensembles, if set. */
  public OptionalInt leafBits() {
    return leafBits == null ? OptionalInt.empty() : OptionalInt.of(leafBits);
  }

  /** The weight bits of neural nets, if set. */
  public Optional<NBits> weightBits() {
    return Optional.ofNullable(weightBits);
  }

  /** The activation bits of neural nets, if set. */
  public Optional<NBits> activationBits() {
    return Optional.ofNullable(activationBits);
  }

  /** The rounding bits of neural nets, if set. */
  public OptionalInt roundingBits() {
    return roundingBits == null ? OptionalInt.empty() : OptionalInt.of(roundingBits);
  }

  /** What the compiler gets: the failure target over these candidates, or the family's. */
  public CompileOptions compilerOptions(List<ParameterSet> familyCandidates) {
    return new CompileOptions(log2PFailTarget, candidates == null ? familyCandidates : candidates);
  }

  @Override
  public String toString() {
    return "ModelCompileOptions[nBits="
        + (nBits == null ? "family default" : nBits.value())
        + ", log2PFailTarget="
        + log2PFailTarget
        + ", candidates="
        + (candidates == null ? "family default" : candidates.size() + " sets")
        + ", treeStrategy="
        + treeStrategy
        + ", leafBits="
        + (leafBits == null ? "family default" : leafBits)
        + ", weightBits="
        + (weightBits == null ? "n_bits" : weightBits.value())
        + ", activationBits="
        + (activationBits == null ? "n_bits" : activationBits.value())
        + ", roundingBits="
        + (roundingBits == null ? "family default" : roundingBits)
        + "]";
  }
}
