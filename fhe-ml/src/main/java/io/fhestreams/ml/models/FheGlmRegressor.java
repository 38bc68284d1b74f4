package io.fhestreams.ml.models;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Generalized linear regression with a log link, y = exp(w·x + b): scikit-learn's PoissonRegressor,
 * GammaRegressor and TweedieRegressor, which differ only in how they were fitted. The exponential
 * runs on the client. Behaviour is in {@link FheLinearModel}.
 */
public final class FheGlmRegressor extends FheLinearModel {

  private FheGlmRegressor(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map, postProcessing);
  }

  /** Imports an ONNX export; refused unless it is a GLM regressor with log link. */
  public static FheGlmRegressor fromOnnx(Path path) throws IOException {
    ImportedModel.LinearForm f =
        importChecked(path, "GLM regressor with log link", false, Activation.EXP);
    return new FheGlmRegressor(nameOf(path), f.map(), f.postProcessing());
  }

  /** From fitted coefficients: y = exp(w·x + b). */
  public static FheGlmRegressor fromCoefficients(double[] w, double b) {
    return new FheGlmRegressor(
        "glm_regressor", regressionMap(w, b), PostProcessing.regression(Activation.EXP));
  }
}
