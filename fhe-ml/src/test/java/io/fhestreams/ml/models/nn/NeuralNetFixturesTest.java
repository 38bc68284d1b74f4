package io.fhestreams.ml.models.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.ExecutionMode;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.quantization.Prediction;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The nets of {@code tools/fixtures/make_nn_accuracy_fixtures.py} (trained without quantization in
 * mind, 2–4 dense layers or a CNN, digits, breast cancer, wine and a synthetic set) and the bundled
 * digits MLP, compiled with the defaults: the bits are chosen on held-out calibration rows (the
 * training split), accuracy is measured on the test split.
 */
class NeuralNetFixturesTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  /**
   * Largest loss of test accuracy at the defaults, clear-quantized against fp64, over the fixtures:
   * issue 19's 1-point floor, met by every fixture since the bit search trades a layer's input bits
   * against its weight bits and ranks by agreement only where it differs significantly (measured
   * worst 0.94 points, synthetic_mlp_16_64_4_s3; wine_mlp_13_32_3_s29, which missed it by one of 54
   * rows before, now 0).
   */
  static final double MAX_ACCURACY_LOSS = 0.01;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "digits_mlp, digits",
    "digits_mlp_64_128_10_s1, digits",
    "digits_mlp_64_64_32_10_s7, digits",
    "digits_mlp_64_48_24_16_10_s11, digits",
    "digits_cnn_4_8_s13, digits",
    "breast_cancer_mlp_30_32_16_2_s5, breast_cancer",
    "synthetic_mlp_16_64_4_s3, synthetic",
    "synthetic_mlp_16_96_48_4_s23, synthetic",
    // added after the levers were tuned on the nets above (issue 19: fixtures nobody tuned for)
    "wine_mlp_13_32_3_s29, wine",
    "digits_mlp_64_80_40_10_s31, digits",
    // added after the bit search scored small calibration sets on all their rows, not looked at
    // before that change was final
    "wine_mlp_13_16_8_3_s43, wine",
    "breast_cancer_mlp_30_16_2_s41, breast_cancer",
    "digits_mlp_64_96_10_s47, digits",
    // added after the search traded input against weight bits, not looked at before that
    "digits_cnn_4_8_s59, digits"
  })
  void defaults_keepAccuracy_andSimulationEqualsClear(String net, String dataset) throws Exception {
    double[][] train = Dataset.readCsv(FIXTURES.resolve(dataset + "_train.csv")).rows();
    double[][] test = Dataset.readCsv(FIXTURES.resolve(dataset + "_test.csv")).rows();
    double[] labels =
        Dataset.readCsv(FIXTURES.resolve(dataset + "_test_labels.csv")).column("target");
    double[] torch =
        Dataset.readCsv(FIXTURES.resolve("nn/" + net + "_torch.csv")).column("prediction");
    FheNeuralNetClassifier m =
        FheNeuralNetClassifier.fromOnnx(FIXTURES.resolve("nn/" + net + ".onnx"))
            .compile(train, ModelCompileOptions.defaults());
    Prediction[] real = m.predictFloat(test);
    Prediction[] clear = m.predict(test, ExecutionMode.CLEAR);
    Prediction[] simulated = m.predict(test, ExecutionMode.SIMULATE);
    double fp = accuracy(real, labels);
    double quantized = accuracy(clear, labels);
    System.out.printf(
        "%s on %d test rows: fp32 %.4f, clear-quantized %.4f, simulated %.4f, %s, %d bootstraps%n%s",
        net,
        test.length,
        fp,
        quantized,
        accuracy(simulated, labels),
        m.report().parameterSetId(),
        m.report().bootstraps(),
        m.quantizationReport());
    // the import reads torch's graph: its fp32 arg-max, but for near ties
    assertThat(accuracy(real, torch)).as("agreement with torch").isGreaterThan(0.99);
    assertThat(quantized).isGreaterThanOrEqualTo(fp - MAX_ACCURACY_LOSS);
    for (int i = 0; i < test.length; i++) {
      assertThat(simulated[i].label()).as("row %d", i).isEqualTo(clear[i].label());
    }
    assertThat(m.report().widestValueBits())
        .isLessThanOrEqualTo(FheNeuralNetClassifier.MAX_ACCUMULATOR_BITS);
    assertThat(m.quantizationReport()).contains("  chosen ");
  }

  private static double accuracy(Prediction[] p, double[] labels) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) {
      ok += p[i].label() == (long) labels[i] ? 1 : 0;
    }
    return ok / (double) p.length;
  }
}
