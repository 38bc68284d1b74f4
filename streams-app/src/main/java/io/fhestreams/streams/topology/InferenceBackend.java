package io.fhestreams.streams.topology;

import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.CiphertextEvaluator;
import io.fhestreams.streams.processor.ModelResolver;

/**
 * The plug for the real collaborators: a resolver over the model registry's client and an evaluator
 * over the FHE server, sharing a model-and-keys type. {@code StreamsAppMain} finds implementations
 * of {@link Provider} with {@link java.util.ServiceLoader} ({@code META-INF/services/
 * io.fhestreams.streams.topology.InferenceBackend$Provider}).
 *
 * @param <M> the model-and-keys type
 */
public interface InferenceBackend<M> extends AutoCloseable {

  /** The resolver; thread-safe. */
  ModelResolver<M> resolver();

  /** The evaluator; thread-safe. */
  CiphertextEvaluator<M> evaluator();

  /** Releases connections and caches; nothing by default. */
  @Override
  default void close() {}

  /** Creates a backend from the application's configuration. */
  interface Provider {

    /** Name selected with {@code app.backend} when several providers are present. */
    String name();

    /** Opens the backend (e.g. connects the registry client). */
    InferenceBackend<?> open(AppConfig config);
  }
}
