package io.fhestreams.ml.quantization;

import java.util.Arrays;

/**
 * One model output after client-side post-processing. A regressor fills {@code values}; a
 * classifier fills {@code label} (the predicted class label), {@code values} (one per class:
 * probabilities when {@code probabilities} is true, raw decision scores otherwise).
 *
 * @param label the predicted class label; for a regressor, 0
 * @param values the output values (regression outputs, class probabilities or class scores)
 * @param classifier whether this is a classifier's output
 * @param probabilities whether {@code values} are class probabilities
 */
public record Prediction(long label, double[] values, boolean classifier, boolean probabilities) {

  public Prediction {
    values = values.clone();
  }

  /** A regression output. */
  public static Prediction regression(double[] values) {
    return new Prediction(0, values, false, false);
  }

  /** The prediction column: the class label for a classifier, the first output otherwise. */
  public double value() {
    return classifier ? label : values[0];
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Prediction p
        && p.label == label
        && p.classifier == classifier
        && p.probabilities == probabilities
        && Arrays.equals(p.values, values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(label) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return classifier
        ? "Prediction[label="
            + label
            + ", "
            + (probabilities ? "proba" : "scores")
            + "="
            + Arrays.toString(values)
            + "]"
        : "Prediction[" + Arrays.toString(values) + "]";
  }
}
