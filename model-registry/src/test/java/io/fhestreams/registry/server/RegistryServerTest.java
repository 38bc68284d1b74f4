package io.fhestreams.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.registry.store.DirectoryRegistryStore;
import io.fhestreams.registry.validation.ArtifactLoadingValidator;
import io.fhestreams.schemas.RecordSchemas;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry over real HTTP on loopback, on a directory store, with engine blob validation. */
class RegistryServerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long LIMIT = 256 * 1024;

  @TempDir Path data;
  @TempDir Path scratch;
  RegistryServer server;
  ServerFixture http;

  @BeforeEach
  void start() {
    server = startOn(data);
    http = new ServerFixture(server.uri(), scratch);
  }

  @TempDir Path uploads;

  RegistryServer startOn(Path dir) {
    RegistryConfig config =
        RegistryConfig.inDirectory(dir, ServerFixture.tokenEntries())
            .withMaxUploadBytes(LIMIT)
            .withUploadDirectory(uploads);
    return RegistryServer.start(
        config, new DirectoryRegistryStore(dir), new ArtifactLoadingValidator());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    try (Stream<Path> left = Files.list(uploads)) {
      assertThat(left)
          .as("staged uploads and multipart parts are removed after each request")
          .isEmpty();
    }
  }

  static JsonNode body(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void shouldPublishDownloadStageAndDeleteAModelVersion() throws Exception {
    assertThat(
            http.json("POST", "/models", "pub", "{\"name\":\"credit\",\"description\":\"logreg\"}")
                .statusCode())
        .isEqualTo(201);
    byte[] client = TestArtifacts.client();
    byte[] serverHalf = TestArtifacts.server();
    HttpResponse<String> published = http.publish("credit", "pub", client, serverHalf);
    assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
    JsonNode v1 = body(published);
    assertThat(v1.get("version").asInt()).isEqualTo(1);
    assertThat(v1.get("stage").asText()).isEqualTo("staging");
    assertThat(v1.get("parameterSet").asText())
        .isEqualTo(TestArtifacts.model().client().parameterSetId());
    assertThat(v1.get("client").get("sha256").asText()).isEqualTo(sha256(client));

    assertThat(http.getBytes("/models/credit/versions/1/client", "app").body()).isEqualTo(client);
    HttpResponse<byte[]> down = http.getBytes("/models/credit/versions/1/server", "app");
    assertThat(down.body()).isEqualTo(serverHalf);
    assertThat(down.headers().firstValue("ETag")).contains("\"" + sha256(serverHalf) + "\"");

    HttpResponse<String> staged =
        http.json("PUT", "/models/credit/versions/1/stage", "pub", "{\"stage\":\"production\"}");
    assertThat(body(staged).get("stage").asText()).isEqualTo("production");
    assertThat(
            http.json("PUT", "/models/credit/versions/1/stage", "pub", "{\"stage\":\"live\"}")
                .body())
        .contains("stage must be one of [staging, production, archived], found 'live'");
    assertThat(body(http.get("/models", "app")).get(0).get("name").asText()).isEqualTo("credit");
    assertThat(body(http.get("/models/credit/versions", "app"))).hasSize(1);

    assertThat(
            http.send("DELETE", "/models/credit/versions/1", "pub", BodyPublishers.noBody(), null)
                .statusCode())
        .isEqualTo(204);
    assertThat(http.get("/models/credit/versions/1", "app").statusCode()).isEqualTo(404);
    assertThat(
            http.send("DELETE", "/models/credit/versions/1", "pub", BodyPublishers.noBody(), null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void publish_refusesCorruptOrMisplacedArtifactsNamingTheProblem() throws Exception {
    http.json("POST", "/models", "pub", "{\"name\":\"m\"}");
    byte[] corrupt = TestArtifacts.server();
    corrupt[corrupt.length / 2] ^= 0x40;
    HttpResponse<String> badChecksum = http.publish("m", "pub", TestArtifacts.client(), corrupt);
    assertThat(badChecksum.statusCode()).isEqualTo(422);
    assertThat(badChecksum.body()).contains("SERVER_ARTIFACT").contains("CHECKSUM");

    HttpResponse<String> swapped =
        http.publish("m", "pub", TestArtifacts.server(), TestArtifacts.client());
    assertThat(swapped.statusCode()).isEqualTo(422);
    assertThat(swapped.body())
        .contains("KIND")
        .contains("expected kind CLIENT_ARTIFACT, found SERVER_ARTIFACT");

    // Well framed (right kind, lengths and checksum) but not a server artifact inside: only loading
    // sees it.
    byte[] garbage =
        TestBlobs.blob(
            BlobKind.SERVER_ARTIFACT, TestArtifacts.model().client().parameterSetId(), 100, 4);
    HttpResponse<String> unloadable = http.publish("m", "pub", TestArtifacts.client(), garbage);
    assertThat(unloadable.statusCode()).isEqualTo(422);
    assertThat(unloadable.body()).contains("well framed but does not load");

    HttpResponse<String> notABlob =
        http.publish("m", "pub", "hello".getBytes(), TestArtifacts.server());
    assertThat(notABlob.statusCode()).isEqualTo(422);
    assertThat(body(http.get("/models/m/versions", "pub"))).isEmpty();
  }

  @Test
  void shouldUploadHeadDownloadAndDeleteEvaluationKeys() throws Exception {
    byte[] keys = ServerFixture.keys(7);
    HttpResponse<String> up = http.uploadKeys("alice", TestBlobs.LEVELED_PS, keys);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    String id = body(up).get("id").asText();
    assertThat(id).isEqualTo(sha256(keys));
    assertThat(body(up).get("owner").asText()).isEqualTo("alice");

    HttpResponse<String> head =
        http.send("HEAD", "/keys/" + id, "app", BodyPublishers.noBody(), null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("X-Parameter-Set")).contains(TestBlobs.LEVELED_PS);
    assertThat(head.headers().firstValue("X-Owner")).contains("alice");
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(keys.length);
    assertThat(http.getBytes("/keys/" + id, "app").body()).isEqualTo(keys);
    assertThat(http.getBytes("/keys/" + id, "alice").body()).isEqualTo(keys);

    assertThat(
            http.send("DELETE", "/keys/" + id, "bob", BodyPublishers.noBody(), null).statusCode())
        .isEqualTo(403);
    assertThat(
            http.send("DELETE", "/keys/" + id, "alice", BodyPublishers.noBody(), null).statusCode())
        .isEqualTo(204);
    assertThat(http.send("HEAD", "/keys/" + id, "app", BodyPublishers.noBody(), null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void keyUpload_refusesKeystoresMismatchedSetsAndCorruptBlobs() throws Exception {
    byte[] keystore = TestBlobs.blob(BlobKind.CLIENT_KEYSTORE, TestBlobs.PS, 500, 1);
    HttpResponse<String> secret = http.uploadKeys("alice", TestBlobs.PS, keystore);
    assertThat(secret.statusCode()).isEqualTo(422);
    assertThat(secret.body()).contains("CLIENT_KEYSTORE").contains("secret keys");

    HttpResponse<String> mismatch =
        http.uploadKeys(
            "alice", "V1_1_PARAM_MESSAGE_3_CARRY_3_KS_PBS_TUNIFORM_2M64", ServerFixture.keys(1));
    assertThat(mismatch.statusCode()).isEqualTo(422);
    assertThat(mismatch.body())
        .contains("claims 'V1_1_PARAM_MESSAGE_3_CARRY_3_KS_PBS_TUNIFORM_2M64'")
        .contains("names '" + TestBlobs.LEVELED_PS + "'");

    byte[] truncated = Arrays.copyOf(ServerFixture.keys(2), ServerFixture.keys(2).length - 10);
    HttpResponse<String> cut = http.uploadKeys("alice", TestBlobs.LEVELED_PS, truncated);
    assertThat(cut.statusCode()).isEqualTo(422);
    assertThat(cut.body()).contains("TRUNCATED");

    byte[] extra = Arrays.copyOf(ServerFixture.keys(3), ServerFixture.keys(3).length + 1);
    assertThat(http.uploadKeys("alice", TestBlobs.LEVELED_PS, extra).body())
        .contains("extra bytes");

    assertThat(http.uploadKeys("alice", "bad/set", ServerFixture.keys(1)).statusCode())
        .isEqualTo(400);
    try (Stream<Path> stored = Files.list(data.resolve("keys"))) {
      assertThat(stored).isEmpty();
    }
  }

  @Test
  void shouldRefuseOversizeBodiesWith413WhetherOrNotTheLengthIsDeclared() throws Exception {
    // keys that pass every check the registry makes while streaming: only the limit stops them
    byte[] big = TestBlobs.keys(ParameterSets.byId(TestBlobs.PS), true, 5, -1);
    // a declared length over the limit is refused on the headers, before any body byte is read,
    // and at once: the server does not wait for the body (through an HTTP client sending the
    // whole 30 MB, the server's close raced the writer and the 413 was once lost to a broken pipe)
    String declared =
        http.sendHeadersOnly("POST", "/keys?parameterSet=" + TestBlobs.PS, "alice", big.length);
    assertThat(declared).startsWith("HTTP/1.1 413").contains("limit of " + LIMIT + " bytes");
    // a client that waits for "100 Continue" gets the 413 instead, and need send nothing
    String expecting =
        http.sendHeadersOnly(
            "POST",
            "/keys?parameterSet=" + TestBlobs.PS,
            "alice",
            big.length,
            "Expect: 100-continue");
    assertThat(expecting).startsWith("HTTP/1.1 413").contains("limit of " + LIMIT + " bytes");

    // ofInputStream sends chunked, without Content-Length: only counting can catch it. Just over
    // the limit, so that the client has written its body when the server refuses and closes (with
    // the whole 30 MB the client was still writing, and a broken pipe once lost the 413)
    byte[] overLimit = Arrays.copyOf(big, (int) LIMIT + 1000);
    HttpResponse<String> chunked =
        http.send(
            "POST",
            "/keys?parameterSet=" + TestBlobs.PS,
            "alice",
            BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(overLimit)),
            "application/octet-stream");
    assertThat(chunked.statusCode()).isEqualTo(413);

    http.json("POST", "/models", "pub", "{\"name\":\"m\"}");
    byte[] bigArtifact =
        TestBlobs.blob(BlobKind.SERVER_ARTIFACT, TestBlobs.PS, (int) LIMIT + 1000, 6);
    HttpResponse<String> multipart = http.publish("m", "pub", TestArtifacts.client(), bigArtifact);
    assertThat(multipart.statusCode()).as(multipart.body()).isEqualTo(413);

    try (Stream<Path> stored = Files.list(data.resolve("keys"))) {
      assertThat(stored).isEmpty();
    }
    assertThat(body(http.get("/models/m/versions", "pub"))).isEmpty();
  }

  @Test
  void shouldRefusePathTraversalInNamesAndIds() throws Exception {
    for (String path :
        List.of(
            "/keys/..%2F..%2Fetc%2Fpasswd",
            "/keys/" + "A".repeat(64),
            "/models/..%2Fkeys",
            "/models/a..b",
            "/models/.hidden",
            "/models/%2e%2e/versions")) {
      int status = http.get(path, "root").statusCode();
      assertThat(status).as(path).isIn(400, 404);
    }
    assertThat(http.get("/keys/" + "a".repeat(63) + "/", "root").statusCode()).isIn(400, 404);
    HttpResponse<String> create =
        http.json("POST", "/models", "pub", "{\"name\":\"../../escape\"}");
    assertThat(create.statusCode()).isEqualTo(400);
    assertThat(create.body()).contains("model name must match");
    assertThat(data.getParent().resolve("escape")).doesNotExist();
    assertThat(http.get("/subjects/a%2Fb/versions/latest", "root").statusCode()).isIn(400, 404);
  }

  @Test
  void shouldStoreOneCopyWhenTheSameKeysAreUploadedInParallel() throws Exception {
    byte[] keys = ServerFixture.keys(9);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<HttpResponse<String>>> uploads = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        uploads.add(pool.submit(() -> http.uploadKeys("alice", TestBlobs.LEVELED_PS, keys)));
      }
      for (Future<HttpResponse<String>> upload : uploads) {
        assertThat(upload.get().statusCode()).isEqualTo(201);
        assertThat(body(upload.get()).get("id").asText()).isEqualTo(sha256(keys));
      }
    } finally {
      pool.shutdown();
    }
    try (Stream<Path> stored = Files.list(data.resolve("keys"))) {
      assertThat(stored.filter(p -> p.toString().endsWith(".bin"))).hasSize(1);
    }
    assertThat(http.uploadKeys("bob", TestBlobs.LEVELED_PS, keys).statusCode()).isEqualTo(409);
  }

  @Test
  void shouldServeEverythingAgainAfterARestart() throws Exception {
    byte[] keys = ServerFixture.keys(11);
    String id = body(http.uploadKeys("alice", TestBlobs.LEVELED_PS, keys)).get("id").asText();
    http.json("POST", "/models", "pub", "{\"name\":\"m\"}");
    byte[] serverHalf = TestArtifacts.server();
    http.publish("m", "pub", TestArtifacts.client(), serverHalf);
    http.json("POST", "/subjects/t-value/versions", "pub", "{\"schema\":\"\\\"string\\\"\"}");
    server.close();

    server = startOn(data);
    http = new ServerFixture(server.uri(), scratch);
    assertThat(http.getBytes("/keys/" + id, "app").body()).isEqualTo(keys);
    assertThat(http.getBytes("/models/m/versions/1/server", "app").body()).isEqualTo(serverHalf);
    assertThat(body(http.get("/subjects/t-value/versions/latest", "app")).get("schema").asText())
        .isEqualTo("\"string\"");
  }

  @Test
  void holdsTheRecordSchemasFromItsStartSoThatSendersAndTheAppOnlyLookThemUp() throws Exception {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Map.Entry<String, org.apache.avro.Schema> record : RecordSchemas.bySubject().entrySet()) {
      String subject = record.getKey();
      String schema = schemaBody(record.getValue().toString());
      JsonNode found = body(http.json("POST", "/subjects/" + subject, "app", schema));
      assertThat(found.get("version").asInt()).as(subject).isEqualTo(1);
      ids.put(subject, found.get("id").asInt());
      // a key owner's or the app's serializer that auto-registers gets the same id, no 403
      for (String principal : List.of("alice", "app")) {
        HttpResponse<String> registered =
            http.json("POST", "/subjects/" + subject + "/versions", principal, schema);
        assertThat(registered.statusCode()).as(principal + " " + subject).isEqualTo(200);
        assertThat(body(registered).get("id").asInt()).isEqualTo(ids.get(subject));
      }
    }
    assertThat(new java.util.HashSet<>(ids.values())).hasSize(3);

    String newVersion =
        schemaBody(
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    HttpResponse<String> refused =
        http.json("POST", "/subjects/fhe.requests-value/versions", "alice", newVersion);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(body(refused).get("error_code").asInt()).isEqualTo(40301);
    assertThat(body(refused).get("message").asText()).contains("alice", "publisher");
    HttpResponse<String> unknown =
        http.json("POST", "/subjects/fhe.requests-value", "app", newVersion);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(body(unknown).get("error_code").asInt()).isEqualTo(40403);
    assertThat(
            body(http.json("POST", "/subjects/no-such-value", "app", newVersion))
                .get("error_code")
                .asInt())
        .isEqualTo(40401);

    server.close();
    server = startOn(data);
    http = new ServerFixture(server.uri(), scratch);
    for (Map.Entry<String, Integer> known : ids.entrySet()) {
      JsonNode latest = body(http.get("/subjects/" + known.getKey() + "/versions/latest", "app"));
      assertThat(latest.get("id").asInt()).as("after a restart").isEqualTo(known.getValue());
      assertThat(latest.get("version").asInt()).isEqualTo(1);
    }
  }

  @Test
  void anUpgradeRegistersTheRequestSchemaWithAStageAsTheCompatibleNextVersion() throws Exception {
    server.close();
    Path upgraded = scratch.resolve("registry-before-stages");
    String requests = RecordSchemas.valueSubject(io.fhestreams.schemas.Topics.REQUESTS);
    org.apache.avro.Schema first =
        new org.apache.avro.Schema.Parser()
            .parse(
                Path.of("../schemas/src/test/resources/avro/v1/EncryptedInferenceRequest.avsc")
                    .toFile());
    try (DirectoryRegistryStore before = new DirectoryRegistryStore(upgraded)) {
      before.registerSchema(
          io.fhestreams.registry.api.Subject.of(requests),
          io.fhestreams.registry.schema.AvroSchemas.canonical(first));
    }

    server = startOn(upgraded);
    http = new ServerFixture(server.uri(), scratch);
    JsonNode latest = body(http.get("/subjects/" + requests + "/versions/latest", "app"));
    assertThat(latest.get("version").asInt()).isEqualTo(2);
    assertThat(latest.get("schema").asText()).contains("modelStage");
    // an old producer's schema is still looked up (its records keep their id)
    JsonNode old =
        body(http.json("POST", "/subjects/" + requests, "alice", schemaBody(first.toString())));
    assertThat(old.get("version").asInt()).isEqualTo(1);
  }

  @Test
  void shouldAnswerTheConfluentSchemaRegistrySubset() throws Exception {
    String v1 =
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    String v2 =
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}]}";
    String breaking =
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"c\",\"type\":\"long\"}]}";
    HttpResponse<String> reg =
        http.json("POST", "/subjects/custom-value/versions", "pub", schemaBody(v1));
    assertThat(reg.statusCode()).isEqualTo(200);
    assertThat(reg.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(Routes.CONFLUENT_JSON));
    int id1 = body(reg).get("id").asInt();
    assertThat(
            body(http.json("POST", "/subjects/custom-value/versions", "pub", schemaBody(v1)))
                .get("id")
                .asInt())
        .isEqualTo(id1);

    JsonNode compatible =
        body(
            http.json(
                "POST",
                "/compatibility/subjects/custom-value/versions/latest",
                "app",
                schemaBody(v2)));
    assertThat(compatible.get("is_compatible").asBoolean()).isTrue();
    JsonNode incompatible =
        body(
            http.json(
                "POST",
                "/compatibility/subjects/custom-value/versions/latest",
                "app",
                schemaBody(breaking)));
    assertThat(incompatible.get("is_compatible").asBoolean()).isFalse();

    HttpResponse<String> refused =
        http.json("POST", "/subjects/custom-value/versions", "pub", schemaBody(breaking));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(body(refused).get("error_code").asInt()).isEqualTo(409);

    int id2 =
        body(http.json("POST", "/subjects/custom-value/versions", "pub", schemaBody(v2)))
            .get("id")
            .asInt();
    assertThat(id2).isNotEqualTo(id1);
    JsonNode latest = body(http.get("/subjects/custom-value/versions/latest", "app"));
    assertThat(latest.get("version").asInt()).isEqualTo(2);
    assertThat(latest.get("id").asInt()).isEqualTo(id2);
    assertThat(latest.get("subject").asText()).isEqualTo("custom-value");
    assertThat(
            org.apache.avro.Schema.parse(
                body(http.get("/schemas/ids/" + id1, "app")).get("schema").asText()))
        .isEqualTo(new org.apache.avro.Schema.Parser().parse(v1));

    assertThat(body(http.get("/subjects/nope/versions/latest", "app")).get("error_code").asInt())
        .isEqualTo(40401);
    assertThat(body(http.get("/schemas/ids/999", "app")).get("error_code").asInt())
        .isEqualTo(40403);
    HttpResponse<String> invalid =
        http.json("POST", "/subjects/x/versions", "pub", schemaBody("{\"type\":\"nope\"}"));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(body(invalid).get("error_code").asInt()).isEqualTo(42201);
    assertThat(
            body(http.json(
                    "POST", "/compatibility/subjects/none/versions/latest", "app", schemaBody(v1)))
                .get("error_code")
                .asInt())
        .isEqualTo(40401);
  }

  static String schemaBody(String schema) throws Exception {
    return JSON.writeValueAsString(java.util.Map.of("schema", schema));
  }

  @Test
  void shouldServeHealthMetricsAndAnOpenApiDocumentCoveringEveryRoute() throws Exception {
    assertThat(body(http.get("/health", null)).get("status").asText()).isEqualTo("UP");
    http.uploadKeys("alice", TestBlobs.LEVELED_PS, ServerFixture.keys(1));
    HttpResponse<String> metrics = http.get("/metrics", "app");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "registry_http_requests_seconds_count{method=\"POST\",route=\"/keys\",status=\"201\"} 1")
        .contains("registry_upload_bytes_total{kind=\"evaluation_keys\"}");

    JsonNode doc = body(http.get("/openapi.json", null));
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    for (ApiRoute route : server.routes()) {
      JsonNode path = doc.get("paths").get(route.path());
      assertThat(path).as("OpenAPI path " + route.path()).isNotNull();
      assertThat(path.get(route.method().toLowerCase()))
          .as(route.method() + " " + route.path())
          .isNotNull();
    }
    int documented = 0;
    for (JsonNode path : doc.get("paths")) {
      documented += path.size();
    }
    assertThat(documented).isEqualTo(server.routes().size());
  }
}
