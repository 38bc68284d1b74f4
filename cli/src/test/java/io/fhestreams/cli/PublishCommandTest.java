package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.auth.TokenEntry;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.registry.server.RegistryConfig;
import io.fhestreams.registry.server.RegistryServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishCommandTest {

  @Test
  void shouldCreateTheModelThenPublishNumberedVersions(@TempDir Path tmp) {
    Path model = CliFixtures.compile(tmp, "iris", "logistic");
    try (RegistryServer server =
        RegistryServer.start(
            RegistryConfig.inDirectory(
                tmp.resolve("registry"),
                List.of(
                    new TokenEntry(
                        "pub", TokenAuthenticator.hashToken("pub-token"), List.of(Role.PUBLISHER)),
                    new TokenEntry(
                        "reader",
                        TokenAuthenticator.hashToken("read-token"),
                        List.of(Role.READER)))))) {
      String url = server.uri().toString();
      CliFixtures.Run first =
          fhe(
              "publish",
              "--model",
              model.toString(),
              "--registry",
              url,
              "--token",
              "pub-token",
              "--name",
              "iris");
      CliFixtures.Run second =
          fhe(
              "publish",
              "--model",
              model.toString(),
              "--registry",
              url,
              "--token",
              "pub-token",
              "--name",
              "iris");
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out()).startsWith("created model iris; published iris version 1");
      assertThat(second.out()).startsWith("published iris version 2");
      CliFixtures.Run staged =
          fhe(
              "publish",
              "--model",
              model.toString(),
              "--registry",
              url,
              "--token",
              "pub-token",
              "--name",
              "iris",
              "--stage",
              "staging");
      assertThat(staged.out()).as(staged.err()).contains("version 3").contains("stage staging");
      RegistryClient reader = RegistryClient.builder(server.uri()).token("read-token").build();
      // Publishing deploys: production unless --stage says otherwise.
      assertThat(reader.versions(ModelName.of("iris")))
          .extracting(v -> v.stage().wireName())
          .containsExactly("production", "production", "staging");

      CliFixtures.Run denied =
          fhe(
              "publish",
              "--model",
              model.toString(),
              "--registry",
              url,
              "--token",
              "read-token",
              "--name",
              "iris");
      assertThat(denied.exitCode()).isEqualTo(1);
      assertThat(denied.err().strip())
          .startsWith("fhe publish:")
          .contains("403")
          .doesNotContain("\n");
    }
  }
}
