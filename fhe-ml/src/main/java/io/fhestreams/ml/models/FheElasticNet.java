package io.fhestreams.ml.models;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Path;

/** Elastic-net regression (L1 + L2 penalties). Behaviour is in {@link FheLinearModel}. */
public final class FheElasticNet extends FheLinearModel {

  private FheElasticNet(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map, postProcessing);
  }

  /** Imports an ONNX export; refused unless it is a linear regressor. */
  public static FheElasticNet fromOnnx(Path path) throws IOException {
    ImportedModel.LinearForm f =
        importChecked(path, "linear regressor", false, Activation.IDENTITY);
    return new FheElasticNet(nameOf(path), f.map(), f.postProcessing());
  }

  /** From fitted coefficients: y = identity(w·x + b). */
  public static FheElasticNet fromCoefficients(double[] w, double b) {
    return new FheElasticNet(
        "elastic_net", regressionMap(w, b), PostProcessing.regression(Activation.IDENTITY));
  }
}
