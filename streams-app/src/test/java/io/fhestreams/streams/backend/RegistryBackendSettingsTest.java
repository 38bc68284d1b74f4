package io.fhestreams.streams.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.registry.api.Stage;
import io.fhestreams.streams.config.AppConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryBackendSettingsTest {

  @Test
  void shouldReadTheKeysWithDefaults() {
    RegistryBackendSettings s =
        RegistryBackendSettings.from(
            AppConfig.of(
                Map.of(
                    RegistryBackendSettings.URL,
                    "http://registry:8081",
                    RegistryBackendSettings.TOKEN,
                    "secret-token")));
    assertThat(s.url().toString()).isEqualTo("http://registry:8081");
    assertThat(s.token()).isEqualTo("secret-token");
    assertThat(s.cacheMaxBytes()).isEqualTo(1L << 30);
    assertThat(s.requestTimeout().toMillis()).isEqualTo(5000);
    assertThat(s.maxAttempts()).isEqualTo(2);
    assertThat(s.toString()).doesNotContain("secret-token").contains("token set");
    assertThat(s.servedStages()).containsExactly(Stage.PRODUCTION);
    assertThat(s.stageRefresh().toMillis()).isEqualTo(10_000);
    assertThat(s.trustStore()).isNull();
  }

  @Test
  void shouldReadServedStagesAndTheTrustStore() {
    RegistryBackendSettings s =
        RegistryBackendSettings.from(
            AppConfig.of(
                AppConfig.environmentOverrides(
                    Map.of(
                        "FHE_REGISTRY_URL",
                        "https://registry:8443",
                        "FHE_REGISTRY_SERVED_STAGES",
                        "staging, Production",
                        "FHE_REGISTRY_STAGE_REFRESH_MS",
                        "0",
                        "FHE_REGISTRY_TRUSTSTORE_PATH",
                        "/etc/fhe/trust.p12",
                        "FHE_REGISTRY_TRUSTSTORE_PASSWORD",
                        "trust-secret"))));
    assertThat(s.servedStages()).containsExactlyInAnyOrder(Stage.STAGING, Stage.PRODUCTION);
    assertThat(s.stageRefresh()).isZero();
    assertThat(s.trustStore()).isEqualTo(java.nio.file.Path.of("/etc/fhe/trust.p12"));
    assertThat(s.toString()).doesNotContain("trust-secret").contains("trust.p12");
    assertThatThrownBy(
            () ->
                RegistryBackendSettings.from(
                    AppConfig.of(
                        Map.of(
                            RegistryBackendSettings.URL,
                            "http://r:1",
                            RegistryBackendSettings.SERVED_STAGES,
                            "production,live"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.served.stages")
        .hasMessageContaining("live");
    assertThatThrownBy(
            () ->
                RegistryBackendProvider.open(
                    RegistryBackendSettings.from(
                        AppConfig.of(
                            Map.of(
                                RegistryBackendSettings.URL,
                                "https://r:1",
                                RegistryBackendSettings.TRUSTSTORE_PATH,
                                "/no/such/trust.p12")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.truststore.path")
        .hasMessageContaining("/no/such/trust.p12");
  }

  @Test
  void environmentVariablesShouldSetThem() {
    Map<String, String> env =
        Map.of(
            "FHE_REGISTRY_URL",
            "http://r:1",
            "FHE_REGISTRY_CACHE_MAX_BYTES",
            "1000",
            "FHE_REGISTRY_MAX_ATTEMPTS",
            "3");
    RegistryBackendSettings s =
        RegistryBackendSettings.from(AppConfig.of(AppConfig.environmentOverrides(env)));
    assertThat(s.url().getPort()).isEqualTo(1);
    assertThat(s.cacheMaxBytes()).isEqualTo(1000);
    assertThat(s.maxAttempts()).isEqualTo(3);
    assertThat(s.token()).isNull();
  }

  @Test
  void missingOrBadValues_failNamingTheKey() {
    assertThatThrownBy(() -> RegistryBackendSettings.from(AppConfig.of(Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.url")
        .hasMessageContaining("FHE_REGISTRY_URL");
    assertThatThrownBy(
            () ->
                RegistryBackendSettings.from(
                    AppConfig.of(Map.of(RegistryBackendSettings.URL, "ftp://x"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.url");
    assertThatThrownBy(
            () ->
                RegistryBackendSettings.from(
                    AppConfig.of(
                        Map.of(
                            RegistryBackendSettings.URL,
                            "http://x:1",
                            RegistryBackendSettings.CACHE_MAX_BYTES,
                            "lots"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.cache.max.bytes");
    assertThatThrownBy(
            () ->
                RegistryBackendSettings.from(
                    AppConfig.of(
                        Map.of(
                            RegistryBackendSettings.URL,
                            "http://x:1",
                            RegistryBackendSettings.MAX_ATTEMPTS,
                            "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.max.attempts");
  }
}
