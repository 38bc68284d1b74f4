package io.fhestreams.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.clients.consumer.DecryptedPrediction;
import io.fhestreams.clients.consumer.SentRequests;
import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.clients.producer.EncryptedProducer;
import io.fhestreams.clients.producer.RequestSpread;
import io.fhestreams.clients.producer.StageTarget;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheLinearModel;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.streams.backend.RegistryBackendSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollout by stage on a real broker, registry and streams app in this process (the app's default
 * {@code registry.stage.refresh.ms}): a producer addressing {@code production} keeps sending one
 * request at a time while new versions with the same client artifact are promoted; every answer is
 * the clear model's, no answer goes back to an older version once a newer one answered, and the
 * delay from each promote call to the first answer by the new version is printed as a figure.
 */
class StagePromotionIT {
  private static final Path FIXTURES = Path.of("../fhe-ml/src/test/resources/fixtures");
  private static final ModelName IRIS = ModelName.of("iris");
  private static final int PROMOTIONS = 3;
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void promotionsReachTheRequestsOfAStageProducer_andOldVersionsAnswerNoMoreAfterwards()
      throws Exception {
    Dataset train = Dataset.readCsv(FIXTURES.resolve("iris_train.csv"));
    ModelArtifacts artifacts =
        FheLinearModel.fromOnnx(FIXTURES.resolve("iris_logistic.onnx"))
            .withFeatureNames(train.columns())
            .compile(train.rows(), ModelCompileOptions.defaults())
            .artifacts();
    artifacts.save(tmp.resolve("model"));
    double[][] rows = Dataset.readCsv(FIXTURES.resolve("iris_test.csv")).rows();
    FheServer clear = FheServer.of(artifacts.server());

    try (LocalStack stack = LocalStack.start(tmp.resolve("stack"))) {
      RegistryClient registry = stack.registryClient();
      registry.createModel(IRIS, "rollout");
      ModelVersion first = publish(registry);
      registry.setStage(IRIS, first, Stage.PRODUCTION);

      assertThatThrownBy(() -> StageTarget.resolve(registry, IRIS, Stage.STAGING))
          .hasMessageContaining("no version in stage 'staging'");
      StageTarget target = StageTarget.resolve(registry, IRIS, Stage.PRODUCTION);
      assertThat(target.version().version()).isEqualTo(first);
      ClientIdentity identity = ClientIdentity.generate(target.clientArtifact());
      List<String> figures = new ArrayList<>();
      try (EncryptedProducer producer =
          EncryptedProducer.open(
              stack.kafkaEndpoints(),
              identity,
              registry,
              target,
              Duration.ofSeconds(60),
              SentRequests.inMemory(),
              RequestSpread.DEFAULT)) {
        int row = 0;
        DecryptedPrediction warm = producer.send(rows[row]).get(60, TimeUnit.SECONDS);
        assertThat(warm.modelVersion()).isEqualTo(first.toString());
        ModelVersion current = first;
        for (int p = 0; p < PROMOTIONS; p++) {
          ModelVersion next = publish(registry);
          long promoted = System.nanoTime();
          registry.setStage(IRIS, next, Stage.PRODUCTION);
          int answeredByOld = 0;
          while (true) {
            row = (row + 1) % rows.length;
            DecryptedPrediction d = producer.send(rows[row]).get(60, TimeUnit.SECONDS);
            long answered = System.nanoTime();
            assertThat(d.outputs())
                .as("row %d answered by version %s", row, d.modelVersion())
                .containsExactly(clear.runClear(artifacts.client().quantize(rows[row])));
            if (d.modelVersion().equals(next.toString())) {
              figures.add(
                  String.format(
                      "v%s->v%s %d ms (%d answers by v%s after the promote call; evaluation %d ms)",
                      current,
                      next,
                      (answered - promoted) / 1_000_000,
                      answeredByOld,
                      current,
                      d.serverProcessing().toMillis()));
              break;
            }
            assertThat(d.modelVersion())
                .as("before the new version answers, the previous one does")
                .isEqualTo(current.toString());
            answeredByOld++;
            assertThat(Duration.ofNanos(answered - promoted))
                .as("liveness bound: the promotion reaches the app at all")
                .isLessThan(LONGEST_WAIT);
          }
          current = next;
          for (int again = 0; again < 3; again++) {
            row = (row + 1) % rows.length;
            assertThat(producer.send(rows[row]).get(60, TimeUnit.SECONDS).modelVersion())
                .as("no way back to an older version")
                .isEqualTo(current.toString());
          }
        }
      }
      System.out.println(
          "FIGURES promotion delay (promote call -> first answer decrypted from the new version,"
              + " registry.stage.refresh.ms default "
              + RegistryBackendSettings.DEFAULT_STAGE_REFRESH.toMillis()
              + "): "
              + String.join("; ", figures));
    }
  }

  private ModelVersion publish(RegistryClient registry) {
    return registry
        .publishVersion(IRIS, tmp.resolve("model/client.fhe"), tmp.resolve("model/server.fhe"))
        .version();
  }
}
