package io.fhestreams.streams.processor;

/**
 * Finds the compiled model and the sender's evaluation keys for a request, usually through the
 * model registry's client and its cache. The real implementation adapts {@code RegistryClient}.
 *
 * <p>Contract: return a {@link ResolvedModel} whose model and keys share one parameter set, or
 * throw an {@link InferenceException} with reason {@link FailureReason#UNKNOWN_MODEL}, {@link
 * FailureReason#UNKNOWN_KEY}, {@link FailureReason#PARAMETER_SET_MISMATCH} (model and key
 * disagree), or {@link FailureReason#REGISTRY_UNAVAILABLE} when the registry cannot be asked (the
 * processor then waits and retries). Called from several stream threads at once: must be
 * thread-safe.
 *
 * @param <M> the model-and-keys type the matching {@link CiphertextEvaluator} consumes
 */
@FunctionalInterface
public interface ModelResolver<M> {

  /** Resolves model and keys for {@code coordinates}. */
  ResolvedModel<M> resolve(ModelCoordinates coordinates) throws InferenceException;
}
