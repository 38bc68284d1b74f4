package io.fhestreams.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistryConfigTest {

  @Test
  void shouldReadConfluentPropertyNames() {
    SchemaRegistryConfig c =
        SchemaRegistryConfig.fromMap(
            Map.of(
                "schema.registry.url", "http://a:8081, http://b:8081/",
                "auto.register.schemas", "false",
                "use.latest.version", "true",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "u:p"));
    assertThat(c.urls()).containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
    assertThat(c.autoRegisterSchemas()).isFalse();
    assertThat(c.useLatestVersion()).isTrue();
    assertThat(c.userInfo()).contains("u:p");
  }

  @Test
  void shouldDefaultToLookingIdsUpWithoutRegistering() {
    SchemaRegistryConfig c =
        SchemaRegistryConfig.fromMap(Map.of("schema.registry.url", "http://a:8081"));
    assertThat(c.autoRegisterSchemas()).isFalse();
    assertThat(c.useLatestVersion()).isFalse();
    assertThat(c.userInfo()).isEmpty();
  }

  @Test
  void shouldRecogniseMockScope() {
    SchemaRegistryConfig c =
        SchemaRegistryConfig.fromMap(Map.of("schema.registry.url", "mock://my-test"));
    assertThat(c.isMock()).isTrue();
    assertThat(c.mockScope()).isEqualTo("my-test");
  }

  @Test
  void toString_hidesPasswords() {
    SchemaRegistryConfig fromUrl =
        SchemaRegistryConfig.fromMap(Map.of("schema.registry.url", "http://u:topsecret@a:8081"));
    SchemaRegistryConfig fromInfo =
        SchemaRegistryConfig.fromMap(
            Map.of(
                "schema.registry.url",
                "http://a:8081",
                "basic.auth.credentials.source",
                "USER_INFO",
                "basic.auth.user.info",
                "u:topsecret"));
    assertThat(fromUrl.userInfo()).contains("u:topsecret");
    assertThat(fromUrl.toString()).doesNotContain("topsecret");
    assertThat(fromInfo.toString()).doesNotContain("topsecret");
  }

  @Test
  void missingUrl_fails() {
    assertThatThrownBy(() -> SchemaRegistryConfig.fromMap(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void badScheme_fails() {
    assertThatThrownBy(() -> SchemaRegistryConfig.fromMap(Map.of("schema.registry.url", "ftp://x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http://");
  }

  @Test
  void unsupportedCredentialsSource_fails() {
    assertThatThrownBy(
            () ->
                SchemaRegistryConfig.fromMap(
                    Map.of(
                        "schema.registry.url",
                        "http://a",
                        "basic.auth.credentials.source",
                        "SASL_INHERIT")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("URL or USER_INFO");
  }

  @Test
  void userInfoWithoutColon_fails() {
    assertThatThrownBy(
            () ->
                SchemaRegistryConfig.fromMap(
                    Map.of(
                        "schema.registry.url",
                        "http://a",
                        "basic.auth.credentials.source",
                        "USER_INFO",
                        "basic.auth.user.info",
                        "justuser")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("justuser");
  }

  @Test
  void notABoolean_fails() {
    assertThatThrownBy(
            () ->
                SchemaRegistryConfig.fromMap(
                    Map.of("schema.registry.url", "http://a", "auto.register.schemas", "yes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auto.register.schemas");
  }
}
