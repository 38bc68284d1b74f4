package io.fhestreams.ml.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.ml.compiler.CompilationException;
import io.fhestreams.ml.onnx.OnnxRuntimeReference;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every linear model class on real scikit-learn exports: encrypted == clear-quantized on every test
 * sample, simulate == encrypt, and accuracy (R² for regressors) fp32 vs quantized vs encrypted,
 * with the floor at the default n_bits: within 1 point of fp32 (R² within 0.01).
 */
class FheLinearModelTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");
  private static final List<String> TABLE = new ArrayList<>();

  interface Loader {
    FheLinearModel load(Path path) throws Exception;
  }

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("breast_cancer", "logistic", (Loader) FheLogisticRegression::fromOnnx),
        Arguments.of("breast_cancer", "logistic_gemm", (Loader) FheLogisticRegression::fromOnnx),
        Arguments.of("breast_cancer", "linear_svc", (Loader) FheLinearSVC::fromOnnx),
        Arguments.of("iris", "logistic", (Loader) FheLogisticRegression::fromOnnx),
        Arguments.of("iris", "linear_svc", (Loader) FheLinearSVC::fromOnnx),
        Arguments.of("wine", "logistic", (Loader) FheLogisticRegression::fromOnnx),
        Arguments.of("wine", "linear_svc", (Loader) FheLinearSVC::fromOnnx),
        Arguments.of("digits", "logistic", (Loader) FheLogisticRegression::fromOnnx),
        Arguments.of("digits", "linear_svc", (Loader) FheLinearSVC::fromOnnx),
        Arguments.of("diabetes", "linear", (Loader) FheLinearRegression::fromOnnx),
        Arguments.of("diabetes", "ridge", (Loader) FheLinearRegression::fromOnnx),
        Arguments.of("diabetes", "lasso", (Loader) FheLinearRegression::fromOnnx),
        Arguments.of("diabetes", "elastic_net", (Loader) FheLinearRegression::fromOnnx),
        Arguments.of("diabetes", "linear_svr", (Loader) FheLinearRegression::fromOnnx),
        Arguments.of("diabetes", "poisson", (Loader) FheGlmRegressor::fromOnnx),
        Arguments.of("diabetes", "gamma", (Loader) FheGlmRegressor::fromOnnx),
        Arguments.of("diabetes", "tweedie", (Loader) FheGlmRegressor::fromOnnx));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("models")
  void encryptedShouldEqualClearQuantizedOnEveryTestSample(
      String dataset, String model, Loader loader) throws Exception {
    Path onnx = FIXTURES.resolve(dataset + "_" + model + ".onnx");
    double[][] train = Dataset.readCsv(FIXTURES.resolve(dataset + "_train.csv")).rows();
    double[][] test = Dataset.readCsv(FIXTURES.resolve(dataset + "_test.csv")).rows();
    double[] y = Dataset.readCsv(FIXTURES.resolve(dataset + "_test_labels.csv")).column("target");
    FheLinearModel m = loader.load(onnx);
    boolean classifier = m.postProcessing().isClassifier();
    double[][] reference = OnnxRuntimeReference.scores(onnx, test);
    double fp32 =
        classifier
            ? accuracy(
                OnnxRuntimeReference.argMax(reference, m.postProcessing().producesProbabilities()),
                y)
            : r2(java.util.Arrays.stream(reference).mapToDouble(r -> r[0]).toArray(), y);

    for (int bits : new int[] {4, 6, 8}) {
      m.compile(train, ModelCompileOptions.defaults().withNBits(new NBits(bits)));
      assertThat(m.report().bootstraps()).as("linear models need no bootstrap").isZero();
      // one GLWE ciphertext each way (issue 18 item 4: every prediction under 16 KiB)
      assertThat(m.artifacts().server().coefficientEncoding())
          .as("%s %s n_bits=%d: %s", dataset, model, bits, m.report().ciphertextLayout())
          .isPresent();
      assertThat(m.report().outputBytesPerSample()).isLessThan(16 * 1024);
      Prediction[] clear = m.predict(test, ExecutionMode.CLEAR);
      Prediction[] simulated = m.predict(test, ExecutionMode.SIMULATE);
      Prediction[] encrypted = m.predict(test, ExecutionMode.ENCRYPT);
      for (int i = 0; i < test.length; i++) {
        assertThat(encrypted[i])
            .as("%s %s n_bits=%d sample %d", dataset, model, bits, i)
            .isEqualTo(clear[i]);
        assertThat(simulated[i])
            .as("%s %s n_bits=%d sample %d", dataset, model, bits, i)
            .isEqualTo(encrypted[i]);
      }
      double quantized = score(clear, y, classifier);
      double enc = score(encrypted, y, classifier);
      TABLE.add(
          String.format(
              Locale.ROOT,
              "%-14s %-14s %-9s n_bits=%d  fp32 %.4f  quantized %.4f  encrypted %.4f  (%s)",
              dataset,
              model,
              classifier ? "accuracy" : "R2",
              bits,
              fp32,
              quantized,
              enc,
              m.report().parameterSetId()));
      if (bits == FheLinearModel.DEFAULT_N_BITS.value()) {
        assertThat(enc)
            .as(
                "%s %s at the default n_bits: %s %.4f vs fp32 %.4f",
                dataset, model, classifier ? "accuracy" : "R2", enc, fp32)
            .isGreaterThanOrEqualTo(fp32 - 0.01);
      }
    }
  }

  @Test
  void shouldMatchTheRealModelComputedInDouble() throws Exception {
    Path onnx = FIXTURES.resolve("iris_logistic.onnx");
    double[][] test = Dataset.readCsv(FIXTURES.resolve("iris_test.csv")).rows();
    double[][] reference = OnnxRuntimeReference.scores(onnx, test);
    Prediction[] ours = FheLogisticRegression.fromOnnx(onnx).predictFloat(test);
    for (int i = 0; i < test.length; i++) {
      assertThat(ours[i].values())
          .as("sample %d", i)
          .containsExactly(reference[i], org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void binarySoftmaxShouldBecomeOneSigmoidScore() throws Exception {
    Path onnx = FIXTURES.resolve("breast_cancer_logistic.onnx");
    double[][] test = Dataset.readCsv(FIXTURES.resolve("breast_cancer_test.csv")).rows();
    FheLogisticRegression m = FheLogisticRegression.fromOnnx(onnx);
    assertThat(m.affineMap().outputs()).as("one encrypted output instead of two").isEqualTo(1);
    assertThat(m.postProcessing().activation())
        .isEqualTo(io.fhestreams.ml.quantization.Activation.SIGMOID);
    double[][] reference = OnnxRuntimeReference.scores(onnx, test);
    Prediction[] ours = m.predictFloat(test);
    for (int i = 0; i < test.length; i++) {
      assertThat(ours[i].values())
          .as("sample %d", i)
          .containsExactly(reference[i], org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void fromCoefficientsShouldBuildTheSameModelAsTheExport() throws Exception {
    FheLinearModel imported = FheLinearRegression.fromOnnx(FIXTURES.resolve("diabetes_ridge.onnx"));
    FheLinearRegression direct =
        FheLinearRegression.fromCoefficients(
            imported.affineMap().weights(), imported.affineMap().bias()[0]);
    double[][] train = Dataset.readCsv(FIXTURES.resolve("diabetes_train.csv")).rows();
    double[][] test = Dataset.readCsv(FIXTURES.resolve("diabetes_test.csv")).rows();
    imported.compile(train, ModelCompileOptions.defaults().withNBits(new NBits(8)));
    direct.compile(train, ModelCompileOptions.defaults().withNBits(new NBits(8)));
    assertThat(direct.predict(test, ExecutionMode.CLEAR))
        .isEqualTo(imported.predict(test, ExecutionMode.CLEAR));
    FheLogisticRegression binary =
        FheLogisticRegression.fromCoefficients(new double[][] {{1, -1}}, new double[] {0});
    assertThat(binary.postProcessing().classLabels()).containsExactly(0, 1);
  }

  @Test
  void wrongFamily_fails() {
    assertThatThrownBy(() -> FheLinearRegression.fromOnnx(FIXTURES.resolve("iris_logistic.onnx")))
        .hasMessageContaining("iris_logistic.onnx is a classifier, not a linear regressor");
    assertThatThrownBy(() -> FheLinearSVC.fromOnnx(FIXTURES.resolve("breast_cancer_logistic.onnx")))
        .hasMessageContaining("ends with SOFTMAX");
    assertThatThrownBy(() -> FheGlmRegressor.fromOnnx(FIXTURES.resolve("diabetes_ridge.onnx")))
        .hasMessageContaining("ends with IDENTITY");
  }

  @Test
  void predictBeforeCompile_fails() throws Exception {
    FheLinearModel m = FheLinearRegression.fromOnnx(FIXTURES.resolve("diabetes_lasso.onnx"));
    assertThatThrownBy(() -> m.predict(new double[][] {new double[10]}, ExecutionMode.CLEAR))
        .hasMessageContaining("is not compiled: call compile(calibration, options) first");
    assertThatThrownBy(() -> ExecutionMode.parse("fast"))
        .hasMessageContaining("accepted: [clear, simulate, encrypt]");
  }

  @Test
  void tooWideAccumulator_isRefusedNamingTheNode() throws Exception {
    FheLinearModel m =
        FheLogisticRegression.fromOnnx(FIXTURES.resolve("breast_cancer_logistic.onnx"));
    double[][] train = Dataset.readCsv(FIXTURES.resolve("breast_cancer_train.csv")).rows();
    assertThatThrownBy(
            () -> m.compile(train, ModelCompileOptions.defaults().withNBits(new NBits(12))))
        .isInstanceOf(CompilationException.class)
        .hasMessageContaining("output 'scores'")
        .hasMessageContaining("bit(s) too many");
  }

  @AfterAll
  static void printTable() {
    System.out.println(
        "---- linear models: fp32 (onnxruntime) / quantized (clear) / encrypted, test split ----");
    TABLE.forEach(System.out::println);
  }

  static double score(Prediction[] p, double[] y, boolean classifier) {
    double[] v = java.util.Arrays.stream(p).mapToDouble(Prediction::value).toArray();
    return classifier
        ? accuracy(java.util.Arrays.stream(v).mapToLong(d -> (long) d).toArray(), y)
        : r2(v, y);
  }

  static double accuracy(long[] predicted, double[] y) {
    int ok = 0;
    for (int i = 0; i < y.length; i++) {
      ok += predicted[i] == (long) y[i] ? 1 : 0;
    }
    return ok / (double) y.length;
  }

  static double r2(double[] predicted, double[] y) {
    double mean = java.util.Arrays.stream(y).average().orElseThrow();
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < y.length; i++) {
      ssRes += (y[i] - predicted[i]) * (y[i] - predicted[i]);
      ssTot += (y[i] - mean) * (y[i] - mean);
    }
    return 1 - ssRes / ssTot;
  }
}
