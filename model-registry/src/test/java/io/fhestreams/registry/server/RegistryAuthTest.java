package io.fhestreams.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.client.MultipartBody;
import io.fhestreams.registry.store.DirectoryRegistryStore;
import io.fhestreams.registry.validation.ArtifactLoadingValidator;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint × every caller: no token and an unknown token get 401 (with a Bearer challenge), a
 * token without an allowed role gets 403, an allowed one gets neither; public endpoints never ask.
 * Key-owner routes are also checked for ownership.
 */
class RegistryAuthTest {
  /** The callers: principal name (or a raw unknown token, or none) and its roles. */
  static final Map<String, Set<Role>> CALLERS = new LinkedHashMap<>();

  static {
    CALLERS.put("pub", Set.of(Role.PUBLISHER));
    CALLERS.put("alice", Set.of(Role.KEY_OWNER));
    CALLERS.put("app", Set.of(Role.READER));
    CALLERS.put("root", Set.of(Role.ADMIN));
    CALLERS.put("not-a-configured-token", Set.of());
    CALLERS.put(null, Set.of());
  }

  @TempDir Path data;
  @TempDir Path scratch;
  RegistryServer server;
  ServerFixture http;
  String aliceKey;
  int counter;

  @BeforeEach
  void start() throws Exception {
    RegistryConfig config = RegistryConfig.inDirectory(data, ServerFixture.tokenEntries());
    server =
        RegistryServer.start(
            config, new DirectoryRegistryStore(data), new ArtifactLoadingValidator());
    http = new ServerFixture(server.uri(), scratch);
    http.json("POST", "/models", "pub", "{\"name\":\"m\"}");
    assertThat(
            http.publish("m", "pub", TestArtifacts.client(), TestArtifacts.server()).statusCode())
        .isEqualTo(201);
    aliceKey =
        RegistryServerTest.body(
                http.uploadKeys("alice", TestBlobs.LEVELED_PS, ServerFixture.keys(1)))
            .get("id")
            .asText();
    http.json("POST", "/subjects/s/versions", "pub", RegistryServerTest.schemaBody("\"string\""));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String concrete(String path) {
    return path.replace("{name}", "m")
            .replace("{version}", "1")
            .replace("{id}", path.startsWith("/keys") ? aliceKey : "1")
            .replace("{subject}", "s")
        + (path.equals("/keys") ? "?parameterSet=" + TestBlobs.PS : "");
  }

  private HttpResponse<String> call(ApiRoute route, String caller) throws Exception {
    String path = concrete(route.path());
    BodyPublisher body = BodyPublishers.noBody();
    String type = null;
    switch (route.method() + " " + route.path()) {
      case "POST /models" -> {
        body = BodyPublishers.ofString("{\"name\":\"n" + (counter++) + "\"}");
        type = "application/json";
      }
      case "POST /models/{name}/versions" -> {
        Map<String, Path> parts = new LinkedHashMap<>();
        parts.put(
            "client",
            Files.write(Files.createTempFile(scratch, "c", ".bin"), TestArtifacts.client()));
        parts.put(
            "server",
            Files.write(Files.createTempFile(scratch, "s", ".bin"), TestArtifacts.server()));
        MultipartBody multipart = MultipartBody.ofFiles(parts);
        body = multipart.publisher();
        type = multipart.contentType();
      }
      case "POST /keys" -> {
        body = BodyPublishers.ofByteArray(ServerFixture.keys(100 + counter++));
        type = "application/octet-stream";
      }
      case "PUT /models/{name}/owner" -> {
        body = BodyPublishers.ofString("{\"owner\":\"pub\"}");
        type = "application/json";
      }
      case "PUT /models/{name}/versions/{version}/stage" -> {
        body = BodyPublishers.ofString("{\"stage\":\"archived\"}");
        type = "application/json";
      }
      case "POST /subjects/{subject}/versions",
          "POST /compatibility/subjects/{subject}/versions/latest" -> {
        body = BodyPublishers.ofString(RegistryServerTest.schemaBody("\"string\""));
        type = "application/json";
      }
      default -> {}
    }
    return http.send(route.method(), path, caller, body, type);
  }

  @TestFactory
  Stream<DynamicTest> everyEndpointAnswersEveryRoleAsDeclared() {
    List<DynamicTest> tests = new ArrayList<>();
    // The deleting routes go last so that the others still find what they read.
    List<ApiRoute> routes = new ArrayList<>(server.routes());
    routes.sort(
        (a, b) -> Boolean.compare(a.method().equals("DELETE"), b.method().equals("DELETE")));
    for (ApiRoute route : routes) {
      tests.add(
          DynamicTest.dynamicTest(
              route.method() + " " + route.path(),
              () -> {
                SoftAssertions soft = new SoftAssertions();
                for (Map.Entry<String, Set<Role>> caller : CALLERS.entrySet()) {
                  HttpResponse<String> response = call(route, caller.getKey());
                  String what =
                      route.method()
                          + " "
                          + route.path()
                          + " as "
                          + caller.getKey()
                          + " -> "
                          + response.statusCode()
                          + " "
                          + response.body();
                  if (route.isPublic()) {
                    soft.assertThat(response.statusCode())
                        .as(what)
                        .isNotIn(401, 403)
                        .isLessThan(500);
                  } else if (caller.getValue().isEmpty()) {
                    soft.assertThat(response.statusCode()).as(what).isEqualTo(401);
                    soft.assertThat(response.headers().firstValue("WWW-Authenticate"))
                        .as(what)
                        .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
                  } else if (caller.getValue().stream().noneMatch(route.roles()::contains)) {
                    soft.assertThat(response.statusCode()).as(what).isEqualTo(403);
                  } else {
                    soft.assertThat(response.statusCode())
                        .as(what)
                        .isNotIn(401, 403)
                        .isLessThan(500);
                  }
                }
                soft.assertAll();
              }));
    }
    return tests.stream();
  }

  @Test
  void keyOwnerMayOnlyUseItsOwnKeys() throws Exception {
    List<ApiRoute> ownerScoped =
        server.routes().stream().filter(ApiRoute::ownerOnlyForKeyOwner).toList();
    assertThat(ownerScoped)
        .extracting(r -> r.method() + " " + r.path())
        .containsExactlyInAnyOrder("HEAD /keys/{id}", "GET /keys/{id}", "DELETE /keys/{id}");
    for (ApiRoute route : ownerScoped) {
      assertThat(
              http.send(
                      route.method(), concrete(route.path()), "bob", BodyPublishers.noBody(), null)
                  .statusCode())
          .as(route.method())
          .isEqualTo(403);
    }
    assertThat(
            http.send("GET", "/keys/" + aliceKey, "app", BodyPublishers.noBody(), null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            http.send("DELETE", "/keys/" + aliceKey, "app", BodyPublishers.noBody(), null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            http.send("DELETE", "/keys/" + aliceKey, "root", BodyPublishers.noBody(), null)
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void shouldTellAMalformedAuthorizationHeaderFromAMissingOne() throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(server.uri().resolve("/models"))
            .header("Authorization", "Basic dXNlcjpwYXNz")
            .build();
    HttpResponse<String> basic =
        ServerFixture.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(basic.body()).contains("must be 'Bearer TOKEN'");
    assertThat(http.get("/models", null).body()).contains("missing bearer token");
  }
}
