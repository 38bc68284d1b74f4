package io.fhestreams.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.registry.client.MultipartBody;
import io.fhestreams.registry.store.DirectoryRegistryStore;
import io.fhestreams.registry.validation.ArtifactLoadingValidator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated hostile requests against a running registry, each answered with exactly
 * the 4xx it deserves, with good requests interleaved that must all succeed and leave the state
 * they should. Seeded: {@code -Dfhe.hostile.seed=N} replays a run; {@code
 * -Dfhe.hostile.http.cases=N} runs longer (default 3000 hostile cases).
 */
class RegistryHostileHttpTest {
  static final long LIMIT = 64 * 1024;

  /** What a hostile case attacks. */
  enum Category {
    BAD_JSON,
    BAD_NAMES,
    BAD_VERSIONS_AND_IDS,
    BAD_LENGTHS,
    WRONG_CONTENT_TYPE,
    OVERSIZED_BODY,
    GARBAGE_BLOBS,
    WRONG_TOKENS,
    WRONG_ROLES,
    OTHER_PUBLISHERS_MODELS
  }

  /** One request and the status it must get. */
  record Case(Category category, String what, int expected, Request request) {}

  @FunctionalInterface
  interface Request {
    /** Sends the request and answers the status code. */
    int send() throws Exception;
  }

  @TempDir Path data;
  @TempDir Path scratch;
  RegistryServer server;
  ServerFixture http;
  ServerFixture goodHttp;
  int staleConnections;
  String aliceKey;
  byte[] serverArtifact;
  Path clientFile;
  Path serverFile;
  int goodModels;
  int m2Versions;

