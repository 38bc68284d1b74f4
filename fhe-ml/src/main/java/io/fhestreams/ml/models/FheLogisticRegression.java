package io.fhestreams.ml.models;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Logistic regression, binary (sigmoid of one score) or multiclass (softmax over one score per
 * class). Behaviour is in {@link FheLinearModel}.
 */
public final class FheLogisticRegression extends FheLinearModel {

  private FheLogisticRegression(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map, postProcessing);
  }

  /** Imports an ONNX export; refused unless it is a probabilistic linear classifier. */
  public static FheLogisticRegression fromOnnx(Path path) throws IOException {
    ImportedModel.LinearForm f =
        importChecked(
            path, "probabilistic linear classifier", true, Activation.SIGMOID, Activation.SOFTMAX);
    return new FheLogisticRegression(nameOf(path), f.map(), f.postProcessing());
  }

  /** From fitted coefficients, one row per class (one row for a binary model); labels 0..k−1. */
  public static FheLogisticRegression fromCoefficients(double[][] w, double[] b) {
    return new FheLogisticRegression(
        "logistic_regression",
        AffineMap.of(w, b),
        new PostProcessing(
            w.length == 1 ? Activation.SIGMOID : Activation.SOFTMAX, labels(w.length)));
  }
}
