package io.fhestreams.ml.trees;

/**
 * One binary decision tree in flat arrays, node 0 the root. An internal node sends a sample to
 * {@code right[i]} when its feature is past the threshold (see {@link SplitRule}), to {@code
 * left[i]} otherwise; a leaf ({@code left[i] == -1}) adds {@code leafValues[i * outputs + o]} to
 * output o.
 *
 * @param feature the feature index tested by each internal node
 * @param threshold the threshold of each internal node
 * @param left the left child of each node, -1 for a leaf
 * @param right the right child of each node, -1 for a leaf
 * @param outputs the number of outputs (columns) a leaf contributes to
 * @param leafValues per node, per output: what the leaf adds (0 for internal nodes)
 */
public record Tree(
    int[] feature, double[] threshold, int[] left, int[] right, int outputs, double[] leafValues) {
  public Tree {
    int n = feature.length;
    if (n == 0
        || threshold.length != n
        || left.length != n
        || right.length != n
        || leafValues.length != (long) n * outputs
        || outputs <= 0) {
      throw new IllegalArgumentException(
          "tree arrays: "
              + n
              + " features, "
              + threshold.length
              + " thresholds, "
              + left.length
              + " left, "
              + right.length
              + " right children, "
              + leafValues.length
              + " leaf values for "
              + outputs
              + " outputs: expected equal node counts and nodes x outputs leaf values");
    }
    for (int i = 0; i < n; i++) {
      boolean leaf = left[i] < 0;
      if (leaf != right[i] < 0
          || (!leaf && (left[i] >= n || right[i] >= n || left[i] <= i || right[i] <= i))) {
        throw new IllegalArgumentException(
            "tree node "
                + i
                + ": children "
                + left[i]
                + ", "
                + right[i]
                + " must both be -1 (a leaf) or later nodes in ["
                + (i + 1)
                + ", "
                + (n - 1)
                + "]");
      }
    }
    feature = feature.clone();
    threshold = threshold.clone();
    left = left.clone();
    right = right.clone();
    leafValues = leafValues.clone();
  }

  /** Number of nodes. */
  public int size() {
    return feature.length;
  }

  /** Whether node i is a leaf. */
  public boolean isLeaf(int i) {
    return left[i] < 0;
  }

  /** Feature of internal node i. */
  public int featureOf(int i) {
    return feature[i];
  }

  /** Threshold of internal node i. */
  public double thresholdOf(int i) {
    return threshold[i];
  }

  /** Left child of node i. */
  public int leftOf(int i) {
    return left[i];
  }

  /** Right child of node i. */
  public int rightOf(int i) {
    return right[i];
  }

  /** What leaf i adds to output o. */
  public double leafValue(int i, int o) {
    return leafValues[i * outputs + o];
  }

  /** The leaf a sample reaches. */
  public int leafOf(double[] x, SplitRule rule) {
    int i = 0;
    while (!isLeaf(i)) {
      i = rule.goesRight(x[feature[i]], threshold[i]) ? right[i] : left[i];
    }
    return i;
  }

  /** The largest number of comparisons from the root to a leaf. */
  public int depth() {
    return depth(0);
  }

  private int depth(int i) {
    return isLeaf(i) ? 0 : 1 + Math.max(depth(left[i]), depth(right[i]));
  }

  @Override
  public int[] feature() {
    return feature.clone();
  }

  @Override
  public double[] threshold() {
    return threshold.clone();
  }

  @Override
  public int[] left() {
    return left.clone();
  }

  @Override
  public int[] right() {
    return right.clone();
  }

  @Override
  public double[] leafValues() {
    return leafValues.clone();
  }
}
