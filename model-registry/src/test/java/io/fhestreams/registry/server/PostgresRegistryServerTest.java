package io.fhestreams.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.registry.store.PostgresRegistryStore;
import io.fhestreams.registry.store.PostgresSettings;
import io.fhestreams.registry.store.PostgresTestDatabase;
import io.fhestreams.registry.validation.ArtifactLoadingValidator;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on the PostgreSQL store: downloads hold a pooled connection while they stream, so
 * every one must give it back (a pool of 2 would be exhausted after two leaked downloads).
 */
class PostgresRegistryServerTest {
  @TempDir Path scratch;

  @Test
  void shouldReturnTheConnectionOfEveryStreamedDownload() throws Exception {
    PostgresTestDatabase database = PostgresTestDatabase.fromEnvironment();
    PostgresSettings settings = database.newSchema(2);
    RegistryConfig config = RegistryConfig.inDirectory(scratch, ServerFixture.tokenEntries());
    try (RegistryServer server =
        RegistryServer.start(
            config, new PostgresRegistryStore(settings), new ArtifactLoadingValidator())) {
      ServerFixture http = new ServerFixture(server.uri(), scratch);
      byte[] keys = ServerFixture.keys(1);
      String id =
          RegistryServerTest.body(http.uploadKeys("alice", TestBlobs.LEVELED_PS, keys))
              .get("id")
              .asText();
      http.json("POST", "/models", "pub", "{\"name\":\"m\"}");
      byte[] serverHalf = TestArtifacts.server();
      assertThat(http.publish("m", "pub", TestArtifacts.client(), serverHalf).statusCode())
          .isEqualTo(201);
      for (int i = 0; i < 10; i++) {
        assertThat(http.getBytes("/keys/" + id, "app").body()).isEqualTo(keys);
        assertThat(http.getBytes("/models/m/versions/1/server", "app").body())
            .isEqualTo(serverHalf);
      }
      // A download abandoned after its headers must give its connection back too.
      for (int i = 0; i < 4; i++) {
        var request =
            java.net.http.HttpRequest.newBuilder(server.uri().resolve("/keys/" + id))
                .header("Authorization", "Bearer " + ServerFixture.TOKENS.get("app"))
                .method("GET", BodyPublishers.noBody())
                .build();
        ServerFixture.HTTP
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream())
            .body()
            .close();
      }
      assertThat(
              http.send("DELETE", "/keys/" + id, "alice", BodyPublishers.noBody(), null)
                  .statusCode())
          .isEqualTo(204);
      assertThat(http.get("/health", null).statusCode()).isEqualTo(200);
    } finally {
      database.drop(settings);
    }
  }
}
