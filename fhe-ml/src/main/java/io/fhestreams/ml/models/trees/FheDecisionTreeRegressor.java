package io.fhestreams.ml.models.trees;

import io.fhestreams.ml.trees.OnnxTreeImporter;
import io.fhestreams.ml.trees.TreeEnsemble;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Decision tree regressor exported as ONNX TreeEnsembleRegressor. Behaviour is in {@link
 * FheTreeEnsembleModel}.
 */
public final class FheDecisionTreeRegressor extends FheTreeEnsembleModel {
  private FheDecisionTreeRegressor(String name, TreeEnsemble ensemble) {
    super(name, ensemble);
  }

  /** Imports the model file; refused unless it is a regressor. */
  public static FheDecisionTreeRegressor fromOnnx(Path path) throws IOException {
    return new FheDecisionTreeRegressor(
        nameOf(path), checked(OnnxTreeImporter.importModel(path), path, "regressor", false));
  }
}
