package io.fhestreams.ml.models;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Path;

/** Lasso regression (L1-penalized least squares). Behaviour is in {@link FheLinearModel}. */
public final class FheLasso extends FheLinearModel {

  private FheLasso(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map, postProcessing);
  }

  /** Imports an ONNX export; refused unless it is a linear regressor. */
  public static FheLasso fromOnnx(Path path) throws IOException {
    ImportedModel.LinearForm f =
        importChecked(path, "linear regressor", false, Activation.IDENTITY);
    return new FheLasso(nameOf(path), f.map(), f.postProcessing());
  }

  /** From fitted coefficients: y = identity(w·x + b). */
  public static FheLasso fromCoefficients(double[] w, double b) {
    return new FheLasso(
        "lasso", regressionMap(w, b), PostProcessing.regression(Activation.IDENTITY));
  }
}