  @BeforeEach
  void start() throws Exception {
    server =
        RegistryServer.start(
            RegistryConfig.inDirectory(data, ServerFixture.tokenEntries())
                .withMaxUploadBytes(LIMIT),
            new DirectoryRegistryStore(data),
            new ArtifactLoadingValidator());
    http = new ServerFixture(server.uri(), scratch);
    // Good requests come from another user: their own client and connections.
    goodHttp =
        new ServerFixture(
            server.uri(),
            scratch,
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    serverArtifact = TestArtifacts.server();
    clientFile = Files.write(scratch.resolve("client.fhe"), TestArtifacts.client());
    serverFile = Files.write(scratch.resolve("server.fhe"), serverArtifact);
    expect(201, http.json("POST", "/models", "pub", "{\"name\":\"m\"}"));
    expect(201, publish("m", "pub", clientFile, serverFile));
    expect(201, http.json("POST", "/models", "pub2", "{\"name\":\"m2\"}"));
    aliceKey =
        RegistryServerTest.body(
                expect(201, http.uploadKeys("alice", TestBlobs.LEVELED_PS, ServerFixture.keys(1))))
            .get("id")
            .asText();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldAnswerEveryHostileRequestWithItsExactStatusAndServeEveryGoodOne() throws Exception {
    long seed = Long.getLong("fhe.hostile.seed", System.nanoTime());
    int cases = Integer.getInteger("fhe.hostile.http.cases", 3000);
    SplittableRandom random = new SplittableRandom(seed);
    System.out.println("RegistryHostileHttpTest seed=" + seed + " cases=" + cases);
    Map<Category, Map<Integer, Integer>> outcomes = new EnumMap<>(Category.class);
    Map<Category, Long> nanos = new EnumMap<>(Category.class);
    List<String> wrong = new ArrayList<>();
    int good = 0;
    String previous = "";
    long goodNanos = 0;
    long runStarted = System.nanoTime();
    Category[] categories = Category.values();
    for (int i = 0; i < cases; i++) {
      Case c = hostile(categories[i % categories.length], random);
      int status;
      long started = System.nanoTime();
      try {
        status = sendOnLiveConnection(c.request());
      } catch (IOException e) {
        throw new AssertionError(
            "seed "
                + seed
                + " case "
                + i
                + " "
                + c.category()
                + " "
                + c.what()
                + " after "
                + previous,
            e);
      }
      previous = c.category() + " " + c.what();
      nanos.merge(c.category(), System.nanoTime() - started, Long::sum);
      outcomes.computeIfAbsent(c.category(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
      if (status != c.expected() && wrong.size() < 20) {
        wrong.add(c.category() + " " + c.what() + ": expected " + c.expected() + ", got " + status);
      }
      if (i % 4 == 3) {
        long goodStarted = System.nanoTime();
        try {
          good(random, good++);
        } catch (IOException e) {
          throw new AssertionError("seed " + seed + " good " + good + " after " + previous, e);
        }
        goodNanos += System.nanoTime() - goodStarted;
      }
    }
    outcomes.forEach(
        (category, statuses) ->
            System.out.printf(
                "  %s: %s (status=count), %.1f s%n",
                category, statuses, nanos.get(category) / 1e9));
    System.out.printf(
        "  good requests interleaved, all answered 2xx: %d, %.1f s; whole run %.1f s%n",
        good, goodNanos / 1e9, (System.nanoTime() - runStarted) / 1e9);
    System.out.println(
        "  hostile requests resent after a stale pooled connection: " + staleConnections);
    assertThat(wrong).as("seed " + seed + ": hostile requests answered wrongly").isEmpty();
    assertFinalState();
  }

  // ---------------------------------------------------------------- good requests

  /** One good request, asserted at once: a hostile one before it must not have disturbed it. */
  private void good(SplittableRandom random, int n) throws Exception {
    switch (n % 7) {
      case 0 -> {
        JsonNode m = RegistryServerTest.body(expect(200, goodHttp.get("/models/m", "app")));
        assertThat(m.get("owner").asText()).isEqualTo("pub");
      }
      case 1 -> {
        expect(201, goodHttp.json("POST", "/models", "pub", "{\"name\":\"good-" + n + "\"}"));
        goodModels++;
      }
      case 2 ->
          expect(
              201,
              goodHttp.uploadKeys("alice", TestBlobs.LEVELED_PS, ServerFixture.keys(1000 + n)));
      case 3 -> {
        HttpResponse<byte[]> artifact = goodHttp.getBytes("/models/m/versions/1/server", "app");
        assertThat(artifact.statusCode()).isEqualTo(200);
        assertThat(artifact.body()).isEqualTo(serverArtifact);
      }
      case 4 ->
          expect(
              200,
              goodHttp.json(
                  "PUT",
                  "/models/m/versions/1/stage",
                  "pub",
                  "{\"stage\":\"" + (random.nextBoolean() ? "production" : "staging") + "\"}"));
      case 5 -> expect(200, goodHttp.get("/keys/" + aliceKey, "app"));
      default -> {
        if (n % 21 == 6) {
          expect(201, publish(goodHttp, "m2", "pub2", clientFile, serverFile));
          m2Versions++;
        } else {
          expect(200, goodHttp.get("/models/m2/versions", "pub"));
        }
      }
    }
  }

  private void assertFinalState() throws Exception {
    JsonNode models = RegistryServerTest.body(expect(200, goodHttp.get("/models", "app")));
    assertThat(models.size())
        .as("m, m2 and the good ones; no hostile create")
        .isEqualTo(2 + goodModels);
    JsonNode m = RegistryServerTest.body(expect(200, goodHttp.get("/models/m", "app")));
    assertThat(m.get("owner").asText()).isEqualTo("pub");
    JsonNode m2 = RegistryServerTest.body(expect(200, goodHttp.get("/models/m2", "app")));
    assertThat(m2.get("owner").asText()).isEqualTo("pub2");
    assertThat(
            RegistryServerTest.body(expect(200, goodHttp.get("/models/m/versions", "app"))).size())
        .as("no hostile publish or delete on m")
        .isEqualTo(1);
    assertThat(
            RegistryServerTest.body(expect(200, goodHttp.get("/models/m2/versions", "app"))).size())
        .isEqualTo(m2Versions);
    expect(200, goodHttp.get("/keys/" + aliceKey, "app"));
  }

  // ---------------------------------------------------------------- hostile cases

  private Case hostile(Category category, SplittableRandom r) throws Exception {
    return switch (category) {
      case BAD_JSON -> badJson(r);
      case BAD_NAMES -> badName(r);
      case BAD_VERSIONS_AND_IDS -> badVersionOrId(r);
      case BAD_LENGTHS -> badLength(r);
      case WRONG_CONTENT_TYPE -> wrongContentType(r);
      case OVERSIZED_BODY -> oversized(r);
      case GARBAGE_BLOBS -> garbageBlob(r);
      case WRONG_TOKENS -> wrongToken(r);
      case WRONG_ROLES -> wrongRole(r);
      case OTHER_PUBLISHERS_MODELS -> otherPublishersModel(r);
    };
  }

  private Case badJson(SplittableRandom r) {
    String valid = "{\"name\":\"x" + r.nextInt(1_000_000) + "\",\"description\":\"d\"}";
    String[] targets = {"/models", "/models/m/versions/1/stage", "/models/m/owner"};
    int target = r.nextInt(targets.length);
    // Bodies that are not a JSON object are 400 everywhere; an object without the required field
    // is 400 where the field is parsed as a name or stage (the owner endpoint answers 422).
    int variant = r.nextInt(target == 2 ? 5 : 7);
    String body =
        switch (variant) {
          case 0 -> valid.substring(0, r.nextInt(valid.length())); // every proper prefix is bad
          case 1 -> "#" + new String(randomBytes(r, r.nextInt(200)), StandardCharsets.ISO_8859_1);
          case 2 -> "[" + valid + "]";
          case 3 -> "{\"name\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
          case 4 -> "null";
          case 5 -> "{\"name\":null,\"stage\":null}";
          default -> "{\"description\":\"no name\"}";
        };
    String caller = target == 2 ? "root" : "pub";
    return new Case(
        Category.BAD_JSON,
        targets[target] + " " + printable(body),
        400,
        () ->
            http.send(
                    target == 0 ? "POST" : "PUT",
                    targets[target],
                    caller,
                    BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1),
                    "application/json")
                .statusCode());
  }

  private static final String[] BAD_NAMES = {
    "..",
    "../etc",
    "..\\\\x",
    ".hidden",
    "-dash",
    "_under",
    "a..b",
    "a b",
    "a\\u0000b",
    "a/b",
    "ü",
    "",
    "x".repeat(129),
    "a\\tb",
    "%2e%2e",
    "a;b",
    "a?b",
    "a#b",
    "con:x"
  };

  private Case badName(SplittableRandom r) {
    String name = jsonUnescape(BAD_NAMES[r.nextInt(BAD_NAMES.length)]);
    if (r.nextBoolean()) {
      String body = "{\"name\":" + jsonString(name) + "}";
      return new Case(
          Category.BAD_NAMES,
          "POST /models " + printable(body),
          400,
          () -> http.json("POST", "/models", "pub", body).statusCode());
    }
    // In a path: every character percent-encoded, so the name reaches the router as one segment.
    String path = "/models/" + encodeAll(name) + "/versions";
    // An empty name leaves an empty segment that matches no route at all.
    return new Case(
        Category.BAD_NAMES,
        "GET " + path,
        name.isEmpty() ? 404 : 400,
        () -> http.get(path, "app").statusCode());
  }

  private static final String[] BAD_VERSIONS = {
    "0",
    "-1",
    "-2147483648",
    "abc",
    "2147483648",
    "99999999999999999999",
    "1.0",
    "1e3",
    "0x1",
    "%20",
    "1%00",
    "%E2%80%8B1"
  };

  private Case badVersionOrId(SplittableRandom r) {
    switch (r.nextInt(4)) {
      case 0 -> {
        String path = "/models/m/versions/" + BAD_VERSIONS[r.nextInt(BAD_VERSIONS.length)];
        return new Case(
            Category.BAD_VERSIONS_AND_IDS,
            "GET " + path,
            400,
            () -> http.get(path, "app").statusCode());
      }
      case 1 -> {
        String hex = HexFormat.of().formatHex(randomBytes(r, 32));
        String id =
            switch (r.nextInt(3)) {
              case 0 -> hex.substring(0, r.nextInt(64));
              case 1 -> hex.toUpperCase().replace('0', 'G');
              default -> hex + "0";
            };
        String path = "/keys/" + (id.isEmpty() ? "z" : id);
        return new Case(
            Category.BAD_VERSIONS_AND_IDS,
            "GET " + path,
            400,
            () -> http.get(path, "app").statusCode());
      }
      case 2 -> {
        String path = "/models/m/versions/" + (2 + r.nextInt(1_000_000)) + "/server";
        return new Case(
            Category.BAD_VERSIONS_AND_IDS,
            "GET " + path + " (absent)",
            404,
            () -> http.get(path, "app").statusCode());
      }
      default -> {
        String path = "/keys/" + HexFormat.of().formatHex(randomBytes(r, 32));
        return new Case(
            Category.BAD_VERSIONS_AND_IDS,
            "DELETE " + path + " (absent)",
            404,
            () -> http.send("DELETE", path, "root", BodyPublishers.noBody(), null).statusCode());
      }
    }
  }

  private Case badLength(SplittableRandom r) {
    String target = r.nextBoolean() ? "/keys?parameterSet=" + TestBlobs.PS : "/models/m/versions";
    String token = ServerFixture.TOKENS.get(target.startsWith("/keys") ? "alice" : "pub");
    byte[] body = randomBytes(r, 1 + r.nextInt(100));
    int variant = r.nextInt(6);
    String lengthHeaders =
        switch (variant) {
          case 0 -> "Content-Length: -" + (1 + r.nextInt(1000)) + "\r\n";
          case 1 -> "Content-Length: " + "9".repeat(20 + r.nextInt(10)) + "\r\n";
          case 2 -> "Content-Length: 12abc\r\n";
          case 3 ->
              "Content-Length: "
                  + body.length
                  + "\r\nContent-Length: "
                  + (body.length + 1)
                  + "\r\n";
          case 4 -> "Content-Length: " + body.length + "\r\nTransfer-Encoding: chunked\r\n";
          default -> "Content-Length: " + (LIMIT * 3 + r.nextLong(1L << 40)) + "\r\n";
        };
    // A declared length past the limit is refused before a byte is read; the rest is malformed.
    int expected = variant == 5 ? 413 : 400;
    String type =
        target.startsWith("/keys")
            ? "application/octet-stream"
            : "multipart/form-data; boundary=b0undary";
    String head =
        "POST "
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + token
            + "\r\nContent-Type: "
            + type
            + "\r\n"
            + lengthHeaders
            + "Connection: close\r\n\r\n";
    return new Case(
        Category.BAD_LENGTHS,
        "POST " + target + " " + printable(lengthHeaders),
        expected,
        () -> raw(head, body));
  }

  private Case wrongContentType(SplittableRandom r) throws IOException {
    String[] types = {
      "application/json",
      "text/plain",
      "application/octet-stream",
      null,
      "multipart/mixed; boundary=abc",
      "multipart/form-data",
      "multipart/form-data; boundary=zz",
      "application/x-www-form-urlencoded"
    };
    String type = types[r.nextInt(types.length)];
    byte[] body =
        r.nextBoolean()
            ? Files.readAllBytes(clientFile)
            : "client=1&server=2".getBytes(StandardCharsets.US_ASCII);
    return new Case(
        Category.WRONG_CONTENT_TYPE,
        "POST /models/m/versions as " + type,
        400,
        () ->
            http.send("POST", "/models/m/versions", "pub", BodyPublishers.ofByteArray(body), type)
                .statusCode());
  }

  private byte[] checkedKeys;

  /** Seeded keys of {@link TestBlobs#PS} as the registry checks them, made once. */
  private byte[] checkedKeys() {
    if (checkedKeys == null) {
      checkedKeys = TestBlobs.keys(ParameterSets.byId(TestBlobs.PS), true, 5, -1);
    }
    return checkedKeys;
  }

  private Case oversized(SplittableRandom r) throws IOException {
    int size = (int) LIMIT + 1 + r.nextInt((int) (2 * LIMIT));
    byte[] body = TestBlobs.blob(BlobKind.SEEDED_EVALUATION_KEYS, TestBlobs.PS, size, r.nextLong());
    switch (r.nextInt(3)) {
      case 0 -> {
        return new Case(
            Category.OVERSIZED_BODY,
            "POST /keys " + body.length + " bytes, declared",
            413,
            () -> http.uploadKeys("alice", TestBlobs.PS, body).statusCode());
      }
      case 1 -> {
        // Streamed without a length: the limit is counted while the body arrives. The body is the
        // start of keys that pass every check made while streaming, so only the limit stops it
        // (keys whose header already contradicts the set are refused first, 422).
        byte[] keysStart = Arrays.copyOf(checkedKeys(), size);
        return new Case(
            Category.OVERSIZED_BODY,
            "POST /keys " + keysStart.length + " bytes, chunked",
            413,
            () ->
                http.send(
                        "POST",
                        "/keys?parameterSet=" + TestBlobs.PS,
                        "alice",
                        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(keysStart)),
                        "application/octet-stream")
                    .statusCode());
      }
      default -> {
        Path big = Files.write(Files.createTempFile(scratch, "big", ".fhe"), body);
        return new Case(
            Category.OVERSIZED_BODY,
            "publish a " + body.length + "-byte part",
            413,
            () -> {
              try {
                return publish("m", "pub", clientFile, big).statusCode();
              } finally {
                Files.deleteIfExists(big);
              }
            });
      }
    }
  }

  private Case garbageBlob(SplittableRandom r) throws IOException {
    switch (r.nextInt(5)) {
      case 0 -> {
        byte[] body = randomBytes(r, 1 + r.nextInt((int) LIMIT));
        return new Case(
            Category.GARBAGE_BLOBS,
            "POST /keys random " + body.length + " bytes",
            422,
            () -> http.uploadKeys("alice", TestBlobs.PS, body).statusCode());
      }
      case 1 -> {
        byte[] keystore = TestBlobs.blob(BlobKind.CLIENT_KEYSTORE, TestBlobs.PS, 512, r.nextLong());
        return new Case(
            Category.GARBAGE_BLOBS,
            "POST /keys a client keystore",
            422,
            () -> http.uploadKeys("alice", TestBlobs.PS, keystore).statusCode());
      }
      case 2 -> {
        byte[] keys = ServerFixture.keys(r.nextLong());
        // Flip one byte past the header: the checksum no longer matches.
        keys[64 + r.nextInt(keys.length - 64)] ^= (byte) (1 + r.nextInt(255));
        return new Case(
            Category.GARBAGE_BLOBS,
            "POST /keys a corrupted blob",
            422,
            () -> http.uploadKeys("alice", TestBlobs.LEVELED_PS, keys).statusCode());
      }
      case 3 -> {
        String claimed = r.nextBoolean() ? "" : "../" + r.nextInt(100);
        return new Case(
            Category.GARBAGE_BLOBS,
            "POST /keys?parameterSet=" + claimed,
            400,
            () ->
                http.send(
                        "POST",
                        "/keys?parameterSet=" + URLEncoder.encode(claimed, StandardCharsets.UTF_8),
                        "alice",
                        BodyPublishers.ofByteArray(ServerFixture.keys(7)),
                        "application/octet-stream")
                    .statusCode());
      }
      default -> {
        Path junk =
            Files.write(
                Files.createTempFile(scratch, "junk", ".fhe"), randomBytes(r, 1 + r.nextInt(4096)));
        return new Case(
            Category.GARBAGE_BLOBS,
            "publish a random server part",
            422,
            () -> {
              try {
                return publish("m", "pub", clientFile, junk).statusCode();
              } finally {
                Files.deleteIfExists(junk);
              }
            });
      }
    }
  }

  private Case wrongToken(SplittableRandom r) {
    String[] paths = {"/models", "/models/m", "/keys/" + aliceKey, "/metrics", "/subjects"};
    String path = paths[r.nextInt(paths.length)];
    int variant = r.nextInt(5);
    String header =
        switch (variant) {
          case 0 -> "Bearer " + printableRandom(r, 1 + r.nextInt(200));
          case 1 -> "Basic " + printableRandom(r, 8);
          case 2 -> "Bearer";
          case 3 -> null;
          // Past Jetty's 8 KiB header limit: refused before any route runs.
          default -> "Bearer " + printableRandom(r, 9000 + r.nextInt(4000));
        };
    int expected = variant == 4 ? 431 : 401;
    return new Case(
        Category.WRONG_TOKENS,
        "GET " + path + " with " + printable(header),
        expected,
        () -> {
          HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path)).GET();
          if (header != null) {
            b.header("Authorization", header);
          }
          return ServerFixture.HTTP
              .send(b.build(), HttpResponse.BodyHandlers.discarding())
              .statusCode();
        });
  }

