package io.fhestreams.ml.models.trees;

import io.fhestreams.ml.trees.OnnxTreeImporter;
import io.fhestreams.ml.trees.TreeEnsemble;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Random forest classifier exported as ONNX TreeEnsembleClassifier (mean of the trees' class
 * frequencies). Behaviour is in {@link FheTreeEnsembleModel}.
 */
public final class FheRandomForestClassifier extends FheTreeEnsembleModel {
  private FheRandomForestClassifier(String name, TreeEnsemble ensemble) {
    super(name, ensemble);
  }

  /** Imports the model file; refused unless it is a classifier. */
  public static FheRandomForestClassifier fromOnnx(Path path) throws IOException {
    return new FheRandomForestClassifier(
        nameOf(path), checked(OnnxTreeImporter.importModel(path), path, "classifier", true));
  }
}
