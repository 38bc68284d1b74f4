package io.fhestreams.ml.trees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.quantization.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XGBoostJsonImporterTest {

  @ParameterizedTest
  @CsvSource({
    "breast_cancer,breast_cancer_xgb,20",
    "breast_cancer,breast_cancer_xgb_small,3",
    "wine,wine_xgb,30",
    "digits,digits_xgb,100",
    "diabetes,diabetes_xgb,20"
  })
  void shouldReproduceXGBoostPredictionsOnEveryTestRow(String dataset, String model, int trees)
      throws Exception {
    TreeEnsemble e = XGBoostJsonImporter.importModel(TreeFixtures.TREES.resolve(model + ".json"));
    assertThat(e.trees()).hasSize(trees);
    double[][] x = TreeFixtures.test(dataset);
    Dataset ref = TreeFixtures.reference(model);
    double[] expected = ref.column("prediction");
    for (int i = 0; i < x.length; i++) {
      Prediction p = e.predictFloat(x[i]);
      if (p.classifier()) {
        assertThat(p.label()).as("row %d", i).isEqualTo((long) expected[i]);
        for (int c = 0; c < p.values().length; c++) {
          // xgboost sums in float32
          assertThat(p.values()[c])
              .as("row %d proba %d", i, c)
              .isCloseTo(ref.column("proba_" + c)[i], within(2e-5));
        }
      } else {
        assertThat(p.value())
            .as("row %d", i)
            .isCloseTo(expected[i], within(1e-3 + 1e-5 * Math.abs(expected[i])));
      }
    }
  }

  @Test
  void unsupportedObjective_fails(@TempDir Path dir) throws Exception {
    String json =
        Files.readString(TreeFixtures.TREES.resolve("breast_cancer_xgb_small.json"))
            .replace("\"binary:logistic\"", "\"rank:pairwise\"");
    Path f = dir.resolve("m.json");
    Files.writeString(f, json);
    assertThatThrownBy(() -> XGBoostJsonImporter.importModel(f))
        .hasMessageContaining("objective 'rank:pairwise' is not supported");
  }

  @Test
  void notAnXGBoostFile_fails(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.json");
    Files.writeString(f, "{\"foo\": 1}");
    assertThatThrownBy(() -> XGBoostJsonImporter.importModel(f))
        .hasMessageContaining("missing field 'learner'");
  }
}
