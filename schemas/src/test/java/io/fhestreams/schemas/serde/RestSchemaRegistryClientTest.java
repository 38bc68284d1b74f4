package io.fhestreams.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

  private ConfluentRegistryTestServer server;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void startServer() throws Exception {
    server = ConfluentRegistryTestServer.start();
    client =
        new RestSchemaRegistryClient(
            SchemaRegistryConfig.fromMap(
                Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, server.url())));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void shouldRegisterAndFetchSchemaById() {
    Schema schema = EncryptedInferenceRequest.getClassSchema();
    int id = client.register("fhe.requests-value", schema);
    assertThat(client.register("fhe.requests-value", schema)).isEqualTo(id);
    assertThat(client.schemaById(id)).isEqualTo(schema);
    assertThat(server.requests)
        .contains("POST /subjects/fhe.requests-value/versions", "GET /schemas/ids/" + id);
  }

  @Test
  void shouldGiveDifferentSchemasDifferentIds() {
    int a = client.register("fhe.requests-value", EncryptedInferenceRequest.getClassSchema());
    int b = client.register("fhe.requests.dlq-value", DeadLetter.getClassSchema());
    assertThat(a).isNotEqualTo(b);
    assertThat(client.schemaById(b)).isEqualTo(DeadLetter.getClassSchema());
  }

  @Test
  void shouldLookUpIdWithoutRegistering() {
    Schema schema = DeadLetter.getClassSchema();
    int id = client.register("t-value", schema);
    assertThat(client.lookupId("t-value", schema)).isEqualTo(id);
    assertThatThrownBy(() -> client.lookupId("other-value", schema))
        .isInstanceOf(SchemaRegistryException.class)
        .satisfies(
            e ->
                assertThat(((SchemaRegistryException) e).errorCode())
                    .isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
  }

  @Test
  void shouldReturnLatestVersion() {
    Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
    Schema v2 =
        SchemaBuilder.record("R").fields().requiredString("a").optionalString("b").endRecord();
    client.register("s-value", v1);
    int id2 = client.register("s-value", v2);
    SchemaVersion latest = client.latestVersion("s-value");
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.id()).isEqualTo(id2);
    assertThat(latest.schema()).isEqualTo(v2);
    assertThat(latest.subject()).isEqualTo("s-value");
  }

  @Test
  void shouldAnswerCompatibility() {
    Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
    Schema addsOptional =
        SchemaBuilder.record("R").fields().requiredString("a").optionalString("b").endRecord();
    Schema addsRequired =
        SchemaBuilder.record("R").fields().requiredString("a").requiredLong("c").endRecord();
    client.register("s-value", v1);
    assertThat(client.isCompatible("s-value", addsOptional)).isTrue();
    assertThat(client.isCompatible("s-value", addsRequired)).isFalse();
    assertThat(server.requests).contains("POST /compatibility/subjects/s-value/versions/latest");
  }

  @Test
  void registerIncompatibleSchema_fails() {
    client.register("s-value", SchemaBuilder.record("R").fields().requiredString("a").endRecord());
    Schema incompatible = SchemaBuilder.record("R").fields().requiredLong("a").endRecord();
    assertThatThrownBy(() -> client.register("s-value", incompatible))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("incompatible")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
  }

  @Test
  void unknownSchemaId_failsWith40403() {
    assertThatThrownBy(() -> client.schemaById(4242))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("4242")
        .satisfies(
            e -> {
              SchemaRegistryException sre = (SchemaRegistryException) e;
              assertThat(sre.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
              assertThat(sre.isUnavailable()).isFalse();
            });
  }

  @Test
  void unknownSubject_failsWith40401() {
    assertThatThrownBy(() -> client.latestVersion("nope-value"))
        .isInstanceOf(SchemaRegistryException.class)
        .satisfies(
            e ->
                assertThat(((SchemaRegistryException) e).errorCode())
                    .isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
  }

  @Test
  void shouldSendBasicAuthFromUserInfo() throws Exception {
    String header =
        "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    try (ConfluentRegistryTestServer secured =
        ConfluentRegistryTestServer.startWithAuthorization(header)) {
      RestSchemaRegistryClient authed =
          new RestSchemaRegistryClient(
              SchemaRegistryConfig.fromMap(
                  Map.of(
                      SchemaRegistryConfig.SCHEMA_REGISTRY_URL, secured.url(),
                      SchemaRegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                      SchemaRegistryConfig.BASIC_AUTH_USER_INFO, "alice:s3cret")));
      assertThat(authed.register("s-value", DeadLetter.getClassSchema())).isPositive();

      RestSchemaRegistryClient anonymous =
          new RestSchemaRegistryClient(
              SchemaRegistryConfig.fromMap(
                  Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, secured.url())));
      assertThatThrownBy(() -> anonymous.schemaById(1))
          .isInstanceOf(SchemaRegistryException.class)
          .satisfies(
              e -> {
                SchemaRegistryException sre = (SchemaRegistryException) e;
                assertThat(sre.httpStatus()).isEqualTo(401);
                // a refused credential is fixed by an operator: retried, never a fact about data
                assertThat(sre.isUnavailable()).isTrue();
              });
    }
  }

  @Test
  void authThrottlingAndServerErrors_areTransient_notFoundAndConflicts_areNot() {
    for (int status : new int[] {401, 403, 408, 429, 500, 502, 503}) {
      assertThat(new SchemaRegistryException(status, status, "x").isUnavailable())
          .as("HTTP %d", status)
          .isTrue();
    }
    for (int status : new int[] {400, 404, 409, 422}) {
      assertThat(new SchemaRegistryException(status, status, "x").isUnavailable())
          .as("HTTP %d", status)
          .isFalse();
    }
  }

  @Test
  void shouldSendBasicAuthFromUrl() throws Exception {
    String header =
        "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
    try (ConfluentRegistryTestServer secured =
        ConfluentRegistryTestServer.startWithAuthorization(header)) {
      String url = secured.url().replace("http://", "http://bob:pw@");
      RestSchemaRegistryClient authed =
          new RestSchemaRegistryClient(
              SchemaRegistryConfig.fromMap(Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url)));
      assertThat(authed.register("s-value", DeadLetter.getClassSchema())).isPositive();
    }
  }

  @Test
  void shouldSendABearerToken() throws Exception {
    try (ConfluentRegistryTestServer secured =
        ConfluentRegistryTestServer.startWithAuthorization("Bearer tok-123")) {
      RestSchemaRegistryClient authed =
          new RestSchemaRegistryClient(
              SchemaRegistryConfig.fromMap(
                  Map.of(
                      SchemaRegistryConfig.SCHEMA_REGISTRY_URL, secured.url(),
                      SchemaRegistryConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN",
                      SchemaRegistryConfig.BEARER_AUTH_TOKEN, "tok-123")));
      assertThat(authed.register("s-value", DeadLetter.getClassSchema())).isPositive();
    }
    assertThatThrownBy(
            () ->
                SchemaRegistryConfig.fromMap(
                    Map.of(
                        SchemaRegistryConfig.SCHEMA_REGISTRY_URL,
                        "http://u:p@h:1",
                        SchemaRegistryConfig.BEARER_AUTH_TOKEN,
                        "t")))
        .hasMessageContaining("cannot both be set");
    assertThat(
            SchemaRegistryConfig.fromMap(
                    Map.of(
                        SchemaRegistryConfig.SCHEMA_REGISTRY_URL,
                        "http://h:1",
                        SchemaRegistryConfig.BEARER_AUTH_TOKEN,
                        "secret-t"))
                .toString())
        .doesNotContain("secret-t")
        .contains("bearerAuth=***");
  }

  @Test
  void unreachableRegistry_failsAsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    RestSchemaRegistryClient dead =
        new RestSchemaRegistryClient(
            SchemaRegistryConfig.fromMap(
                Map.of(
                    SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort)));
    assertThatThrownBy(() -> dead.schemaById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("unreachable")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isUnavailable()).isTrue());
  }

  @Test
  void shouldFailOverToNextUrl() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    RestSchemaRegistryClient twoUrls =
        new RestSchemaRegistryClient(
            SchemaRegistryConfig.fromMap(
                Map.of(
                    SchemaRegistryConfig.SCHEMA_REGISTRY_URL,
                    "http://127.0.0.1:" + closedPort + "," + server.url())));
    int id = twoUrls.register("s-value", DeadLetter.getClassSchema());
    assertThat(twoUrls.schemaById(id)).isEqualTo(DeadLetter.getClassSchema());
  }
}
