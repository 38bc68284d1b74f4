package io.fhestreams.ml.deploy;

import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheLinearModel;
import io.fhestreams.ml.models.FheLogisticRegression;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.quantization.NBits;
import java.nio.file.Path;

/** A compiled real model (wine, multiclass logistic regression) for the deployment tests. */
final class DeployFixtures {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  private DeployFixtures() {}

  static FheLinearModel wine() throws Exception {
    Dataset train = Dataset.readCsv(FIXTURES.resolve("wine_train.csv"));
    return FheLogisticRegression.fromOnnx(FIXTURES.resolve("wine_logistic.onnx"))
        .withFeatureNames(train.columns())
        .compile(train.rows(), ModelCompileOptions.defaults().withNBits(new NBits(8)));
  }

  static double[][] wineTest() throws Exception {
    return Dataset.readCsv(FIXTURES.resolve("wine_test.csv")).rows();
  }
}
