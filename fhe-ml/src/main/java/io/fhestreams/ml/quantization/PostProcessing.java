package io.fhestreams.ml.quantization;

import java.util.Arrays;

/**
 * What the client does, in the clear, to the de-quantized model outputs: an activation, then for a
 * classifier the arg-max over classes. A binary classifier with one score column (as scikit-learn
 * and ONNX LinearClassifier write it) is expanded to two columns: [1 − p, p] after a sigmoid, [−s,
 * s] for raw scores, so that labels and columns always match.
 *
 * @param activation the function applied to the de-quantized outputs
 * @param classLabels the class labels, in column order; empty for a regressor
 */
public record PostProcessing(Activation activation, long[] classLabels) {

  public PostProcessing {
    classLabels = classLabels.clone();
    if (classLabels.length == 1) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes, found 1");
    }
  }

  /** Post-processing of a regressor. */
  public static PostProcessing regression(Activation activation) {
    return new PostProcessing(activation, new long[0]);
  }

  /** Whether outputs are classes. */
  public boolean isClassifier() {
    return classLabels.length > 0;
  }

  /**
   * Whether a classifier's values are probabilities (sigmoid or softmax), rather than raw scores.
   */
  public boolean producesProbabilities() {
    return activation == Activation.SIGMOID || activation == Activation.SOFTMAX;
  }

  /** Applies the activation and, for a classifier, picks the class. */
  public Prediction apply(double[] dequantized) {
    double[] values = activation.apply(dequantized);
    if (!isClassifier()) {
      return Prediction.regression(values);
    }
    if (values.length == 1 && classLabels.length == 2) {
      double s = values[0];
      values = activation == Activation.SIGMOID ? new double[] {1 - s, s} : new double[] {-s, s};
    }
    if (values.length != classLabels.length) {
      throw new IllegalArgumentException(
          "classifier outputs: expected "
              + classLabels.length
              + " columns, found "
              + values.length);
    }
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return new Prediction(classLabels[best], values, true, producesProbabilities());
  }

  @Override
  public long[] classLabels() {
    return classLabels.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PostProcessing p
        && p.activation == activation
        && Arrays.equals(p.classLabels, classLabels);
  }

  @Override
  public int hashCode() {
    return activation.hashCode() * 31 + Arrays.hashCode(classLabels);
  }

  @Override
  public String toString() {
    return "PostProcessing["
        + activation
        + (isClassifier() ? ", classes=" + Arrays.toString(classLabels) : "")
        + "]";
  }
}
