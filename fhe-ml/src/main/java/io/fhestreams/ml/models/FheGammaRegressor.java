package io.fhestreams.ml.models;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Gamma GLM with log link; the exponential runs on the client. Behaviour is in {@link
 * FheLinearModel}.
 */
public final class FheGammaRegressor extends FheLinearModel {

  private FheGammaRegressor(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map, postProcessing);
  }

  /** Imports an ONNX export; refused unless it is a GLM regressor with log link. */
  public static FheGammaRegressor fromOnnx(Path path) throws IOException {
    ImportedModel.LinearForm f =
        importChecked(path, "GLM regressor with log link", false, Activation.EXP);
    return new FheGammaRegressor(nameOf(path), f.map(), f.postProcessing());
  }

  /** From fitted coefficients: y = exp(w·x + b). */
  public static FheGammaRegressor fromCoefficients(double[] w, double b) {
    return new FheGammaRegressor(
        "gamma_regressor", regressionMap(w, b), PostProcessing.regression(Activation.EXP));
  }
}