  private Case wrongRole(SplittableRandom r) {
    record Attempt(String caller, String method, String path, String body) {}
    Attempt[] attempts = {
      new Attempt("app", "POST", "/models", "{\"name\":\"by-reader\"}"),
      new Attempt("alice", "POST", "/models", "{\"name\":\"by-owner\"}"),
      new Attempt("alice", "GET", "/models/m/versions/1/server", null),
      new Attempt("pub", "POST", "/keys?parameterSet=" + TestBlobs.PS, "x"),
      new Attempt("app", "DELETE", "/keys/" + aliceKey, null),
      new Attempt("bob", "GET", "/keys/" + aliceKey, null),
      new Attempt("bob", "DELETE", "/keys/" + aliceKey, null),
      new Attempt("app", "PUT", "/models/m/owner", "{\"owner\":\"app\"}"),
      new Attempt("pub", "PUT", "/models/m/owner", "{\"owner\":\"pub2\"}"),
      new Attempt("alice", "PUT", "/models/m/versions/1/stage", "{\"stage\":\"archived\"}"),
      new Attempt("app", "DELETE", "/models/m/versions/1", null),
      new Attempt("alice", "GET", "/metrics", null),
    };
    Attempt a = attempts[r.nextInt(attempts.length)];
    return new Case(
        Category.WRONG_ROLES,
        a.caller() + " " + a.method() + " " + a.path(),
        403,
        () ->
            http.send(
                    a.method(),
                    a.path(),
                    a.caller(),
                    a.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofString(a.body()),
                    a.body() == null ? null : "application/json")
                .statusCode());
  }

