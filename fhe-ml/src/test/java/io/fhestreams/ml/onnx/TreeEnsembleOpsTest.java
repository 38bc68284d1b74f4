package io.fhestreams.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.trees.TreeEnsemble;
import io.fhestreams.ml.trees.TreeFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tree ensembles read by the shared importer through {@link TreeEnsembleOps}. */
class TreeEnsembleOpsTest {

  @ParameterizedTest
  @CsvSource({
    "breast_cancer,decision_tree",
    "breast_cancer,random_forest",
    "breast_cancer,gradient_boosting",
    "wine,decision_tree",
    "wine,random_forest",
    "wine,gradient_boosting",
    "digits,decision_tree",
    "digits,random_forest",
    "diabetes,decision_tree",
    "diabetes,random_forest"
  })
  void shouldReproduceScikitLearnPredictionsOnEveryTestRow(String dataset, String model)
      throws Exception {
    String name = dataset + "_" + model;
    TreeEnsemble e =
        OnnxImporter.importModel(TreeFixtures.TREES.resolve(name + ".onnx")).toTreeEnsemble();
    double[][] x = TreeFixtures.test(dataset);
    assertThat(e.features()).isEqualTo(x[0].length);
    Dataset ref = TreeFixtures.reference(name);
    double[] expected = ref.column("prediction");
    int agree = 0;
    for (int i = 0; i < x.length; i++) {
      Prediction p = e.predictFloat(x[i]);
      if (p.classifier()) {
        agree += p.label() == (long) expected[i] ? 1 : 0;
        for (int c = 0; c < p.values().length; c++) {
          assertThat(p.values()[c])
              .as("row %d proba %d", i, c)
              .isCloseTo(ref.column("proba_" + c)[i], within(1e-5));
        }
      } else {
        assertThat(p.value())
            .as("row %d", i)
            .isCloseTo(expected[i], within(1e-4 * Math.max(1, Math.abs(expected[i]))));
        agree++;
      }
    }
    // equal probabilities can break ties differently only on exact ties
    assertThat(agree).isGreaterThanOrEqualTo(x.length - 1);
  }

  @Test
  void linearModel_fails() {
    assertThatThrownBy(
            () ->
                OnnxImporter.importModel(TreeFixtures.FIXTURES.resolve("iris_logistic.onnx"))
                    .toTreeEnsemble())
        .hasMessageContaining("is not supported next to a tree ensemble");
  }
}
