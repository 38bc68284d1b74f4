package io.fhestreams.ml.trees;

import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.Prediction;
import java.util.List;

/**
 * A tree ensemble as the importers read it: raw score o = base[o] + Σ over trees of the reached
 * leaf's value for output o (averaging ensembles have their leaves divided by the tree count at
 * import), then the client's post-processing (sigmoid, softmax or none; arg-max for classifiers).
 *
 * @param kind what the model was (e.g. "xgboost binary:logistic"), for reports and errors
 * @param features the number of input features
 * @param trees the trees, each with {@code base.length} outputs
 * @param rule how every node compares
 * @param base the base score of each output (XGBoost's base margin, ONNX base_values)
 * @param postProcessing the client-side post-processing of the raw scores
 */
public record TreeEnsemble(
    String kind,
    int features,
    List<Tree> trees,
    SplitRule rule,
    double[] base,
    PostProcessing postProcessing) {
  public TreeEnsemble {
    trees = List.copyOf(trees);
    base = base.clone();
    if (trees.isEmpty()) {
      throw new IllegalArgumentException(kind + ": the ensemble has no trees");
    }
    for (int t = 0; t < trees.size(); t++) {
      Tree tree = trees.get(t);
      if (tree.outputs() != base.length) {
        throw new IllegalArgumentException(
            kind + ": tree " + t + " has " + tree.outputs() + " outputs, expected " + base.length);
      }
      for (int i = 0; i < tree.size(); i++) {
        if (!tree.isLeaf(i) && (tree.featureOf(i) < 0 || tree.featureOf(i) >= features)) {
          throw new IllegalArgumentException(
              kind
                  + ": tree "
                  + t
                  + " node "
                  + i
                  + " tests feature "
                  + tree.featureOf(i)
                  + " but the model has "
                  + features
                  + " features");
        }
      }
    }
  }

  /** Number of outputs (score columns). */
  public int outputs() {
    return base.length;
  }

  /** The raw scores of one sample, in double precision. */
  public double[] rawScores(double[] x) {
    if (x.length != features) {
      throw new IllegalArgumentException(
          kind + ": expected " + features + " features, found " + x.length);
    }
    double[] s = base.clone();
    for (Tree tree : trees) {
      int leaf = tree.leafOf(x, rule);
      for (int o = 0; o < s.length; o++) {
        s[o] += tree.leafValue(leaf, o);
      }
    }
    return s;
  }

  /** The model's prediction in double precision (the fp32 reference, without quantization). */
  public Prediction predictFloat(double[] x) {
    return postProcessing.apply(rawScores(x));
  }

  /** The deepest tree's depth. */
  public int maxDepth() {
    return trees.stream().mapToInt(Tree::depth).max().orElse(0);
  }

  @Override
  public double[] base() {
    return base.clone();
  }
}
