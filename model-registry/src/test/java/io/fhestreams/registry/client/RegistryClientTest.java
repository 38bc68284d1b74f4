package io.fhestreams.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.registry.api.ArtifactHalf;
import io.fhestreams.registry.api.EvaluationKeyInfo;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.auth.TokenEntry;
import io.fhestreams.registry.server.RegistryConfig;
import io.fhestreams.registry.server.RegistryServer;
import io.fhestreams.registry.server.TestArtifacts;
import io.fhestreams.registry.server.TestBlobs;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientTest {
  static final ParameterSetId PS = ParameterSetId.of(TestBlobs.PS);
  static final ParameterSetId LEVELED = ParameterSetId.of(TestBlobs.LEVELED_PS);
  static final ModelName MODEL = ModelName.of("credit");

  @TempDir Path data;
  @TempDir Path files;
  RegistryServer server;

  @BeforeEach
  void start() {
    server =
        RegistryServer.start(
            RegistryConfig.inDirectory(
                data,
                List.of(
                    new TokenEntry(
                        "pub", TokenAuthenticator.hashToken("p"), List.of(Role.PUBLISHER)),
                    new TokenEntry(
                        "alice", TokenAuthenticator.hashToken("a"), List.of(Role.KEY_OWNER)),
                    new TokenEntry("app", TokenAuthenticator.hashToken("r"), List.of(Role.READER)),
                    new TokenEntry(
                        "pub2", TokenAuthenticator.hashToken("p2"), List.of(Role.PUBLISHER)),
                    new TokenEntry(
                        "ops", TokenAuthenticator.hashToken("o"), List.of(Role.ADMIN)))));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  RegistryClient client(String token) {
    return RegistryClient.builder(server.uri())
        .token(token)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .build();
  }

  /** Small genuine evaluation keys in a file ({@link TestBlobs#keys(long)}). */
  Path keysFile(String name, long seed) throws Exception {
    return Files.write(files.resolve(name), TestBlobs.keys(seed));
  }

  Path blobFile(String name, BlobKind kind, int payload, long seed) throws Exception {
    return TestBlobs.write(files.resolve(name), kind, TestBlobs.PS, payload, seed);
  }

  @Test
  void shouldPublishAndReadModelsThroughTypedCalls() throws Exception {
    RegistryClient publisher = client("p");
    RegistryClient reader = client("r");
    publisher.createModel(MODEL, "demo");
    Path clientHalf = Files.write(files.resolve("c.bin"), TestArtifacts.client());
    Path serverHalf = Files.write(files.resolve("s.bin"), TestArtifacts.server());
    ModelVersionInfo v1 = publisher.publishVersion(MODEL, clientHalf, serverHalf);
    assertThat(v1.version()).isEqualTo(ModelVersion.of(1));
    assertThat(v1.parameterSet().value())
        .isEqualTo(TestArtifacts.model().client().parameterSetId());

    assertThat(reader.listModels()).extracting(m -> m.name()).containsExactly(MODEL);
    assertThat(reader.model(MODEL).description()).isEqualTo("demo");
    assertThat(reader.versions(MODEL)).containsExactly(v1);
    Path target = files.resolve("down/server.bin");
    Files.createDirectories(target.getParent());
    assertThat(reader.downloadArtifact(MODEL, v1.version(), ArtifactHalf.SERVER, target))
        .isEqualTo(Files.size(serverHalf));
    assertThat(Files.mismatch(target, serverHalf)).isEqualTo(-1);
    try (InputStream in = reader.openArtifact(MODEL, v1.version(), ArtifactHalf.CLIENT)) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(clientHalf));
    }
    assertThat(publisher.setStage(MODEL, v1.version(), Stage.PRODUCTION).stage())
        .isEqualTo(Stage.PRODUCTION);
    publisher.deleteVersion(MODEL, v1.version());
    assertThat(reader.versions(MODEL)).isEmpty();
  }

  @Test
  void theCurrentVersionOfAStage_isItsHighestNumberedOne() throws Exception {
    RegistryClient publisher = client("p");
    RegistryClient sender = client("a");
    publisher.createModel(MODEL, "stages");
    Path clientHalf = Files.write(files.resolve("c.bin"), TestArtifacts.client());
    Path serverHalf = Files.write(files.resolve("s.bin"), TestArtifacts.server());
    ModelVersion v1 = publisher.publishVersion(MODEL, clientHalf, serverHalf).version();
    ModelVersion v2 = publisher.publishVersion(MODEL, clientHalf, serverHalf).version();
    assertThat(sender.currentVersion(MODEL, Stage.PRODUCTION)).isEmpty();
    assertThat(sender.currentVersion(MODEL, Stage.STAGING).orElseThrow().version()).isEqualTo(v2);

    publisher.setStage(MODEL, v1, Stage.PRODUCTION);
    assertThat(sender.currentVersion(MODEL, Stage.PRODUCTION).orElseThrow().version())
        .isEqualTo(v1);
    // promoting the newer version moves the stage to it; the older one stays in production
    publisher.setStage(MODEL, v2, Stage.PRODUCTION);
    ModelVersionInfo current = sender.currentVersion(MODEL, Stage.PRODUCTION).orElseThrow();
    assertThat(current.version()).isEqualTo(v2);
    assertThat(current.client().sha256()).isEqualTo(sender.version(MODEL, v1).client().sha256());
    // archiving it rolls the stage back
    publisher.setStage(MODEL, v2, Stage.ARCHIVED);
    assertThat(sender.currentVersion(MODEL, Stage.PRODUCTION).orElseThrow().version())
        .isEqualTo(v1);
    assertThat(status(() -> sender.currentVersion(ModelName.of("none"), Stage.PRODUCTION)))
        .isEqualTo(404);
  }

  private static int status(Runnable call) {
    try {
      call.run();
      return 200;
    } catch (RegistryClientException e) {
      return e.status();
    }
  }

  @Test
  void shouldLetOnlyTheOwnerOrAnAdminChangeAModelsVersions() throws Exception {
    RegistryClient owner = client("p");
    RegistryClient other = client("p2");
    RegistryClient admin = client("o");
    assertThat(owner.createModel(MODEL, "").owner()).isEqualTo("pub");
    Path c = Files.write(files.resolve("c.bin"), TestArtifacts.client());
    Path s = Files.write(files.resolve("s.bin"), TestArtifacts.server());
    ModelVersion v1 = owner.publishVersion(MODEL, c, s).version();

    assertThatThrownBy(() -> other.publishVersion(MODEL, c, s))
        .isInstanceOfSatisfying(
            RegistryClientException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("owned by 'pub'");
    assertThat(status(() -> other.setStage(MODEL, v1, Stage.PRODUCTION))).isEqualTo(403);
    assertThat(status(() -> other.deleteVersion(MODEL, v1))).isEqualTo(403);
    assertThat(status(() -> other.transferOwnership(MODEL, "pub2"))).isEqualTo(403);
    assertThat(status(() -> owner.transferOwnership(MODEL, "pub2"))).isEqualTo(403);
    assertThat(other.version(MODEL, v1).stage()).isEqualTo(Stage.STAGING);

    // An admin may act on any model, and only to a principal that may publish.
    assertThat(admin.setStage(MODEL, v1, Stage.PRODUCTION).stage()).isEqualTo(Stage.PRODUCTION);
    assertThat(status(() -> admin.transferOwnership(MODEL, "alice"))).isEqualTo(422);
    assertThat(status(() -> admin.transferOwnership(MODEL, "nobody"))).isEqualTo(422);
    assertThat(status(() -> admin.transferOwnership(ModelName.of("nope"), "pub2"))).isEqualTo(404);
    assertThat(admin.transferOwnership(MODEL, "pub2").owner()).isEqualTo("pub2");

    // After the transfer the roles swap.
    assertThat(client("r").model(MODEL).owner()).isEqualTo("pub2");
    ModelVersion v2 = other.publishVersion(MODEL, c, s).version();
    assertThat(status(() -> owner.deleteVersion(MODEL, v2))).isEqualTo(403);
    other.deleteVersion(MODEL, v2);
    assertThat(client("r").versions(MODEL))
        .extracting(ModelVersionInfo::version)
        .containsExactly(v1);
  }

  @Test
  void shouldUploadFindDownloadAndDeleteEvaluationKeys() throws Exception {
    RegistryClient alice = client("a");
    Path keys = keysFile("k.bin", 3);
    EvaluationKeyInfo info = alice.uploadEvaluationKeys(keys, LEVELED);
    assertThat(info.size()).isEqualTo(Files.size(keys));
    assertThat(client("r").evaluationKeyInfo(info.id()))
        .hasValueSatisfying(
            i -> {
              assertThat(i.owner()).isEqualTo("alice");
              assertThat(i.parameterSet()).isEqualTo(LEVELED);
              assertThat(i.size()).isEqualTo(info.size());
            });
    Path target = files.resolve("keys.copy");
    client("r").downloadEvaluationKeys(info.id(), target);
    assertThat(Files.mismatch(target, keys)).isEqualTo(-1);
    alice.deleteEvaluationKeys(info.id());
    assertThat(alice.evaluationKeyInfo(info.id())).isEmpty();
  }

  @Test
  void shouldFailFastOn4xxWithTheServersMessage() throws Exception {
    Path keystore = blobFile("ks.bin", BlobKind.CLIENT_KEYSTORE, 100, 4);
    assertThatThrownBy(() -> client("a").uploadEvaluationKeys(keystore, PS))
        .isInstanceOfSatisfying(
            RegistryClientException.class, e -> assertThat(e.status()).isEqualTo(422))
        .hasMessageContaining("secret keys");
    assertThatThrownBy(() -> client("r").createModel(MODEL, ""))
        .isInstanceOfSatisfying(
            RegistryClientException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("needs one of [admin, publisher]");
    assertThatThrownBy(() -> client("wrong").listModels())
        .isInstanceOfSatisfying(
            RegistryClientException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void shouldFailFastWhenAnUploadIsOverTheServersLimit() throws Exception {
    // keys that pass every check the registry makes while streaming: only the limit stops them
    Path big = files.resolve("big.bin");
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(big))) {
      TestBlobs.writeKeys(out, ParameterSets.byId(TestBlobs.PS), true, 9, -1);
    }
    RegistryConfig small =
        RegistryConfig.inDirectory(
                files.resolve("small"),
                List.of(
                    new TokenEntry(
                        "alice", TokenAuthenticator.hashToken("a"), List.of(Role.KEY_OWNER))))
            .withMaxUploadBytes(100_000);
    try (RegistryServer limited = RegistryServer.start(small)) {
      RegistryClient alice = RegistryClient.builder(limited.uri()).token("a").build();
      assertThatThrownBy(() -> alice.uploadEvaluationKeys(big, PS))
          .isInstanceOfSatisfying(
              RegistryClientException.class, e -> assertThat(e.status()).isEqualTo(413))
          .hasMessageContaining("limit of 100000 bytes")
          .hasMessageNotContaining("attempts");
    }
  }

  /**
   * A stub server answering each request with the next scripted status (then 200 with {@code []}).
   */
  static HttpServer stub(
      AtomicInteger requests, int failures, int failStatus, long delayFirstMillis)
      throws Exception {
    HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext(
        "/",
        exchange -> {
          int n = requests.incrementAndGet();
          if (n == 1 && delayFirstMillis > 0) {
            try {
              Thread.sleep(delayFirstMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body =
              n <= failures
                  ? ("{\"status\":" + failStatus + ",\"message\":\"scripted failure " + n + "\"}")
                      .getBytes(StandardCharsets.UTF_8)
                  : "[]".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(n <= failures ? failStatus : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    stub.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    stub.start();
    return stub;
  }

  static RegistryClient stubClient(HttpServer stub, int attempts, Duration timeout) {
    return RegistryClient.builder(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()))
        .maxAttempts(attempts)
        .requestTimeout(timeout)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .build();
  }

  @Test
  void shouldRetry5xxWithBackoffUntilSuccess() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer stub = stub(requests, 2, 503, 0);
    try {
      assertThat(stubClient(stub, 4, Duration.ofSeconds(5)).listModels()).isEmpty();
      assertThat(requests.get()).isEqualTo(3);
    } finally {
      stub.stop(0);
    }
  }

  @Test
  void shouldGiveUpAfterTheLastAttemptWithTheLastError() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer stub = stub(requests, 10, 500, 0);
    try {
      assertThatThrownBy(() -> stubClient(stub, 3, Duration.ofSeconds(5)).listModels())
          .isInstanceOfSatisfying(
              RegistryClientException.class, e -> assertThat(e.status()).isEqualTo(500))
          .hasMessageContaining("scripted failure 3")
          .hasMessageContaining("after 3 attempts");
      assertThat(requests.get()).isEqualTo(3);
    } finally {
      stub.stop(0);
    }
  }

  @Test
  void shouldNotRetry4xx() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer stub = stub(requests, 10, 404, 0);
    try {
      assertThatThrownBy(() -> stubClient(stub, 4, Duration.ofSeconds(5)).listModels())
          .isInstanceOfSatisfying(
              RegistryClientException.class, e -> assertThat(e.isNotFound()).isTrue())
          .hasMessageContaining("scripted failure 1");
      assertThat(requests.get()).isEqualTo(1);
    } finally {
      stub.stop(0);
    }
  }

  @Test
  void shouldRetryATimeout() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer stub = stub(requests, 0, 200, 1500);
    try {
      assertThat(stubClient(stub, 3, Duration.ofMillis(300)).listModels()).isEmpty();
      assertThat(requests.get()).isEqualTo(2);
    } finally {
      stub.stop(0);
    }
  }

  @Test
  void shouldFailWithStatusZeroWhenNothingListens() {
    RegistryClient nowhere =
        RegistryClient.builder(URI.create("http://127.0.0.1:1"))
            .maxAttempts(2)
            .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
            .build();
    assertThatThrownBy(nowhere::listModels)
        .isInstanceOfSatisfying(RegistryClientException.class, e -> assertThat(e.status()).isZero())
        .hasMessageContaining("after 2 attempts");
  }

  @Test
  void shouldCacheDecodedKeysAndServerArtifactsByBytes() throws Exception {
    RegistryClient publisher = client("p");
    publisher.createModel(MODEL, "");
    publisher.publishVersion(
        MODEL,
        Files.write(files.resolve("c.bin"), TestArtifacts.client()),
        Files.write(files.resolve("s.bin"), TestArtifacts.server()));
    KeyId k1 = client("a").uploadEvaluationKeys(keysFile("k1.bin", 7), LEVELED).id();
    KeyId k2 = client("a").uploadEvaluationKeys(keysFile("k2.bin", 8), LEVELED).id();

    AtomicInteger decodes = new AtomicInteger();
    // A decoder that "expands" the blob 4 times, as a Fourier-domain key would.
    BlobDecoder<byte[]> decoder =
        (in, size) -> {
          decodes.incrementAndGet();
          byte[] bytes = in.readAllBytes();
          assertThat((long) bytes.length).isEqualTo(size);
          return new BlobDecoder.Decoded<>(bytes, 4 * size);
        };
    long keyBytes = 4 * Files.size(files.resolve("k1.bin"));
    RegistryCache<byte[], byte[]> cache =
        client("r").cache(keyBytes + 4 * Files.size(files.resolve("s.bin")), decoder, decoder);

    assertThat(cache.evaluationKeys(k1)).isEqualTo(Files.readAllBytes(files.resolve("k1.bin")));
    assertThat(cache.evaluationKeys(k1)).isEqualTo(Files.readAllBytes(files.resolve("k1.bin")));
    assertThat(cache.serverArtifact(MODEL, ModelVersion.of(1)))
        .isEqualTo(Files.readAllBytes(files.resolve("s.bin")));
    assertThat(cache.serverArtifact(MODEL, ModelVersion.of(1)))
        .hasSize((int) Files.size(files.resolve("s.bin")));
    assertThat(decodes.get()).isEqualTo(2);
    cache.evaluationKeys(k2); // over the bound: the least recently used (k1) goes
    CacheStats stats = cache.stats();
    assertThat(stats.hits()).isEqualTo(2);
    assertThat(stats.misses()).isEqualTo(3);
    assertThat(stats.evictions()).isEqualTo(1);
    assertThat(stats.bytes()).isLessThanOrEqualTo(stats.maxBytes());

    assertThatThrownBy(() -> cache.evaluationKeys(KeyId.of("0".repeat(64))))
        .isInstanceOfSatisfying(
            RegistryClientException.class, e -> assertThat(e.isNotFound()).isTrue());
  }
}
