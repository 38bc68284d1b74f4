package io.fhestreams.ml.models;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Linear regression with the identity link, y = w·x + b: scikit-learn's LinearRegression, Ridge,
 * Lasso, ElasticNet and LinearSVR, which differ only in how they were fitted. Behaviour is in
 * {@link FheLinearModel}.
 */
public final class FheLinearRegression extends FheLinearModel {

  private FheLinearRegression(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map, postProcessing);
  }

  /** Imports an ONNX export; refused unless it is a linear regressor. */
  public static FheLinearRegression fromOnnx(Path path) throws IOException {
    ImportedModel.LinearForm f =
        importChecked(path, "linear regressor", false, Activation.IDENTITY);
    return new FheLinearRegression(nameOf(path), f.map(), f.postProcessing());
  }

  /** From fitted coefficients: y = identity(w·x + b). */
  public static FheLinearRegression fromCoefficients(double[] w, double b) {
    return new FheLinearRegression(
        "linear_regression", regressionMap(w, b), PostProcessing.regression(Activation.IDENTITY));
  }
}
