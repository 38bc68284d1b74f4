package io.fhestreams.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.registry.api.ArtifactHalf;
import io.fhestreams.registry.api.EvaluationKeyInfo;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ModelInfo;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.api.SchemaInfo;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.api.Subject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one test suite every {@link RegistryStore} must pass. A subclass says how to open a fresh
 * store and how to reopen the same storage (a restart).
 */
abstract class RegistryStoreContract {
  static final ParameterSetId PS = ParameterSetId.of("tfhe-4bit-v1");
  static final ModelName MODEL = ModelName.of("credit-scoring");

  RegistryStore store;

  /** A new, empty store. */
  abstract RegistryStore openFresh() throws Exception;

  /** The same storage as the last {@link #openFresh()}, opened again as after a restart. */
  abstract RegistryStore reopen() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openFresh();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  static byte[] randomBytes(long seed, int size) {
    byte[] out = new byte[size];
    new SplittableRandom(seed).nextBytes(out);
    return out;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void shouldStoreEvaluationKeysUnderTheirSha256() throws Exception {
    byte[] keys = randomBytes(1, 300_000);
    EvaluationKeyInfo info = store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
    assertThat(info.id().hex()).isEqualTo(sha256(keys));
    assertThat(info.size()).isEqualTo(keys.length);
    assertThat(info.owner()).isEqualTo("alice");
    assertThat(store.evaluationKeyInfo(info.id())).contains(info);
    assertThat(readAll(store.openEvaluationKeys(info.id()))).isEqualTo(keys);
  }

  @Test
  void shouldAnswerTheExistingRecordForTheSameBytesAndOwner() {
    byte[] keys = randomBytes(2, 1000);
    EvaluationKeyInfo first = store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
    EvaluationKeyInfo second = store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void putEvaluationKeys_failsForAnotherOwnerOfTheSameBytes() {
    byte[] keys = randomBytes(3, 1000);
    store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
    assertThatThrownBy(() -> store.putEvaluationKeys(PS, "mallory", new ByteArrayInputStream(keys)))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.CONFLICT))
        .hasMessageContaining("another owner");
  }