  private Case otherPublishersModel(SplittableRandom r) {
    boolean onM = r.nextBoolean();
    String model = onM ? "m" : "m2";
    String intruder = onM ? "pub2" : "pub";
    switch (r.nextInt(5)) {
      case 0 -> {
        return new Case(
            Category.OTHER_PUBLISHERS_MODELS,
            intruder + " stages " + model,
            403,
            () ->
                http.json(
                        "PUT",
                        "/models/" + model + "/versions/1/stage",
                        intruder,
                        "{\"stage\":\"archived\"}")
                    .statusCode());
      }
      case 1 -> {
        return new Case(
            Category.OTHER_PUBLISHERS_MODELS,
            intruder + " deletes " + model,
            403,
            () ->
                http.send(
                        "DELETE",
                        "/models/" + model + "/versions/" + (1 + r.nextInt(3)),
                        intruder,
                        BodyPublishers.noBody(),
                        null)
                    .statusCode());
      }
      case 2 -> {
        return new Case(
            Category.OTHER_PUBLISHERS_MODELS,
            intruder + " publishes to " + model,
            403,
            () -> publish(model, intruder, clientFile, serverFile).statusCode());
      }
      case 3 -> {
        return new Case(
            Category.OTHER_PUBLISHERS_MODELS,
            intruder + " takes " + model,
            403,
            () ->
                http.json(
                        "PUT",
                        "/models/" + model + "/owner",
                        intruder,
                        "{\"owner\":\"" + intruder + "\"}")
                    .statusCode());
      }
      default -> {
        return new Case(
            Category.OTHER_PUBLISHERS_MODELS,
            intruder + " re-creates " + model,
            409,
            () ->
                http.json("POST", "/models", intruder, "{\"name\":\"" + model + "\"}")
                    .statusCode());
      }
    }
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * Sends {@code request}, once more if the JDK client picked a pooled connection that the server
   * had closed after the previous hostile request (Jetty closes after a malformed one): the request
   * never reached the server, so nothing is hidden.
   */
  private int sendOnLiveConnection(Request request) throws Exception {
    try {
      return request.send();
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
        throw e;
      }
      staleConnections++;
      return request.send();
    }
  }

