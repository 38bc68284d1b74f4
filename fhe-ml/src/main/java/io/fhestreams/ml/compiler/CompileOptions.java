package io.fhestreams.ml.compiler;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the compiler may choose from and what it must guarantee.
 *
 * @param log2PFailTarget log2 of the largest acceptable probability that one evaluation of the
 *     circuit decodes or bootstraps a wrong value, &lt; 0 (default −40, Concrete ML's per-PBS
 *     default; here applied to the whole evaluation, which is stricter)
 * @param candidates the parameter sets to choose from, smallest first within each kind
 */
public record CompileOptions(double log2PFailTarget, List<ParameterSet> candidates) {
  /** The default target: at most 2^-40 per evaluation. */
  public static final double DEFAULT_LOG2_P_FAIL = -40;

  public CompileOptions {
    if (!(log2PFailTarget < 0)) {
      throw new IllegalArgumentException(
          "log2 p_fail target must be < 0, found " + log2PFailTarget);
    }
    candidates = List.copyOf(candidates);
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("at least one candidate parameter set is required");
    }
  }

  /**
   * The default candidates: the 2^-128 PBS sets ({@link ParameterSets#tuniform2M128()}, the failure
   * probability per bootstrap of TFHE-rs's defaults since 1.4, at the cost of the 2^-64 sets on
   * this engine), then the leveled set. The 2^-64 sets ({@link ParameterSets#tuniform2M64()}) are
   * chosen only when passed as candidates; artifacts compiled for them stay loadable, as every set
   * is found by its id. The compiler sorts by precision and takes the first set that fits the
   * target.
   */
  public static final List<ParameterSet> DEFAULT_CANDIDATES =
      Stream.of(
              ParameterSets.tuniform2M128(),
              List.of(ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17))
          .flatMap(List::stream)
          .toList();

  /** Target 2^-40 per evaluation over {@link #DEFAULT_CANDIDATES}. */
  public static CompileOptions defaults() {
    return new CompileOptions(DEFAULT_LOG2_P_FAIL, DEFAULT_CANDIDATES);
  }

  /** The same candidates with another target. */
  public CompileOptions withLog2PFailTarget(double log2Target) {
    return new CompileOptions(log2Target, candidates);
  }
}
