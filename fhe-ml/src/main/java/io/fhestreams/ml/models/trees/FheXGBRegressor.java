package io.fhestreams.ml.models.trees;

import io.fhestreams.ml.trees.TreeEnsemble;
import io.fhestreams.ml.trees.XGBoostJsonImporter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * XGBoost regressor (reg:squarederror) from its save_model JSON file. Behaviour is in {@link
 * FheTreeEnsembleModel}.
 */
public final class FheXGBRegressor extends FheTreeEnsembleModel {
  private FheXGBRegressor(String name, TreeEnsemble ensemble) {
    super(name, ensemble);
  }

  /** Imports the model file; refused unless it is a regressor. */
  public static FheXGBRegressor fromXGBoostJson(Path path) throws IOException {
    return new FheXGBRegressor(
        nameOf(path), checked(XGBoostJsonImporter.importModel(path), path, "regressor", false));
  }
}
