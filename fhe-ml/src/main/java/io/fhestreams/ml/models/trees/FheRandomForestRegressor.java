package io.fhestreams.ml.models.trees;

import io.fhestreams.ml.trees.OnnxTreeImporter;
import io.fhestreams.ml.trees.TreeEnsemble;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Random forest regressor exported as ONNX TreeEnsembleRegressor (AVERAGE). Behaviour is in {@link
 * FheTreeEnsembleModel}.
 */
public final class FheRandomForestRegressor extends FheTreeEnsembleModel {
  private FheRandomForestRegressor(String name, TreeEnsemble ensemble) {
    super(name, ensemble);
  }

  /** Imports the model file; refused unless it is a regressor. */
  public static FheRandomForestRegressor fromOnnx(Path path) throws IOException {
    return new FheRandomForestRegressor(
        nameOf(path), checked(OnnxTreeImporter.importModel(path), path, "regressor", false));
  }
}
