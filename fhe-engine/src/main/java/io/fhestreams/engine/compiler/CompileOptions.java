package io.fhestreams.engine.compiler;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.List;

/**
 * What the compiler may choose from and what it must guarantee.
 *
 * @param log2PFailTarget log2 of the largest acceptable probability that one evaluation of the circuit
 *     decodes or bootstraps a wrong value, &lt; 0 (default −40, Concrete ML's per-PBS default; here
 *     applied to the whole evaluation, which is stricter)
 * @param candidates the parameter sets to choose from, smallest first within each kind
 */
public record CompileOptions(double log2PFailTarget, List<ParameterSet> candidates) {
  /** The default target: at most 2^-40 per evaluation. */
  public static final double DEFAULT_LOG2_P_FAIL = -40;

  public CompileOptions {
    if (!(log2PFailTarget < 0)) {
      throw new IllegalArgumentException("log2 p_fail target must be < 0, found " + log2PFailTarget);
    }
    candidates = List.copyOf(candidates);
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("at least one candidate parameter set is required");
    }
  }

  /** Target 2^-40 per evaluation over every published set of {@link ParameterSets}. */
  public static CompileOptions defaults() {
    return new CompileOptions(DEFAULT_LOG2_P_FAIL, ParameterSets.all());
  }

  /** The same candidates with another target. */
  public CompileOptions withLog2PFailTarget(double log2Target) {
    return new CompileOptions(log2Target, candidates);
  }
}
