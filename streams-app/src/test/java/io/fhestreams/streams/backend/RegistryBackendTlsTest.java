package io.fhestreams.streams.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.registry.client.TrustStores;
import io.fhestreams.registry.server.SelfSignedKeyStores;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.CacheLookup;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InferenceException;
import io.fhestreams.streams.processor.ModelCoordinates;
import io.fhestreams.streams.topology.InferenceBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend against an HTTPS registry with a self-signed certificate, configured the way the app
 * reads its configuration: it resolves with the trust store, and without it the registry counts as
 * unavailable (retried, never dead-lettered).
 */
class RegistryBackendTlsTest {
  @TempDir Path dir;

  @Test
  void shouldResolveFromAnHttpsRegistryTrustedThroughTheConfiguredTrustStore() throws Exception {
    SelfSignedKeyStores keys =
        SelfSignedKeyStores.generate(Files.createDirectories(dir.resolve("tls")), "tls-pass");
    ModelArtifacts m = RealStack.breastCancer();
    try (RealStack stack =
        RealStack.startHttps(
            dir.resolve("registry"),
            keys.tlsConfig(),
            TrustStores.sslContext(keys.trustStore(), keys.password().toCharArray()))) {
      assertThat(stack.uri().getScheme()).isEqualTo("https");
      String version = stack.publish(m);
      String keyId = stack.uploadKeys(FheClient.generateKeys(m.client()));
      ModelCoordinates c = new ModelCoordinates(m.client().modelName(), version, keyId);

      Map<String, Object> settings = new HashMap<>();
      settings.put(RegistryBackendSettings.URL, stack.uri().toString());
      settings.put(RegistryBackendSettings.TOKEN, RealStack.READER_TOKEN);
      settings.put(RegistryBackendSettings.MAX_ATTEMPTS, "1");
      try (InferenceBackend<ModelAndKeys> untrusting =
          RegistryBackendProvider.open(RegistryBackendSettings.from(AppConfig.of(settings)))) {
        InferenceException e =
            catchThrowableOfType(() -> untrusting.resolver().resolve(c), InferenceException.class);
        assertThat(e.reason()).isEqualTo(FailureReason.REGISTRY_UNAVAILABLE);
        assertThat(e.isRetryable()).isTrue();
      }

      settings.put(RegistryBackendSettings.TRUSTSTORE_PATH, keys.trustStore().toString());
      settings.put(RegistryBackendSettings.TRUSTSTORE_PASSWORD, keys.password());
      try (InferenceBackend<ModelAndKeys> trusting =
          RegistryBackendProvider.open(RegistryBackendSettings.from(AppConfig.of(settings)))) {
        assertThat(trusting.resolver().resolve(c).cacheLookup()).isEqualTo(CacheLookup.MISS);
      }
    }
  }
}
