package io.fhestreams.streams.backend;

import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.registry.client.TrustStores;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.CiphertextEvaluator;
import io.fhestreams.streams.processor.ModelResolver;
import io.fhestreams.streams.topology.InferenceBackend;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigException;

/**
 * The real backend, selected with {@code app.backend=registry}: models and evaluation keys from the
 * model registry ({@link RegistryModelResolver}, settings in {@link RegistryBackendSettings}),
 * evaluation by the engine's FHE server ({@link FheServerEvaluator}). Registered in {@code
 * META-INF/services}.
 */
public final class RegistryBackendProvider implements InferenceBackend.Provider {
  /** Name to select it with {@code app.backend}. */
  public static final String NAME = "registry";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InferenceBackend<ModelAndKeys> open(AppConfig config) {
    return open(RegistryBackendSettings.from(config));
  }

  /** The backend for {@code settings} (for callers that build the app in process). */
  public static InferenceBackend<ModelAndKeys> open(RegistryBackendSettings settings) {
    RegistryClient.Builder builder =
        RegistryClient.builder(settings.url())
            .requestTimeout(settings.requestTimeout())
            .connectTimeout(settings.requestTimeout())
            .maxAttempts(settings.maxAttempts())
            .backoff(Duration.ofMillis(100), Duration.ofMillis(500));
    if (settings.token() != null) {
      builder.token(settings.token());
    }
    if (settings.trustStore() != null) {
      char[] password =
          settings.trustStorePassword() == null
              ? null
              : settings.trustStorePassword().toCharArray();
      try {
        builder.sslContext(TrustStores.sslContext(settings.trustStore(), password));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            RegistryBackendSettings.TRUSTSTORE_PATH, settings.trustStore(), e.getMessage());
      }
    }
    RegistryModelResolver resolver =
        new RegistryModelResolver(
            builder.build(),
            settings.cacheMaxBytes(),
            settings.servedStages(),
            settings.stageRefresh(),
            settings.artifactLimits());
    FheServerEvaluator evaluator = new FheServerEvaluator();
    return new InferenceBackend<>() {
      @Override
      public ModelResolver<ModelAndKeys> resolver() {
        return resolver;
      }

      @Override
      public CiphertextEvaluator<ModelAndKeys> evaluator() {
        return evaluator;
      }
    };
  }
}
