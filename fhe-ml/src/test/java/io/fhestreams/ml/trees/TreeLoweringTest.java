package io.fhestreams.ml.trees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.ml.circuit.exec.ClearExecutor;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.models.trees.FheTreeEnsembleModel;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TreeLoweringTest {

  /**
   * The model with quantized comparisons and exact leaves, computed directly: each tree walked with
   * q(x_f) >= floor(t / scale + zp) + 1. The circuit's result differs from it only by the leaf
   * rounding, at most half a leaf step per tree: {@code tolerance} returns that bound.
   */
  static double[] quantizedComparisons(TreeEnsemble e, List<UniformQuantizer> q, double[] x) {
    double[] y = e.base();
    for (Tree t : e.trees()) {
      int i = 0;
      while (!t.isLeaf(i)) {
        UniformQuantizer qf = q.get(t.featureOf(i));
        long k = (long) Math.floor(t.thresholdOf(i) / qf.scale() + qf.zeroPoint()) + 1;
        i = qf.quantize(x[t.featureOf(i)]) >= k ? t.rightOf(i) : t.leftOf(i);
      }
      for (int o = 0; o < y.length; o++) {
        y[o] += t.leafValue(i, o);
      }
    }
    return y;
  }

  /**
   * Half the largest leaf step (|leaf| max over 2^leafBits - 1) times the tree count, per column.
   */
  static double tolerance(TreeEnsemble e, int leafBits) {
    double absMax = 0;
    for (Tree t : e.trees()) {
      for (int i = 0; i < t.size(); i++) {
        for (int o = 0; o < e.outputs(); o++) {
          absMax = Math.max(absMax, Math.abs(t.leafValue(i, o)));
        }
      }
    }
    return e.trees().size() * absMax / ((1 << leafBits) - 1) / 2 + 1e-9;
  }

  @ParameterizedTest
  @CsvSource({
    "breast_cancer,breast_cancer_xgb.json,3",
    "breast_cancer,breast_cancer_xgb.json,6",
    "wine,wine_xgb.json,5",
    "wine,wine_random_forest.onnx,4",
    "diabetes,diabetes_xgb.json,6",
    "breast_cancer,breast_cancer_gradient_boosting.onnx,3"
  })
  void everyStrategy_computesTheQuantizedModel(String dataset, String file, int nBits)
      throws Exception {
    FheTreeEnsembleModel m =
        file.endsWith(".json")
            ? FheTreeEnsembleModel.fromXGBoostJson(TreeFixtures.TREES.resolve(file))
            : FheTreeEnsembleModel.fromOnnx(TreeFixtures.TREES.resolve(file));
    List<UniformQuantizer> q = m.calibrate(TreeFixtures.train(dataset), new NBits(nBits));
    double[][] x = TreeFixtures.test(dataset);
    long previous = Long.MAX_VALUE;
    double tolerance = tolerance(m.ensemble(), 4);
    java.util.Map<TreeLowering.Strategy, double[][]> results =
        new java.util.EnumMap<>(TreeLowering.Strategy.class);
    for (TreeLowering.Strategy s : TreeLowering.Strategy.values()) {
      TreeLowering.Lowered l = TreeLowering.lower(m.ensemble(), q, s, 4);
      ClientArtifact client =
          new ClientArtifact(
              "m",
              "1",
              names(q.size()),
              q,
              l.outputScales(),
              new double[l.outputScales().length],
              m.ensemble().postProcessing(),
              "none",
              null,
              l.layout());
      for (int i = 0; i < x.length; i++) {
        long[] out = ClearExecutor.evaluate(l.circuit(), List.of(client.quantize(x[i]))).get(0);
        double[] y = new double[out.length];
        for (int j = 0; j < y.length; j++) {
          y[j] = l.outputScales()[j] * out[j];
        }
        double[] got = l.layout().collect(y);
        double[] want = quantizedComparisons(m.ensemble(), q, x[i]);
        for (int o = 0; o < want.length; o++) {
          assertThat(got[o])
              .as("%s row %d output %d", s, i, o)
              .isCloseTo(want[o], org.assertj.core.data.Offset.offset(tolerance));
        }
        results.computeIfAbsent(s, k -> new double[x.length][])[i] = got;
      }
      // every strategy computes the same integers: only the comparisons' evaluation differs
      assertThat(results.get(s)).isDeepEqualTo(results.get(TreeLowering.Strategy.PLAIN));
      // rows are single-signed, each with its own signed scale: every output is unsigned
      assertThat(l.circuit().outputs().get(0).range().min()).isGreaterThanOrEqualTo(0);
      long pbs = l.circuit().bootstrapCount();
      assertThat(pbs).as("%s bootstraps", s).isLessThanOrEqualTo(previous);
      previous = pbs;
      if (s == TreeLowering.Strategy.THERMOMETER) {
        // no comparison lookups: exactly one bootstrap per reachable leaf
        assertThat(l.circuit().inputElements()).isEqualTo(1 + 2 * q.size() * ((1 << nBits) - 1));
      }
    }
  }

  @Test
  void wrongQuantizerCount_fails() throws Exception {
    FheTreeEnsembleModel m =
        FheTreeEnsembleModel.fromXGBoostJson(
            TreeFixtures.TREES.resolve("breast_cancer_xgb_small.json"));
    List<UniformQuantizer> q =
        m.calibrate(TreeFixtures.train("breast_cancer"), new NBits(4)).subList(0, 3);
    assertThatThrownBy(() -> TreeLowering.lower(m.ensemble(), q, TreeLowering.Strategy.PLAIN, 4))
        .hasMessageContaining("30 features but 3 quantizers");
  }

  private static List<String> names(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(j -> "f" + j).toList();
  }
}
