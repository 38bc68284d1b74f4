package io.fhestreams.ml.models.trees;

import io.fhestreams.ml.trees.OnnxTreeImporter;
import io.fhestreams.ml.trees.TreeEnsemble;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Gradient boosting classifier exported as ONNX TreeEnsembleClassifier (LOGISTIC or SOFTMAX over
 * the summed trees). Behaviour is in {@link FheTreeEnsembleModel}.
 */
public final class FheGradientBoostingClassifier extends FheTreeEnsembleModel {
  private FheGradientBoostingClassifier(String name, TreeEnsemble ensemble) {
    super(name, ensemble);
  }

  /** Imports the model file; refused unless it is a classifier. */
  public static FheGradientBoostingClassifier fromOnnx(Path path) throws IOException {
    return new FheGradientBoostingClassifier(
        nameOf(path), checked(OnnxTreeImporter.importModel(path), path, "classifier", true));
  }
}
