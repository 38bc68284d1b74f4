package io.fhestreams.ml.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fp32 reference of the tests: runs an ONNX file with onnxruntime and returns its main output.
 */
public final class OnnxRuntimeReference {
  private OnnxRuntimeReference() {}

  /**
   * The scores or values the graph outputs for {@code rows}: the last float output, as
   * [rows][columns] (a 1-D output becomes one column).
   */
  public static double[][] scores(Path model, double[][] rows) throws OrtException {
    return scores(model, rows, rows.length == 0 ? 0 : rows[0].length);
  }

  /**
   * As {@link #scores(Path, double[][])} for a graph whose input is [N, sampleShape...] (e.g. [N,
   * 1, 8, 8]).
   */
  public static double[][] scores(Path model, double[][] rows, long... sampleShape)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session =
        env.createSession(model.toString(), new OrtSession.SessionOptions())) {
      int width = (int) java.util.Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
      java.nio.FloatBuffer input = java.nio.FloatBuffer.allocate(rows.length * width);
      for (double[] row : rows) {
        if (row.length != width) {
          throw new IllegalArgumentException(
              "rows must have " + width + " values, found " + row.length);
        }
        for (double v : row) {
          input.put((float) v);
        }
      }
      input.flip();
      long[] shape = new long[sampleShape.length + 1];
      shape[0] = rows.length;
      System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
      String inputName = session.getInputNames().iterator().next();
      try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
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
   * The predicted class indices: argmax of the scores; with one column, whether it exceeds 0.5 (a
   * probability) or 0 (a decision score).
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
