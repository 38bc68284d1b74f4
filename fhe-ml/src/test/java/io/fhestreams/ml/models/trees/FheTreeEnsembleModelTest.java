package io.fhestreams.ml.models.trees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.ExecutionMode;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.trees.TreeFixtures;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FheTreeEnsembleModelTest {

  static FheTreeEnsembleModel load(String file) throws Exception {
    Path p = TreeFixtures.TREES.resolve(file);
    return file.endsWith(".json")
        ? FheTreeEnsembleModel.fromXGBoostJson(p)
        : FheTreeEnsembleModel.fromOnnx(p);
  }

  static double accuracy(Prediction[] p, double[] labels) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) {
      ok += p[i].label() == (long) labels[i] ? 1 : 0;
    }
    return ok / (double) p.length;
  }

  /**
   * Clear-quantized accuracy at the default n_bits against the original library's own, on whole
   * test sets.
   */
  @ParameterizedTest
  @CsvSource({
    "breast_cancer,breast_cancer_xgb,0.01",
    "wine,wine_xgb,0.01",
    "digits,digits_xgb,0.01",
    "breast_cancer,breast_cancer_decision_tree,0.01",
    "wine,wine_decision_tree,0.01",
    "digits,digits_decision_tree,0.01",
    "breast_cancer,breast_cancer_random_forest,0.01",
    "wine,wine_random_forest,0.01",
    "digits,digits_random_forest,0.01",
    "breast_cancer,breast_cancer_gradient_boosting,0.01",
    "wine,wine_gradient_boosting,0.01"
  })
  void quantizedAccuracy_staysCloseToTheOriginalModel(
      String dataset, String model, double allowedLoss) throws Exception {
    FheTreeEnsembleModel m =
        load(model + (model.endsWith("xgb") ? ".json" : ".onnx"))
            .compile(TreeFixtures.train(dataset), ModelCompileOptions.defaults());
    double[][] x = TreeFixtures.test(dataset);
    double[] y = TreeFixtures.labels(dataset);
    double[] ref = TreeFixtures.reference(model).column("prediction");
    Prediction[] original = new Prediction[ref.length];
    for (int i = 0; i < ref.length; i++) {
      original[i] = new Prediction((long) ref[i], new double[0], true, false);
    }
    double fp = accuracy(original, y);
    double q = accuracy(m.predict(x, ExecutionMode.CLEAR), y);
    System.out.printf(
        "%s: original %.4f, float import %.4f, clear quantized %.4f, %d bootstraps/sample, %s%n",
        model,
        fp,
        accuracy(m.predictFloat(x), y),
        q,
        m.bootstrapsPerSample(),
        m.report().parameterSetId());
    assertThat(q).as(model).isGreaterThanOrEqualTo(fp - allowedLoss);
    assertThat(m.report().parameterSetId()).contains("MESSAGE_2_CARRY_2");
  }

  @Test
  void regressors_stayCloseToTheOriginalModel() throws Exception {
    double[][] x = TreeFixtures.test("diabetes");
    double[] y = TreeFixtures.labels("diabetes");
    for (String model :
        new String[] {
          "diabetes_xgb.json", "diabetes_decision_tree.onnx", "diabetes_random_forest.onnx"
        }) {
      FheTreeEnsembleModel m =
          load(model).compile(TreeFixtures.train("diabetes"), ModelCompileOptions.defaults());
      double[] ref =
          TreeFixtures.reference(model.substring(0, model.indexOf('.'))).column("prediction");
      Prediction[] q = m.predict(x, ExecutionMode.CLEAR);
      double refErr = 0;
      double qErr = 0;
      for (int i = 0; i < x.length; i++) {
        refErr += Math.abs(ref[i] - y[i]);
        qErr += Math.abs(q[i].value() - y[i]);
      }
      System.out.printf(
          "%s: MAE original %.2f, clear quantized %.2f%n",
          model, refErr / x.length, qErr / x.length);
      assertThat(qErr).as(model).isLessThanOrEqualTo(refErr * 1.05);
    }
  }

  @Test
  void simulate_equalsClear_atTheCompiledFailureRate() throws Exception {
    FheTreeEnsembleModel m =
        load("wine_xgb.json").compile(TreeFixtures.train("wine"), ModelCompileOptions.defaults());
    double[][] x = TreeFixtures.test("wine");
    Prediction[] clear = m.predict(x, ExecutionMode.CLEAR);
    Prediction[] simulated = m.predict(x, ExecutionMode.SIMULATE);
    assertThat(m.report().log2PFail()).isLessThan(-40);
    assertThat(simulated).isEqualTo(clear);
  }

  /**
   * Keygen, encryption, homomorphic evaluation, decryption: equal to the clear circuit on every
   * sample.
   */
  @Test
  void encrypt_equalsClear_onASmallEnsemble() throws Exception {
    FheTreeEnsembleModel m =
        FheTreeEnsembleModel.fromXGBoostJson(
            TreeFixtures.TREES.resolve("breast_cancer_xgb_small.json"));
    m.compile(
        TreeFixtures.train("breast_cancer"),
        ModelCompileOptions.defaults().withNBits(new NBits(4)));
    double[][] x = Arrays.copyOf(TreeFixtures.test("breast_cancer"), 6);
    Prediction[] clear = m.predict(x, ExecutionMode.CLEAR);
    Prediction[] encrypted = m.predict(x, ExecutionMode.ENCRYPT);
    assertThat(m.bootstrapsPerSample()).isPositive();
    assertThat(encrypted).isEqualTo(clear);
  }

  @Test
  void encrypt_equalsClear_onAnOnnxDecisionTree() throws Exception {
    FheTreeEnsembleModel m =
        FheTreeEnsembleModel.fromOnnx(TreeFixtures.TREES.resolve("wine_decision_tree.onnx"));
    m.compile(TreeFixtures.train("wine"), ModelCompileOptions.defaults().withNBits(new NBits(3)));
    double[][] x = Arrays.copyOf(TreeFixtures.test("wine"), 4);
    assertThat(m.predict(x, ExecutionMode.ENCRYPT)).isEqualTo(m.predict(x, ExecutionMode.CLEAR));
  }

  @Test
  void artifacts_roundTripThroughBytes_withTheirLayout(@TempDir Path dir) throws Exception {
    FheTreeEnsembleModel m =
        load("wine_random_forest.onnx")
            .compile(
                TreeFixtures.train("wine"), ModelCompileOptions.defaults().withNBits(new NBits(4)));
    m.artifacts().save(dir);
    ModelArtifacts back = ModelArtifacts.load(dir);
    assertThat(back.client()).isEqualTo(m.artifacts().client());
    assertThat(back.client().layout().inputs()).isEqualTo(IoLayout.Inputs.THERMOMETER);
    ClientArtifact c = back.client();
    assertThat(c.quantize(TreeFixtures.test("wine")[0]))
        .hasSize(back.server().circuit().inputElements());
  }

  @Test
  void predictBeforeCompile_fails() throws Exception {
    FheTreeEnsembleModel m = load("wine_xgb.json");
    assertThatThrownBy(() -> m.predict(TreeFixtures.test("wine"), ExecutionMode.CLEAR))
        .hasMessageContaining("not compiled");
  }
}
