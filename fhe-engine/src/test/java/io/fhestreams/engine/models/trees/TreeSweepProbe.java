package io.fhestreams.engine.models.trees;

import io.fhestreams.engine.compiler.CompileOptions;
import io.fhestreams.engine.models.ExecutionMode;
import io.fhestreams.engine.quantization.NBits;
import io.fhestreams.engine.quantization.Prediction;
import io.fhestreams.engine.trees.TreeFixtures;
import io.fhestreams.engine.trees.TreeLowering;
import java.nio.file.Path;

public class TreeSweepProbe {
  public static void main(String[] args) throws Exception {
    String[][] cases = {{"breast_cancer", "breast_cancer_xgb.json"}, {"wine", "wine_xgb.json"}, {"digits", "digits_xgb.json"},
        {"breast_cancer", "breast_cancer_random_forest.onnx"}, {"wine", "wine_gradient_boosting.onnx"}};
    for (String[] c : cases) {
      Path p = TreeFixtures.TREES.resolve(c[1]);
      double[][] test = TreeFixtures.test(c[0]);
      double[] y = TreeFixtures.labels(c[0]);
      for (int n = 3; n <= 7; n++) {
        for (TreeLowering.Strategy s : TreeLowering.Strategy.values()) {
          FheTreeEnsembleModel m = c[1].endsWith("json") ? FheTreeEnsembleModel.fromXGBoostJson(p) : FheTreeEnsembleModel.fromOnnx(p);
          try {
            m.compile(TreeFixtures.train(c[0]), new NBits(n), s, 4, CompileOptions.defaults());
          } catch (RuntimeException e) {
            System.out.printf("%s n=%d %s: %s%n", c[1], n, s, e.getMessage());
            continue;
          }
          Prediction[] fp = m.predictFloat(test);
          Prediction[] q = m.predict(test, ExecutionMode.CLEAR);
          int a = 0, b = 0;
          for (int i = 0; i < test.length; i++) {
            a += fp[i].label() == (long) y[i] ? 1 : 0;
            b += q[i].label() == (long) y[i] ? 1 : 0;
          }
          System.out.printf("%s n=%d %s: fp %.4f q %.4f pbs %d set %s inputs %d outputs %d%n", c[1], n, s, a / (double) test.length,
              b / (double) test.length, m.bootstrapsPerSample(), m.report().parameterSetId(),
              m.artifacts().server().circuit().inputElements(), m.artifacts().server().circuit().outputElements());
        }
      }
    }
  }
}
