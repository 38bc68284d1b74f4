package io.fhestreams.ml.models;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Tweedie GLM with log link; the exponential runs on the client. Behaviour is in {@link
 * FheLinearModel}.
 */
public final class FheTweedieRegressor extends FheLinearModel {

  private FheTweedieRegressor(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map, postProcessing);
  }

  /** Imports an ONNX export; refused unless it is a GLM regressor with log link. */
  public static FheTweedieRegressor fromOnnx(Path path) throws IOException {
    ImportedModel.LinearForm f =
        importChecked(path, "GLM regressor with log link", false, Activation.EXP);
    return new FheTweedieRegressor(nameOf(path), f.map(), f.postProcessing());
  }

  /** From fitted coefficients: y = exp(w·x + b). */
  public static FheTweedieRegressor fromCoefficients(double[] w, double b) {
    return new FheTweedieRegressor(
        "tweedie_regressor", regressionMap(w, b), PostProcessing.regression(Activation.EXP));
  }
}