  private HttpResponse<String> publish(String model, String caller, Path client, Path server)
      throws Exception {
    return publish(http, model, caller, client, server);
  }

  private static HttpResponse<String> publish(
      ServerFixture through, String model, String caller, Path client, Path server)
      throws Exception {
    Map<String, Path> parts = new LinkedHashMap<>();
    parts.put("client", client);
    parts.put("server", server);
    MultipartBody body = MultipartBody.ofFiles(parts);
    BodyPublisher publisher = body.publisher();
    return through.send(
        "POST", "/models/" + model + "/versions", caller, publisher, body.contentType());
  }

  /**
   * Sends {@code head} and {@code body} on a fresh socket (headers the JDK client refuses to set),
   * closes the sending side, and answers the status of the response.
   */
  private int raw(String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b; (b = in.read()) != -1 && b != '\n'; ) {
        line.write(b);
      }
      String status = line.toString(StandardCharsets.ISO_8859_1);
      if (!status.startsWith("HTTP/1.1 ")) {
        throw new IOException("not an HTTP response: '" + printable(status) + "'");
      }
      return Integer.parseInt(status.substring(9, 12));
    }
  }

  private static <T> HttpResponse<T> expect(int status, HttpResponse<T> response) {
    assertThat(response.statusCode()).as(String.valueOf(response.body())).isEqualTo(status);
    return response;
  }

  private static byte[] randomBytes(SplittableRandom r, int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) r.nextInt(256);
    }
    return bytes;
  }

  private static String printableRandom(SplittableRandom r, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) ('!' + r.nextInt('~' - '!' + 1)));
    }
    return s.toString();
  }

  /** Every UTF-8 byte as {@code %XX}. */
  private static String encodeAll(String text) {
    StringBuilder s = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      s.append('%').append(String.format("%02X", b & 0xff));
    }
    return s.toString();
  }

  private static String jsonString(String text) {
    try {
      return Routes.JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The table above spells control characters as JSON escapes: decode them. */
  private static String jsonUnescape(String spelled) {
    try {
      return Routes.JSON.readValue("\"" + spelled + "\"", String.class);
    } catch (IOException e) {
      throw new IllegalStateException(spelled, e);
    }
  }

  private static String printable(String text) {
    if (text == null) {
      return "(none)";
    }
    String cut = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
