package io.fhestreams.ml.models;

import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Linear support-vector classification: the class of the largest decision score (scores, no
 * probabilities). Behaviour is in {@link FheLinearModel}.
 */
public final class FheLinearSVC extends FheLinearModel {

  private FheLinearSVC(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map, postProcessing);
  }

  /** Imports an ONNX export; refused unless it is a linear classifier without probabilities. */
  public static FheLinearSVC fromOnnx(Path path) throws IOException {
    ImportedModel.LinearForm f =
        importChecked(path, "linear classifier without probabilities", true, Activation.IDENTITY);
    return new FheLinearSVC(nameOf(path), f.map(), f.postProcessing());
  }

  /** From fitted coefficients, one row per class (one row for a binary model); labels 0..k−1. */
  public static FheLinearSVC fromCoefficients(double[][] w, double[] b) {
    return new FheLinearSVC(
        "linear_svc",
        AffineMap.of(w, b),
        new PostProcessing(Activation.IDENTITY, labels(w.length)));
  }
}
