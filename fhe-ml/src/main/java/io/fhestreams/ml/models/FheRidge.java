package io.fhestreams.ml.models;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Path;

/** Ridge regression (L2-penalized least squares). Behaviour is in {@link FheLinearModel}. */
public final class FheRidge extends FheLinearModel {

  private FheRidge(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map, postProcessing);
  }

  /** Imports an ONNX export; refused unless it is a linear regressor. */
  public static FheRidge fromOnnx(Path path) throws IOException {
    ImportedModel.LinearForm f =
        importChecked(path, "linear regressor", false, Activation.IDENTITY);
    return new FheRidge(nameOf(path), f.map(), f.postProcessing());
  }

  /** From fitted coefficients: y = identity(w·x + b). */
  public static FheRidge fromCoefficients(double[] w, double b) {
    return new FheRidge(
        "ridge", regressionMap(w, b), PostProcessing.regression(Activation.IDENTITY));
  }
}