  @Test
  void shouldKeepOneCopyWhenTheSameKeysAreUploadedInParallel() throws Exception {
    byte[] keys = randomBytes(4, 2_000_000);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<EvaluationKeyInfo>> uploads = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        uploads.add(
            pool.submit(
                () -> store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys))));
      }
      List<EvaluationKeyInfo> results = new ArrayList<>();
      for (Future<EvaluationKeyInfo> upload : uploads) {
        results.add(upload.get());
      }
      assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(results.get(0)));
    } finally {
      pool.shutdown();
    }
    assertThat(storedKeyCopies()).isEqualTo(1);
    assertThat(readAll(store.openEvaluationKeys(KeyId.of(sha256(keys))))).isEqualTo(keys);
  }

  /** How many stored copies of evaluation-key bytes exist in the backing storage. */
  abstract long storedKeyCopies() throws Exception;

  @Test
  void shouldDeleteEvaluationKeys() throws Exception {
    EvaluationKeyInfo info =
        store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(randomBytes(5, 10)));
    assertThat(store.deleteEvaluationKeys(info.id())).isTrue();
    assertThat(store.deleteEvaluationKeys(info.id())).isFalse();
    assertThat(store.evaluationKeyInfo(info.id())).isEmpty();
    assertThat(storedKeyCopies()).isZero();
    assertThatThrownBy(() -> store.openEvaluationKeys(info.id()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND));
  }

  @Test
  void shouldReadAnUploadInterruptedByAFailingStreamAsAbsent() {
    InputStream failing =
        new InputStream() {
          int left = 100_000;

          @Override
          public int read() throws IOException {
            if (left-- <= 0) {
              throw new IOException("client went away");
            }
            return 7;
          }
        };
    assertThatThrownBy(() -> store.putEvaluationKeys(PS, "alice", failing))
        .hasRootCauseMessage("client went away");
    byte[] partial = new byte[100_000];
    java.util.Arrays.fill(partial, (byte) 7);
    assertThat(store.evaluationKeyInfo(KeyId.ofDigest(digest(partial)))).isEmpty();
  }

  static byte[] digest(byte[] bytes) {
    return Digests.sha256().digest(bytes);
  }

  @Test
  void shouldCreateListAndDescribeModels() {
    store.createModel(MODEL, "logistic regression", "pub");
    store.createModel(ModelName.of("aaa"), null, "pub");
    assertThat(store.listModels())
        .extracting(m -> m.name().value())
        .containsExactly("aaa", "credit-scoring");
    assertThat(store.model(MODEL))
        .hasValueSatisfying(
            m -> {
              assertThat(m.description()).isEqualTo("logistic regression");
              assertThat(m.createdBy()).isEqualTo("pub");
            });
    assertThat(store.model(ModelName.of("nope"))).isEmpty();
  }

  @Test
  void shouldMakeTheCreatorTheOwnerAndKeepATransferAcrossARestart() throws Exception {
    assertThat(store.createModel(MODEL, "", "pub").owner()).isEqualTo("pub");
    publish(new byte[] {1}, new byte[] {2});
    ModelInfo transferred = store.transferOwnership(MODEL, "pub2");
    assertThat(transferred.owner()).isEqualTo("pub2");
    assertThat(transferred.createdBy()).isEqualTo("pub");
    store.close();
    store = reopen();
    assertThat(store.model(MODEL)).hasValueSatisfying(m -> assertThat(m.owner()).isEqualTo("pub2"));
    assertThat(store.listModels()).extracting(ModelInfo::owner).containsExactly("pub2");
    // A transfer keeps the versions and the numbering.
    assertThat(publish(new byte[] {3}, new byte[] {4}).version().number()).isEqualTo(2);
    assertThatThrownBy(() -> store.transferOwnership(ModelName.of("nope"), "pub2"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND));
  }

  @Test
  void createModel_failsWhenTheNameIsTaken() {
    store.createModel(MODEL, "", "pub");
    assertThatThrownBy(() -> store.createModel(MODEL, "", "pub"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.CONFLICT));
  }

  private ModelVersionInfo publish(byte[] client, byte[] server) {
    return store.publishVersion(
        MODEL, PS, "pub", new ByteArrayInputStream(client), new ByteArrayInputStream(server));
  }

  @Test
  void shouldPublishNumberedVersionsAndServeBothHalves() throws Exception {
    store.createModel(MODEL, "", "pub");
    byte[] client = randomBytes(6, 5000);
    byte[] server = randomBytes(7, 70_000);
    ModelVersionInfo v1 = publish(client, server);
    ModelVersionInfo v2 = publish(server, client);
    assertThat(v1.version()).isEqualTo(ModelVersion.of(1));
    assertThat(v2.version()).isEqualTo(ModelVersion.of(2));
    assertThat(v1.stage()).isEqualTo(Stage.STAGING);
    assertThat(v1.client().sha256()).isEqualTo(sha256(client));
    assertThat(v1.server().size()).isEqualTo(server.length);
    assertThat(readAll(store.openArtifact(MODEL, v1.version(), ArtifactHalf.CLIENT)))
        .isEqualTo(client);
    assertThat(readAll(store.openArtifact(MODEL, v1.version(), ArtifactHalf.SERVER)))
        .isEqualTo(server);
    assertThat(readAll(store.openArtifact(MODEL, v2.version(), ArtifactHalf.CLIENT)))
        .isEqualTo(server);
    assertThat(store.listVersions(MODEL)).containsExactly(v1, v2);
    assertThat(store.version(MODEL, v2.version())).contains(v2);
  }

  @Test
  void publishVersion_failsForAnUnknownModel() {
    assertThatThrownBy(() -> publish(new byte[1], new byte[1]))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND))
        .hasMessageContaining("credit-scoring");
  }

  @Test
  void shouldMoveAVersionBetweenStages() {
    store.createModel(MODEL, "", "pub");
    ModelVersionInfo v1 = publish(new byte[] {1}, new byte[] {2});
    assertThat(store.setStage(MODEL, v1.version(), Stage.PRODUCTION).stage())
        .isEqualTo(Stage.PRODUCTION);
    assertThat(store.version(MODEL, v1.version()).orElseThrow().stage())
        .isEqualTo(Stage.PRODUCTION);
    assertThatThrownBy(() -> store.setStage(MODEL, ModelVersion.of(9), Stage.ARCHIVED))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND));
  }

  @Test
  void shouldNeverReuseTheNumberOfADeletedVersion() {
    store.createModel(MODEL, "", "pub");
    ModelVersionInfo v1 = publish(new byte[] {1}, new byte[] {2});
    ModelVersionInfo v2 = publish(new byte[] {3}, new byte[] {4});
    assertThat(store.deleteVersion(MODEL, v2.version())).isTrue();
    assertThat(store.deleteVersion(MODEL, v2.version())).isFalse();
    assertThat(store.listVersions(MODEL)).containsExactly(v1);
    assertThatThrownBy(() -> store.openArtifact(MODEL, v2.version(), ArtifactHalf.CLIENT))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND));
    assertThat(publish(new byte[] {5}, new byte[] {6}).version()).isEqualTo(ModelVersion.of(3));
  }

  @Test
  void shouldRegisterSchemasWithConfluentIdsAndVersions() {
    Subject requests = Subject.of("fhe.requests-value");
    Subject other = Subject.of("other-value");
    SchemaInfo a = store.registerSchema(requests, "{\"type\":\"string\"}");
    SchemaInfo again = store.registerSchema(requests, "{\"type\":\"string\"}");
    SchemaInfo b = store.registerSchema(requests, "{\"type\":\"int\"}");
    SchemaInfo shared = store.registerSchema(other, "{\"type\":\"string\"}");
    assertThat(again).isEqualTo(a);
    assertThat(a.version()).isEqualTo(1);
    assertThat(b.version()).isEqualTo(2);
    assertThat(b.id()).isNotEqualTo(a.id());
    assertThat(shared.id()).isEqualTo(a.id());
    assertThat(shared.version()).isEqualTo(1);
    assertThat(store.schemaById(b.id())).contains("{\"type\":\"int\"}");
    assertThat(store.schemaById(9999)).isEmpty();
    assertThat(store.latestSchema(requests)).contains(b);
    assertThat(store.latestSchema(Subject.of("none"))).isEmpty();
    assertThat(store.subjects()).containsExactly(requests, other);
  }

  @Test
  void shouldKeepEverythingAcrossARestart() throws Exception {
    byte[] keys = randomBytes(8, 50_000);
    EvaluationKeyInfo key = store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
    store.createModel(MODEL, "d", "pub");
    ModelVersionInfo v1 = publish(new byte[] {1, 2}, new byte[] {3, 4});
    store.setStage(MODEL, v1.version(), Stage.PRODUCTION);
    SchemaInfo schema = store.registerSchema(Subject.of("s"), "{\"type\":\"long\"}");
    store.close();

    store = reopen();
    assertThat(store.evaluationKeyInfo(key.id())).contains(key);
    assertThat(readAll(store.openEvaluationKeys(key.id()))).isEqualTo(keys);
    assertThat(store.version(MODEL, v1.version()).orElseThrow().stage())
        .isEqualTo(Stage.PRODUCTION);
    assertThat(readAll(store.openArtifact(MODEL, v1.version(), ArtifactHalf.SERVER)))
        .containsExactly(3, 4);
    assertThat(store.latestSchema(Subject.of("s"))).contains(schema);
    assertThat(publish(new byte[] {1}, new byte[] {1}).version()).isEqualTo(ModelVersion.of(2));
    assertThat(store.registerSchema(Subject.of("s2"), "{\"type\":\"float\"}").id())
        .isNotEqualTo(schema.id());
  }

  @Test
  void shouldServeConcurrentReadersAndWriters() throws Exception {
    store.createModel(MODEL, "", "pub");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<byte[]>> work = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        byte[] keys = randomBytes(100 + i, 20_000);
        work.add(
            () -> {
              EvaluationKeyInfo info =
                  store.putEvaluationKeys(PS, "alice", new ByteArrayInputStream(keys));
              publish(keys, keys);
              return readAll(store.openEvaluationKeys(info.id()));
            });
      }
      for (Future<byte[]> f : pool.invokeAll(work)) {
        assertThat(f.get()).hasSize(20_000);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(store.listVersions(MODEL))
        .extracting(v -> v.version().number())
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 12).boxed().toList());
  }
}
