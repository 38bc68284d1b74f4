package io.fhestreams.ml.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.ExecutionMode;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.quantization.Prediction;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quantization-aware fixtures of {@code tools/fixtures/make_qat_fixtures.py} (torch fake-quant
 * training, QCDQ export, power-of-two scales) compile to the exported model's own integers: the
 * graph's ONNX semantics evaluated here (half to even) give torch's fake-quant predictions row for
 * row, and the clear circuit's scores are those of the same semantics with exact rounding ties
 * broken half up (the circuit's rounding) on every row; a prediction that differs from torch's must
 * therefore come from a tie, and is counted.
 */
class QuantizationAwareNetTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"digits_qat_mlp_64_32_10_pt", "digits_qat_mlp_64_32_16_10_pc"})
  void compilesToTheExportedIntegers(String net) throws Exception {
    double[][] train = Dataset.readCsv(FIXTURES.resolve("digits_train.csv")).rows();
    double[][] test = Dataset.readCsv(FIXTURES.resolve("digits_test.csv")).rows();
    double[] labels = Dataset.readCsv(FIXTURES.resolve("digits_test_labels.csv")).column("target");
    double[] torch =
        Dataset.readCsv(FIXTURES.resolve("nn/" + net + "_torch.csv")).column("prediction");
    FheNeuralNetClassifier m =
        FheNeuralNetClassifier.fromOnnx(FIXTURES.resolve("nn/" + net + ".onnx"))
            .compile(train, ModelCompileOptions.defaults());
    QdqNet qdq = m.quantizationAware().orElseThrow();
    QuantizedNet lowered = qdq.lower();
    Prediction[] clear = m.predict(test, ExecutionMode.CLEAR);
    Prediction[] simulated = m.predict(test, ExecutionMode.SIMULATE);
    int mismatches = 0;
    int tieRows = 0;
    for (int i = 0; i < test.length; i++) {
      assertThat(simulated[i].label()).as("row %d simulated", i).isEqualTo(clear[i].label());
      int onnx = BitSearch.argMax(qdq.onnxScores(test[i], false));
      assertThat(onnx)
          .as("row %d: the graph's ONNX semantics against torch", i)
          .isEqualTo((int) torch[i]);
      double[] tiesUp = qdq.onnxScores(test[i], true);
      double[] circuit = lowered.clearScores(test[i]);
      for (int k = 0; k < circuit.length; k++) {
        assertThat(circuit[k]).as("row %d score %d", i, k).isCloseTo(tiesUp[k], within(1e-9));
      }
      assertThat(clear[i].label()).as("row %d", i).isEqualTo((long) BitSearch.argMax(tiesUp));
      int ties = qdq.roundingTies(test[i]);
      tieRows += ties > 0 ? 1 : 0;
      if (clear[i].label() != (long) torch[i]) {
        mismatches++;
        assertThat(ties).as("row %d differs from torch without a rounding tie", i).isPositive();
      }
    }
    double torchAccuracy = agreement(torch, labels);
    double clearAccuracy = accuracy(clear, labels);
    System.out.printf(
        "%s on %d test rows: torch fake-quant %.4f, clear-quantized %.4f, simulated %.4f,"
            + " %d predictions differ from torch (%d rows with a rounding tie), %s, %d bootstraps%n%s",
        net,
        test.length,
        torchAccuracy,
        clearAccuracy,
        accuracy(simulated, labels),
        mismatches,
        tieRows,
        m.report().parameterSetId(),
        m.report().bootstraps(),
        m.quantizationReport());
    if (mismatches == 0) {
      assertThat(clearAccuracy).isEqualTo(torchAccuracy);
    }
  }

  private static double accuracy(Prediction[] p, double[] labels) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) {
      ok += p[i].label() == (long) labels[i] ? 1 : 0;
    }
    return ok / (double) p.length;
  }

  private static double agreement(double[] predicted, double[] labels) {
    int ok = 0;
    for (int i = 0; i < predicted.length; i++) {
      ok += predicted[i] == labels[i] ? 1 : 0;
    }
    return ok / (double) predicted.length;
  }
}
