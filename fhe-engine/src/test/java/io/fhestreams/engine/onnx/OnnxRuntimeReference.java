package io.fhestreams.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;

/** The fp32 reference of the tests: runs an ONNX file with onnxruntime and returns its main output. */
public final class OnnxRuntimeReference {
  private OnnxRuntimeReference() {}

  /**
   * The scores or values the graph outputs for {@code rows}: the last float output, as [rows][columns]
   * (a 1-D output becomes one column).
   */
  public static double[][] scores(Path model, double[][] rows) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
      float[][] input = new float[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        input[i] = new float[rows[i].length];
        for (int j = 0; j < rows[i].length; j++) {
          input[i][j] = (float) rows[i][j];
        }
      }
      String inputName = session.getInputNames().iterator().next();
      try (OnnxTensor tensor = OnnxTensor.createTensor(env, input);
          OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
        double[][] out = null;
        for (Map.Entry<String, OnnxValue> e : result) {
          Object v = e.getValue().getValue();
          if (v instanceof float[][] f) {
            out = new double[f.length][];
            for (int i = 0; i < f.length; i++) {
              out[i] = new double[f[i].length];
              for (int j = 0; j < f[i].length; j++) {
                out[i][j] = f[i][j];
              }
            }
          }
        }
        if (out == null) {
          throw new IllegalStateException(model + " has no 2-D float output");
        }
        return out;
      }
    }
  }

  /**
   * The predicted class indices: argmax of the scores; with one column, whether it exceeds 0.5
   * (a probability) or 0 (a decision score).
   */
  public static long[] argMax(double[][] scores, boolean probabilities) {
    long[] labels = new long[scores.length];
    for (int i = 0; i < scores.length; i++) {
      double[] s = scores[i];
      if (s.length == 1) {
        labels[i] = s[0] > (probabilities ? 0.5 : 0) ? 1 : 0;
        continue;
      }
      int best = 0;
      for (int j = 1; j < s.length; j++) {
        if (s[j] > s[best]) {
          best = j;
        }
      }
      labels[i] = best;
    }
    return labels;
  }
}
