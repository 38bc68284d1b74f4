package io.fhestreams.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.ml.deploy.ArtifactLimits;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.schema.CompatibilityLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryConfigTest {
  @TempDir Path dir;

  @Test
  void shouldReadAYamlFileAndFillDefaults() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("registry.yaml"),
            """
        port: 0
        storage:
          type: postgres
          postgres: {jdbcUrl: "jdbc:postgresql://localhost:5432/fhe", user: fhe, password: pw, schema: registry, maxPoolSize: 4}
        tokens:
          - name: streams-app
            sha256: %s
            roles: [reader, key-owner]
        """
                .formatted("ab".repeat(32)));
    RegistryConfig config = RegistryConfig.load(file);
    assertThat(config.port()).isZero();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.maxUploadBytes()).isEqualTo(RegistryConfig.DEFAULT_MAX_UPLOAD_BYTES);
    assertThat(config.schemaCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(config.storage().postgres().maxPoolSize()).isEqualTo(4);
    assertThat(config.storage().postgres().toString()).doesNotContain("pw");
    assertThat(config.tokens().get(0).roles()).containsExactly(Role.READER, Role.KEY_OWNER);
  }

  @Test
  void shouldReadATlsSectionAndRefuseAMissingKeyStore() throws Exception {
    Path keyStore = Files.write(dir.resolve("registry.p12"), new byte[] {1});
    RegistryConfig config =
        RegistryConfig.load(
            Files.writeString(
                dir.resolve("tls.yaml"),
                "tls: {keyStore: \"" + keyStore + "\", keyStorePassword: s3cret}\n"));
    assertThat(config.tls().keyStore()).isEqualTo(keyStore.toString());
    assertThat(config.tls().keyPassword()).isEqualTo("s3cret");
    assertThat(config.tls().toString()).doesNotContain("s3cret");
    assertThat(RegistryConfig.load(Files.writeString(dir.resolve("plain.yaml"), "{}")).tls())
        .isNull();
    Path missing =
        Files.writeString(
            dir.resolve("missing.yaml"),
            "tls: {keyStore: \"" + dir.resolve("nope.p12") + "\", keyStorePassword: x}\n");
    assertThatThrownBy(() -> RegistryConfig.load(missing)).hasMessageContaining("nope.p12");
  }

  @Test
  void shouldDefaultToADirectoryStoreOnPort8081() throws Exception {
    RegistryConfig config = RegistryConfig.load(Files.writeString(dir.resolve("empty.yaml"), "{}"));
    assertThat(config.port()).isEqualTo(8081);
    assertThat(config.storage().type()).isEqualTo("directory");
    assertThat(config.storage().directory()).isEqualTo("registry-data");
  }

  @Test
  void shouldLoadTheExampleConfigurationShippedWithTheModule() throws Exception {
    RegistryConfig example = RegistryConfig.load(Path.of("registry.example.yaml"));
    assertThat(example.tokens())
        .extracting(t -> t.name())
        .containsExactly("publisher", "streams-app", "alice", "ops");
    assertThat(
            new io.fhestreams.registry.auth.TokenAuthenticator(example.tokens())
                .authenticate("alice-token")
                .orElseThrow()
                .roles())
        .containsExactly(Role.KEY_OWNER);
  }

  @Test
  void artifactLimits_areReadFromYaml_withDefaultsForTheRest() throws Exception {
    RegistryConfig config =
        RegistryConfig.load(
            Files.writeString(
                dir.resolve("limits.yaml"),
                "artifactLimits: {max.bootstraps: 10, max.nodes: 7}\n"));
    assertThat(config.limits().get(ArtifactLimits.Cap.MAX_BOOTSTRAPS)).isEqualTo(10);
    assertThat(config.limits().get(ArtifactLimits.Cap.MAX_NODES)).isEqualTo(7);
    assertThat(config.limits().get(ArtifactLimits.Cap.MAX_LOOKUP_BITS))
        .isEqualTo(ArtifactLimits.Cap.MAX_LOOKUP_BITS.defaultValue());
    assertThatThrownBy(
            () ->
                RegistryConfig.load(
                    Files.writeString(
                        dir.resolve("bad.yaml"), "artifactLimits: {max.bootstrapz: 10}\n")))
        .hasMessageContaining("artifactLimits: unknown artifact limit 'max.bootstrapz'");
  }

  @Test
  void load_refusesUnknownKeysAndBadValues() throws Exception {
    assertThatThrownBy(
            () -> RegistryConfig.load(Files.writeString(dir.resolve("typo.yaml"), "prot: 1\n")))
        .hasMessageContaining("prot");
    assertThatThrownBy(
            () ->
                RegistryConfig.load(
                    Files.writeString(
                        dir.resolve("role.yaml"),
                        "tokens: [{name: a, sha256: " + "0".repeat(64) + ", roles: [root]}]\n")))
        .hasMessageContaining("role must be one of");
    assertThatThrownBy(
            () ->
                RegistryConfig.load(
                    Files.writeString(dir.resolve("store.yaml"), "storage: {type: s3}\n")))
        .hasMessageContaining("'directory' or 'postgres'");
  }

  @Test
  void shouldStartFromAConfigOnAFreePort() throws Exception {
    RegistryConfig config =
        RegistryConfig.load(
            Files.writeString(
                dir.resolve("run.yaml"),
                "port: 0\nstorage: {type: directory, directory: \""
                    + dir.resolve("data")
                    + "\"}\n"));
    try (RegistryServer server = RegistryServer.start(config)) {
      assertThat(server.port()).isPositive();
      var response =
          ServerFixture.HTTP.send(
              java.net.http.HttpRequest.newBuilder(server.uri().resolve("/health")).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).contains("UP");
    }
    assertThat(dir.resolve("data/keys")).isDirectory();
  }
}
