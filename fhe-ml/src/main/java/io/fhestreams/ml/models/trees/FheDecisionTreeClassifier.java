package io.fhestreams.ml.models.trees;

import io.fhestreams.ml.trees.OnnxTreeImporter;
import io.fhestreams.ml.trees.TreeEnsemble;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Decision tree classifier exported as ONNX TreeEnsembleClassifier. Behaviour is in {@link
 * FheTreeEnsembleModel}.
 */
public final class FheDecisionTreeClassifier extends FheTreeEnsembleModel {
  private FheDecisionTreeClassifier(String name, TreeEnsemble ensemble) {
    super(name, ensemble);
  }

  /** Imports the model file; refused unless it is a classifier. */
  public static FheDecisionTreeClassifier fromOnnx(Path path) throws IOException {
    return new FheDecisionTreeClassifier(
        nameOf(path), checked(OnnxTreeImporter.importModel(path), path, "classifier", true));
  }
}
