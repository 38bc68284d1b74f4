package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.FIXTURES;
import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.ml.deploy.ModelArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {

  @Test
  void shouldWriteBothArtifactsAndPrintTheReport(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("model");
    CliFixtures.Run run =
        fhe(
            "compile",
            "--model",
            FIXTURES.resolve("wine_logistic.onnx").toString(),
            "--calibration",
            FIXTURES.resolve("wine_train.csv").toString(),
            "--n-bits",
            "6",
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "parameter set",
            "LEVELED_INT24",
            "bootstraps/sample    0",
            "input/sample",
            "f0_alcohol");
    ModelArtifacts artifacts = ModelArtifacts.load(out);
    assertThat(artifacts.client().featureNames()).hasSize(13).startsWith("f0_alcohol");
    assertThat(artifacts.client().inputQuantizers().get(0).nBits().value()).isEqualTo(6);
    assertThat(Files.exists(out.resolve(ModelArtifacts.SERVER_FILE))).isTrue();
  }

  @Test
  void unsupportedOperator_failsWithOneLineOnStderr(@TempDir Path tmp) throws Exception {
    // a graph with an LpPool node: written by hand, the importer must name it
    Path bad = tmp.resolve("lp_pool.onnx");
    Files.write(bad, UnsupportedOperatorModel.bytes());
    CliFixtures.Run run =
        fhe(
            "compile",
            "--model",
            bad.toString(),
            "--calibration",
            FIXTURES.resolve("iris_train.csv").toString(),
            "--out",
            tmp.resolve("out").toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip())
        .startsWith("fhe compile: node 'squash' (LpPool): unsupported operator 'LpPool'")
        .doesNotContain("\n");
  }

  @Test
  void wrongCalibrationWidth_fails(@TempDir Path tmp) {
    CliFixtures.Run run =
        fhe(
            "compile",
            "--model",
            FIXTURES.resolve("wine_logistic.onnx").toString(),
            "--calibration",
            FIXTURES.resolve("iris_train.csv").toString(),
            "--out",
            tmp.toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("has 4 columns, model wine_logistic.onnx expects 13 features");
  }

  @Test
  void tooManyBits_failsNamingTheNode(@TempDir Path tmp) {
    CliFixtures.Run run =
        fhe(
            "compile",
            "--model",
            FIXTURES.resolve("breast_cancer_logistic.onnx").toString(),
            "--calibration",
            FIXTURES.resolve("breast_cancer_train.csv").toString(),
            "--n-bits",
            "12",
            "--out",
            tmp.toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("output 'scores'").contains("bit(s) too many");
  }

  @Test
  void shouldRecordTheFailureTargetInTheReport(@TempDir Path tmp) {
    CliFixtures.Run run =
        fhe(
            "compile",
            "--model",
            FIXTURES.resolve("iris_logistic.onnx").toString(),
            "--calibration",
            FIXTURES.resolve("iris_train.csv").toString(),
            "--p-fail-log2",
            "-64",
            "--out",
            tmp.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("(target 2^-64.0)");
    assertThat(
            fhe(
                    "compile",
                    "--model",
                    FIXTURES.resolve("iris_logistic.onnx").toString(),
                    "--calibration",
                    FIXTURES.resolve("iris_train.csv").toString(),
                    "--p-fail-log2",
                    "0",
                    "--out",
                    tmp.toString())
                .err())
        .contains("log2 p_fail target must be < 0, found 0.0");
  }

  @Test
  void shouldCompileTheDigitsMlp_andPredictItInClear(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("mlp");
    CliFixtures.Run run =
        fhe(
            "compile",
            "--neural-net",
            "--model",
            FIXTURES.resolve("nn/digits_mlp.onnx").toString(),
            "--calibration",
            FIXTURES.resolve("digits_train.csv").toString(),
            "--n-bits",
            "3",
            "--weight-bits",
            "4",
            "--rounding-bits",
            "5",
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("/W").contains("quantization         3/4/3/5");
    assertThat(ModelArtifacts.load(out).client().featureNames()).hasSize(64);
    Path csv = tmp.resolve("clear.csv");
    CliFixtures.Run predict =
        fhe(
            "predict",
            "--model",
            out.toString(),
            "--input",
            FIXTURES.resolve("digits_test.csv").toString(),
            "--mode",
            "clear",
            "--out",
            csv.toString());
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    java.util.List<String> rows = Files.readAllLines(csv);
    java.util.List<String> labels = Files.readAllLines(FIXTURES.resolve("digits_test_labels.csv"));
    assertThat(rows).hasSize(labels.size());
    int correct = 0;
    for (int i = 1; i < rows.size(); i++) {
      correct += rows.get(i).split(",")[0].equals(labels.get(i).trim()) ? 1 : 0;
    }
    assertThat(correct / (double) (rows.size() - 1))
        .as("clear-quantized accuracy of the digits MLP")
        .isGreaterThan(0.93);
  }

  /**
   * A torch MLP compiles as a neural net with no flag (the family is recognised from the file), to
   * the same server artifact as with the {@code --neural-net} override.
   */
  @Test
  void anOnnxMlp_compilesWithoutAFlag(@TempDir Path tmp) throws Exception {
    String mlp = FIXTURES.resolve("nn/digits_mlp.onnx").toString();
    String calibration = FIXTURES.resolve("digits_train.csv").toString();
    Path detected = tmp.resolve("detected");
    CliFixtures.Run run =
        fhe("compile", "--model", mlp, "--calibration", calibration, "--out", detected.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("/W");
    Path forced = tmp.resolve("forced");
    CliFixtures.Run override =
        fhe(
            "compile",
            "--neural-net",
            "--model",
            mlp,
            "--calibration",
            calibration,
            "--out",
            forced.toString());
    assertThat(override.exitCode()).as(override.err()).isZero();
    ModelArtifacts artifacts = ModelArtifacts.load(detected);
    assertThat(artifacts.client().report().bootstraps()).as("lookups after the ReLU").isPositive();
    assertThat(run.out())
        .as("the bits chosen on held-out calibration rows, and the uniform settings scored")
        .contains("bits chosen on 314 held-out of 1257 calibration rows")
        .contains("n_bits 3 ")
        .contains("  chosen ");
    assertThat(
            Files.mismatch(
                detected.resolve(ModelArtifacts.SERVER_FILE),
                forced.resolve(ModelArtifacts.SERVER_FILE)))
        .isEqualTo(-1);
  }

  /**
   * 5-bit inputs, weights and activations need a 14-bit first accumulator: the compile tries both
   * pruning the smallest weights and splitting the products into partial sums until every
   * accumulator fits the widest set (12 bits) and its noise, reports the agreement with the
   * real-valued net and the bootstraps of each, and keeps one that fits.
   */
  @Test
  void neuralNetWithTooManyBits_compilesByPruningOrSplitting(@TempDir Path tmp) throws Exception {
    CliFixtures.Run run =
        fhe(
            "compile",
            "--neural-net",
            "--model",
            FIXTURES.resolve("nn/digits_mlp.onnx").toString(),
            "--calibration",
            FIXTURES.resolve("digits_train.csv").toString(),
            "--n-bits",
            "5",
            "--out",
            tmp.resolve("x").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("quantization         5/5/5/6")
        .containsPattern("\n  pruning  +\\S")
        .containsPattern("\n  splitting +\\S")
        .containsPattern(
            "  (pruning|splitting) +accumulators <= \\d+ bits: agreement .*\\(chosen\\)");
    assertThat(ModelArtifacts.load(tmp.resolve("x")).client().report().widestValueBits())
        .isLessThanOrEqualTo(12);
  }

  /**
   * A scikit-learn KNN export compiles without a flag, a CSV of the same points with --knn --k, to
   * the same circuit; the compile prints the KNN line and clear predictions classify the test rows.
   */
  @Test
  void knnExportAndCsvOfPoints_compileToTheSameCircuit(@TempDir Path tmp) throws Exception {
    Path knn = FIXTURES.resolve("knn");
    Path calibration = knn.resolve("wine_knn_test.csv");
    Path fromJson = tmp.resolve("json");
    CliFixtures.Run json =
        fhe(
            "compile",
            "--model",
            knn.resolve("wine_knn.json").toString(),
            "--calibration",
            calibration.toString(),
            "--out",
            fromJson.toString());
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json.out()).contains("knn: 124 points, k=5, 3 classes", "bootstraps per sample");
    Path fromCsv = tmp.resolve("csv");
    CliFixtures.Run csv =
        fhe(
            "compile",
            "--knn",
            "--k",
            "5",
            "--model",
            knn.resolve("wine_knn_points.csv").toString(),
            "--calibration",
            calibration.toString(),
            "--out",
            fromCsv.toString());
    assertThat(csv.exitCode()).as(csv.err()).isZero();
    assertThat(ModelArtifacts.load(fromCsv).server().circuit().nodes())
        .isEqualTo(ModelArtifacts.load(fromJson).server().circuit().nodes());
    Path predictions = tmp.resolve("clear.csv");
    CliFixtures.Run predict =
        fhe(
            "predict",
            "--model",
            fromCsv.toString(),
            "--input",
            calibration.toString(),
            "--mode",
            "clear",
            "--out",
            predictions.toString());
    assertThat(predict.exitCode()).as(predict.err()).isZero();
    java.util.List<String> rows = Files.readAllLines(predictions);
    java.util.List<String> reference = Files.readAllLines(knn.resolve("wine_knn_sklearn.csv"));
    assertThat(rows).hasSize(reference.size());
    int correct = 0;
    int sklearnCorrect = 0;
    for (int i = 1; i < rows.size(); i++) {
      String[] sklearnAndTruth = reference.get(i).split(",");
      correct += rows.get(i).split(",")[0].equals(sklearnAndTruth[1]) ? 1 : 0;
      sklearnCorrect += sklearnAndTruth[0].equals(sklearnAndTruth[1]) ? 1 : 0;
    }
    assertThat(correct)
        .as("test rows the wine KNN classifies right, clear-quantized, against scikit-learn's")
        .isEqualTo(sklearnCorrect);
  }

  @Test
  void kWithoutKnn_fails(@TempDir Path tmp) {
    CliFixtures.Run run =
        fhe(
            "compile",
            "--k",
            "3",
            "--model",
            FIXTURES.resolve("wine_logistic.onnx").toString(),
            "--calibration",
            FIXTURES.resolve("wine_train.csv").toString(),
            "--out",
            tmp.toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--k applies to KNN models only");
  }

  /**
   * --knn-distances TRUNCATED compiles the wine KNN export with truncated distances: the knn line
   * names them, and the circuit takes fewer bootstraps than the exact default's; given a model of
   * another family it is refused.
   */
  @Test
  void knnDistancesTruncated_compilesTheCheaperCircuit(@TempDir Path tmp) throws Exception {
    Path knn = FIXTURES.resolve("knn");
    long[] bootstraps = new long[2];
    String[] modes = {"EXACT", "TRUNCATED"};
    for (int i = 0; i < modes.length; i++) {
      Path out = tmp.resolve(modes[i]);
      CliFixtures.Run run =
          fhe(
              "compile",
              "--knn-distances",
              modes[i],
              "--model",
              knn.resolve("wine_knn.json").toString(),
              "--calibration",
              knn.resolve("wine_knn_test.csv").toString(),
              "--out",
              out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains(modes[i] + " distances");
      bootstraps[i] = ModelArtifacts.load(out).server().circuit().bootstrapCount();
    }
    assertThat(bootstraps[1]).as("truncated against exact bootstraps").isLessThan(bootstraps[0]);
    CliFixtures.Run other =
        fhe(
            "compile",
            "--knn-distances",
            "TRUNCATED",
            "--model",
            FIXTURES.resolve("wine_logistic.onnx").toString(),
            "--calibration",
            FIXTURES.resolve("wine_train.csv").toString(),
            "--out",
            tmp.resolve("other").toString());
    assertThat(other.exitCode()).isNotZero();
    assertThat(other.err()).contains("--knn-distances applies to KNN models only");
  }
}
