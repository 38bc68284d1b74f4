package io.fhestreams.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.clients.consumer.DeadLetteredException;
import io.fhestreams.clients.consumer.DecryptedPrediction;
import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.clients.producer.EncryptedProducer;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheLinearModel;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer and consumer against a real broker, registry and streams app in this process. */
class EncryptedProducerIT {
  private static final Path FIXTURES = Path.of("../fhe-ml/src/test/resources/fixtures");
  @TempDir static Path tmp;
  static LocalStack stack;
  static ModelArtifacts artifacts;
  static ModelVersionInfo version;
  static double[][] rows;

  @BeforeAll
  static void start() throws Exception {
    stack = LocalStack.start(tmp.resolve("stack"));
    Dataset train = Dataset.readCsv(FIXTURES.resolve("iris_train.csv"));
    FheLinearModel m =
        FheLinearModel.fromOnnx(FIXTURES.resolve("iris_logistic.onnx"))
            .withFeatureNames(train.columns())
            .compile(train.rows(), ModelCompileOptions.defaults());
    artifacts = m.artifacts();
    artifacts.save(tmp.resolve("model"));
    RegistryClient registry = stack.registryClient();
    registry.createModel(ModelName.of("iris"), "test");
    version =
        registry.publishVersion(
            ModelName.of("iris"), tmp.resolve("model/client.fhe"), tmp.resolve("model/server.fhe"));
    registry.setStage(ModelName.of("iris"), version.version(), Stage.PRODUCTION);
    rows = Dataset.readCsv(FIXTURES.resolve("iris_test.csv")).rows();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static EncryptedProducer open(ClientIdentity identity, ModelVersion v, Duration timeout) {
    return EncryptedProducer.open(
        stack.kafkaEndpoints(), identity, stack.registryClient(), ModelName.of("iris"), v, timeout);
  }

  @Test
  void everyDecryptedPredictionShouldEqualTheClearQuantizedModel() throws Exception {
    ClientIdentity identity = ClientIdentity.generate(artifacts.client());
    FheServer clear = FheServer.of(artifacts.server());
    try (EncryptedProducer producer = open(identity, version.version(), Duration.ofSeconds(60))) {
      assertThat(producer.uploadedKeys()).isTrue();
      List<CompletableFuture<DecryptedPrediction>> answers = new ArrayList<>();
      for (double[] row : rows) {
        answers.add(producer.send(row));
      }
      for (int i = 0; i < rows.length; i++) {
        DecryptedPrediction d = answers.get(i).get(60, TimeUnit.SECONDS);
        long[] expected = clear.runClear(artifacts.client().quantize(rows[i]));
        assertThat(d.outputs()).as("row %d", i).containsExactly(expected);
        assertThat(d.prediction()).isEqualTo(artifacts.client().dequantize(expected));
        assertThat(d.modelVersion()).isEqualTo(version.version().toString());
      }
      assertThat(answers.stream().map(a -> a.join().requestId()).distinct()).hasSize(rows.length);
    }
    // a second producer with the same identity finds the keys already there
    try (EncryptedProducer again = open(identity, version.version(), Duration.ofSeconds(60))) {
      assertThat(again.uploadedKeys()).isFalse();
      assertThat(again.send(rows[0]).get(60, TimeUnit.SECONDS).outputs())
          .containsExactly(clear.runClear(artifacts.client().quantize(rows[0])));
    }
  }

  @Test
  void twoClientsShouldEachReadOnlyTheirOwnAnswers() throws Exception {
    ClientIdentity alice = ClientIdentity.generate(artifacts.client());
    ClientIdentity bob = ClientIdentity.generate(artifacts.client());
    assertThat(alice.keyId()).isNotEqualTo(bob.keyId());
    try (EncryptedProducer a = open(alice, version.version(), Duration.ofSeconds(60));
        EncryptedProducer b = open(bob, version.version(), Duration.ofSeconds(60))) {
      CompletableFuture<DecryptedPrediction> fa = a.send(rows[1]);
      CompletableFuture<DecryptedPrediction> fb = b.send(rows[2]);
      long[] expectedA =
          FheServer.of(artifacts.server()).runClear(artifacts.client().quantize(rows[1]));
      long[] expectedB =
          FheServer.of(artifacts.server()).runClear(artifacts.client().quantize(rows[2]));
      assertThat(fa.get(60, TimeUnit.SECONDS).outputs()).containsExactly(expectedA);
      assertThat(fb.get(60, TimeUnit.SECONDS).outputs()).containsExactly(expectedB);
    }
  }

  @Test
  void requestForAnUnknownModelVersion_failsWithTheDeadLetterReason() {
    ClientIdentity identity = ClientIdentity.generate(artifacts.client());
    try (EncryptedProducer producer = open(identity, ModelVersion.of(99), Duration.ofSeconds(60))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> producer.send(rows[0]).get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(DeadLetteredException.class)
          .hasMessageContaining("UNKNOWN_MODEL");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }
  }

  @Test
  void unansweredRequest_timesOut() throws Exception {
    ClientIdentity identity = ClientIdentity.generate(artifacts.client());
    try (EncryptedProducer producer = open(identity, version.version(), Duration.ofMillis(1))) {
      assertThatThrownBy(() -> producer.send(rows[0]).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(TimeoutException.class);
    }
  }
}
