package io.fhestreams.ml.models.trees;

import io.fhestreams.ml.trees.TreeEnsemble;
import io.fhestreams.ml.trees.XGBoostJsonImporter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * XGBoost classifier (binary:logistic, multi:softprob) from its save_model JSON file. Behaviour is
 * in {@link FheTreeEnsembleModel}.
 */
public final class FheXGBClassifier extends FheTreeEnsembleModel {
  private FheXGBClassifier(String name, TreeEnsemble ensemble) {
    super(name, ensemble);
  }

  /** Imports the model file; refused unless it is a classifier. */
  public static FheXGBClassifier fromXGBoostJson(Path path) throws IOException {
    return new FheXGBClassifier(
        nameOf(path), checked(XGBoostJsonImporter.importModel(path), path, "classifier", true));
  }
}
