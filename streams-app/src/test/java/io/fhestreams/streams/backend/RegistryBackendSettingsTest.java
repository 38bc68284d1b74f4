package io.fhestreams.streams.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
