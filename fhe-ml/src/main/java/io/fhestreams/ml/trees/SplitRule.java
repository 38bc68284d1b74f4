package io.fhestreams.ml.trees;

/**
 * How an internal node compares a feature with its threshold. Both XGBoost and ONNX runtimes
 * compare in float32 (inputs are cast to float, thresholds are stored as float), and so does {@link
 * #goesRight}.
 */
public enum SplitRule {
  /** XGBoost, ONNX BRANCH_LT: left when x &lt; t. */
  LEFT_IF_LESS,
  /** scikit-learn, ONNX BRANCH_LEQ: left when x &lt;= t. */
  LEFT_IF_LESS_OR_EQUAL;

  /** Whether x goes to the right child of a node with threshold t. */
  public boolean goesRight(double x, double t) {
    float xf = (float) x;
    float tf = (float) t;
    return this == LEFT_IF_LESS ? !(xf < tf) : !(xf <= tf);
  }
}
