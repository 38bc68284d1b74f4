package io.fhestreams.ml.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fhestreams.ml.models.knn.FheKNeighborsClassifier;
import io.fhestreams.ml.models.knn.NeighborSet;
import io.fhestreams.ml.models.nn.FheNeuralNetClassifier;
import io.fhestreams.ml.models.nn.QdqNet;
import io.fhestreams.ml.models.trees.FheTreeEnsembleModel;
import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.onnx.Layer;
import io.fhestreams.ml.onnx.OnnxImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point from a model file to a model: {@link #load} reads the file once, recognises
 * its family from the file itself and returns the family's model, ready to {@link FheModel#compile
 * compile}.
 *
 * <ul>
 *   <li>a JSON document exporting a scikit-learn KNeighborsClassifier ({@code "model":
 *       "sklearn.neighbors.KNeighborsClassifier"}) → k nearest neighbours;
 *   <li>any other JSON document: an XGBoost model ({@code Booster.save_model}) → tree ensemble;
 *   <li>ONNX with an {@code ai.onnx.ml} TreeEnsembleClassifier or TreeEnsembleRegressor → tree
 *       ensemble;
 *   <li>ONNX where an affine layer follows an activation, or with a max pool: only lookups can
 *       evaluate those → neural net;
 *   <li>any other ONNX graph → linear (affine layers, then at most one activation and an arg-max,
 *       run by the client).
 * </ul>
 */
public final class FheModels {
  private FheModels() {}

  /** The model families. */
  public enum Family {
    /** An affine map and the client's post-processing ({@link FheLinearModel}). */
    LINEAR,
    /** Decision trees, forests, boosting ({@link FheTreeEnsembleModel}). */
    TREE_ENSEMBLE,
    /** An MLP or small CNN evaluated with lookups ({@link FheNeuralNetClassifier}). */
    NEURAL_NET,
    /** k nearest neighbours over reference points ({@link FheKNeighborsClassifier}). */
    KNN
  }

  /** The model in {@code path}, of the family the file shows. */
  public static FheModel load(Path path) throws IOException {
    return load(path, Optional.empty());
  }

  /**
   * The model in {@code path}, read as {@code family} when given (an override of the detection),
   * else as the family the file shows.
   */
  public static FheModel load(Path path, Optional<Family> family) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    if (isJson(bytes) && isKnnExport(bytes)) {
      if (family.isPresent() && family.get() != Family.KNN) {
        throw new IllegalArgumentException(
            path.getFileName() + " is a KNeighborsClassifier export, not " + family.get());
      }
      return new FheKNeighborsClassifier(
          AbstractFheModel.nameOf(path), NeighborSet.fromSklearnJson(bytes));
    }
    if (isJson(bytes)) {
      if (family.isPresent() && family.get() != Family.TREE_ENSEMBLE) {
        throw new IllegalArgumentException(
            path.getFileName()
                + " is an XGBoost JSON model, which is a tree ensemble, not "
                + family.get());
      }
      return FheTreeEnsembleModel.fromXGBoostJson(path);
    }
    ImportedModel imported = OnnxImporter.importModel(bytes, path.getFileName().toString());
    return switch (family.orElseGet(() -> familyOf(imported))) {
      case TREE_ENSEMBLE ->
          new FheTreeEnsembleModel(AbstractFheModel.nameOf(path), imported.toTreeEnsemble());
      case NEURAL_NET -> FheNeuralNetClassifier.fromImported(imported);
      case LINEAR -> FheLinearModel.fromImported(imported);
      case KNN ->
          throw new IllegalArgumentException(
              path.getFileName()
                  + " is an ONNX graph: a KNN model is read from a KNeighborsClassifier JSON export"
                  + " or a CSV of points");
    };
  }

  /** The family the model file in {@code path} shows (see the class comment). */
  public static Family detect(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    if (isJson(bytes)) {
      return isKnnExport(bytes) ? Family.KNN : Family.TREE_ENSEMBLE;
    }
    return familyOf(OnnxImporter.importModel(bytes, path.getFileName().toString()));
  }

  /** The family of an imported ONNX graph. */
  public static Family familyOf(ImportedModel model) {
    if (model.hasTreeEnsemble()) {
      return Family.TREE_ENSEMBLE;
    }
    return hasLookupAfterActivation(model.layers()) || QdqNet.isQuantizationAware(model)
        ? Family.NEURAL_NET
        : Family.LINEAR;
  }

  /**
   * Whether an affine layer follows an activation, or a max pool is present: the client can only
   * apply an activation last, so such a graph needs encrypted lookups.
   */
  private static boolean hasLookupAfterActivation(List<Layer> layers) {
    boolean activated = false;
    for (Layer layer : layers) {
      if (layer instanceof Layer.MaxPool || (activated && layer instanceof Layer.Affine)) {
        return true;
      }
      activated |= layer instanceof Layer.Elementwise;
    }
    return false;
  }

  /** Whether a JSON document is a scikit-learn KNeighborsClassifier export. */
  private static boolean isKnnExport(byte[] json) throws IOException {
    return NeighborSet.isSklearnExport(new ObjectMapper().readTree(json));
  }

  /** A JSON document starts, after white space, with '{' (an ONNX protobuf never does). */
  private static boolean isJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return false;
  }
}
