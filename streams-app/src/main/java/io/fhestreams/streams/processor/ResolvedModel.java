package io.fhestreams.streams.processor;

import java.util.Objects;

/**
 * What a {@link ModelResolver} found: the server half of a compiled model bound to the sender's
 * evaluation keys, the parameter set they share, and whether the cache answered.
 *
 * @param modelAndKeys what the {@link CiphertextEvaluator} needs to evaluate (opaque to the
 *     topology)
 * @param parameterSet the parameter set of the model and of the keys (the resolver checks they
 *     agree)
 * @param cacheLookup whether the resolver's cache answered, for the cache hit-rate metric
 * @param modelVersion the version whose server artifact this is: the request's, or for a request
 *     addressed to a stage, the version the resolver chose (the prediction names it)
 * @param <M> the evaluator's model-and-keys type
 */
public record ResolvedModel<M>(
    M modelAndKeys, ParameterSetId parameterSet, CacheLookup cacheLookup, String modelVersion) {
  /** Validates the fields. */
  public ResolvedModel {
    Objects.requireNonNull(modelAndKeys, "modelAndKeys");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(parameterSet, "parameterSet");
    Objects.requireNonNull(cacheLookup, "cacheLookup");
  }
}
