package io.fhestreams.registry.server;

import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.FheLogisticRegression;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.quantization.NBits;
import java.util.SplittableRandom;

/**
 * A real compiled model (a small logistic regression on random calibration data), compiled once per
 * test JVM.
 */
public final class TestArtifacts {
  private static ModelArtifacts compiled;

  private TestArtifacts() {}

  /** The artifacts of a 4-feature, 3-class logistic regression compiled at 8 bits. */
  public static synchronized ModelArtifacts model() {
    if (compiled == null) {
      SplittableRandom random = new SplittableRandom(42);
      double[][] w = new double[3][4];
      double[] b = new double[3];
      for (int c = 0; c < 3; c++) {
        b[c] = random.nextDouble(-1, 1);
        for (int j = 0; j < 4; j++) {
          w[c][j] = random.nextDouble(-2, 2);
        }
      }
      double[][] calibration = new double[64][4];
      for (double[] row : calibration) {
        for (int j = 0; j < 4; j++) {
          row[j] = random.nextDouble(-3, 3);
        }
      }
      compiled =
          FheLogisticRegression.fromCoefficients(w, b)
              .compile(calibration, ModelCompileOptions.defaults().withNBits(new NBits(8)))
              .artifacts();
    }
    return compiled;
  }

  /** The client half's blob. */
  public static byte[] client() {
    return model().client().toBytes();
  }

  /** The server half's blob. */
  public static byte[] server() {
    return model().server().toBytes();
  }
}
