package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.FIXTURES;
import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {

  private static Path compile(Path tmp, String dataset, String model) {
    Path out = tmp.resolve(dataset + "_" + model);
    CliFixtures.Run run =
        fhe(
            "compile",
            "--model",
            FIXTURES.resolve(dataset + "_" + model + ".onnx").toString(),
            "--calibration",
            FIXTURES.resolve(dataset + "_train.csv").toString(),
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return out;
  }

  private static List<String> predict(Path tmp, Path model, String dataset, String mode)
      throws Exception {
    Path csv = tmp.resolve(mode + ".csv");
    CliFixtures.Run run =
        fhe(
            "predict",
            "--model",
            model.toString(),
            "--input",
            FIXTURES.resolve(dataset + "_test.csv").toString(),
            "--mode",
            mode,
            "--out",
            csv.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Files.readAllLines(csv);
  }

  @Test
  void encryptShouldWriteTheSameRowsAsClearAndSimulate(@TempDir Path tmp) throws Exception {
    Path model = compile(tmp, "iris", "logistic");
    List<String> clear = predict(tmp, model, "iris", "clear");
    List<String> simulate = predict(tmp, model, "iris", "simulate");
    List<String> encrypt = predict(tmp, model, "iris", "encrypt");
    assertThat(clear.get(0)).isEqualTo("prediction,proba_0,proba_1,proba_2");
    assertThat(clear).hasSize(1 + 45);
    assertThat(encrypt).isEqualTo(clear);
    assertThat(simulate).isEqualTo(clear);
    List<String> labels = Files.readAllLines(FIXTURES.resolve("iris_test_labels.csv"));
    long correct = 0;
    for (int i = 1; i < labels.size(); i++) {
      correct += encrypt.get(i).split(",")[0].equals(labels.get(i).trim()) ? 1 : 0;
    }
    assertThat(correct / 45.0).as("encrypted accuracy on iris").isGreaterThan(0.85);
  }

  @Test
  void shouldWriteValuesForARegressorAndScoresForAnSvc(@TempDir Path tmp) throws Exception {
    List<String> ridge = predict(tmp, compile(tmp, "diabetes", "ridge"), "diabetes", "encrypt");
    assertThat(ridge.get(0)).isEqualTo("prediction");
    assertThat(Double.parseDouble(ridge.get(1))).isBetween(0.0, 400.0);
    List<String> svc =
        predict(tmp, compile(tmp, "breast_cancer", "linear_svc"), "breast_cancer", "clear");
    assertThat(svc.get(0)).isEqualTo("prediction,score_0,score_1");
  }

  @Test
  void badModeOrSchema_fails(@TempDir Path tmp) {
    Path model = compile(tmp, "iris", "linear_svc");
    CliFixtures.Run mode =
        fhe(
            "predict",
            "--model",
            model.toString(),
            "--input",
            FIXTURES.resolve("iris_test.csv").toString(),
            "--mode",
            "fast",
            "--out",
            tmp.resolve("x.csv").toString());
    assertThat(mode.exitCode()).isNotZero();
    assertThat(mode.err())
        .contains("unknown execution mode 'fast'; accepted: [clear, simulate, encrypt]");
    CliFixtures.Run schema =
        fhe(
            "predict",
            "--model",
            model.toString(),
            "--input",
            FIXTURES.resolve("wine_test.csv").toString(),
            "--out",
            tmp.resolve("y.csv").toString());
    assertThat(schema.exitCode()).isNotZero();
    assertThat(schema.err()).contains("do not match the model's input schema");
  }
}
