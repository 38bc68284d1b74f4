package io.fhestreams.ml.models.knn;

import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.ExecutionMode;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.quantization.Prediction;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FheKNeighborsClassifierTest {
  static final Path KNN = Path.of("src/test/resources/fixtures/knn");

  static double[][] test(String dataset) throws Exception {
    return Dataset.readCsv(KNN.resolve(dataset + "_knn_test.csv")).rows();
  }

  /** Column 0: scikit-learn's prediction; column 1: the true label. */
  static double[][] reference(String dataset) throws Exception {
    return Dataset.readCsv(KNN.resolve(dataset + "_knn_sklearn.csv")).rows();
  }

  static double accuracy(Prediction[] p, double[][] reference, int column) {
    int ok = 0;
    for (int i = 0; i < p.length; i++) {
      ok += p[i].label() == (long) reference[i][column] ? 1 : 0;
    }
    return ok / (double) p.length;
  }

  @ParameterizedTest
  @ValueSource(strings = {"iris", "wine", "breast_cancer"})
  void figures(String dataset) throws Exception {
    FheKNeighborsClassifier m =
        FheKNeighborsClassifier.fromSklearnJson(KNN.resolve(dataset + "_knn.json"));
    double[][] x = test(dataset);
    double[][] ref = reference(dataset);
    m.compile(x, ModelCompileOptions.defaults());
    Prediction[] fl = m.predictFloat(x);
    Prediction[] clear = m.predict(x, ExecutionMode.CLEAR);
    Prediction[] sim = m.predict(x, ExecutionMode.SIMULATE);
    System.out.printf(
        "%s: float-vs-sklearn %.4f sklearn %.4f float %.4f clear %.4f sim %.4f bootstraps %d %s%n%s%n",
        dataset,
        accuracy(fl, ref, 0),
        accuracy(ref.length == 0 ? fl : toPredictions(ref), ref, 1),
        accuracy(fl, ref, 1),
        accuracy(clear, ref, 1),
        accuracy(sim, ref, 1),
        m.bootstrapsPerSample(),
        m.lowering(),
        m.report());
  }

  static Prediction[] toPredictions(double[][] ref) {
    Prediction[] p = new Prediction[ref.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = new Prediction((long) ref[i][0], new double[0], true, false);
    }
    return p;
  }
}
