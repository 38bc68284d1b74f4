package io.fhestreams.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Builds the images and starts docker/compose.yaml (broker, PostgreSQL, registry, three app
 * instances); skipped where there is no Docker engine (as here). Checks the registry answers and
 * every app instance serves its metrics, i.e. started with the registry backend and joined the
 * group.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeContainersIT {

  @Container
  static final ComposeContainer COMPOSE =
      new ComposeContainer(new File("../docker/compose.yaml"))
          .withBuild(true)
          .withExposedService(
              "registry-1",
              8081,
              Wait.forHttp("/health").withStartupTimeout(Duration.ofMinutes(10)))
          .withExposedService(
              "app-1-1", 9404, Wait.forHttp("/metrics").withStartupTimeout(Duration.ofMinutes(10)))
          .withExposedService(
              "app-2-1", 9404, Wait.forHttp("/metrics").withStartupTimeout(Duration.ofMinutes(10)))
          .withExposedService(
              "app-3-1", 9404, Wait.forHttp("/metrics").withStartupTimeout(Duration.ofMinutes(10)));

  @Test
  void shouldStartTheRegistryAndThreeAppInstances() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String registry =
        "http://"
            + COMPOSE.getServiceHost("registry-1", 8081)
            + ":"
            + COMPOSE.getServicePort("registry-1", 8081);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(registry + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    for (String app : new String[] {"app-1-1", "app-2-1", "app-3-1"}) {
      String metrics =
          "http://"
              + COMPOSE.getServiceHost(app, 9404)
              + ":"
              + COMPOSE.getServicePort(app, 9404)
              + "/metrics";
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(metrics)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body())
          .contains("fhe_requests_processed_total");
    }
  }
}
