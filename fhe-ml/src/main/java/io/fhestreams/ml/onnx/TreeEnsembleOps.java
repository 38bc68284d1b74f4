package io.fhestreams.ml.onnx;

import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.trees.SplitRule;
import io.fhestreams.ml.trees.Tree;
import io.fhestreams.ml.trees.TreeEnsemble;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The converters of {@link OnnxOps}'s table for {@code ai.onnx.ml.TreeEnsembleClassifier} and
 * {@code TreeEnsembleRegressor} (the form scikit-learn and LightGBM exporters write), following the
 * operator spec (onnx/docs/Operators-ml.md): nodes by {@code nodes_treeids}/{@code nodes_nodeids},
 * {@code nodes_modes} BRANCH_LEQ or BRANCH_LT (one mode for the whole model) or LEAF, the true
 * branch ({@code nodes_truenodeids}) taken when the comparison holds; leaf contributions {@code
 * class_*}/{@code target_*} ({@code *_treeids, *_nodeids, *_ids, *_weights}), {@code base_values},
 * {@code post_transform} NONE, LOGISTIC or SOFTMAX, and for a regressor {@code aggregate_function}
 * SUM or AVERAGE (folded into the leaves). A binary classifier whose weights all go to class 1
 * under LOGISTIC is read as one score column.
 */
final class TreeEnsembleOps {
  private TreeEnsembleOps() {}

  /** The attributes of the spec; those not read here (hit rates, tensor twins) do not matter. */
  private static final Set<String> COMMON =
      Set.of(
          "nodes_falsenodeids",
          "nodes_featureids",
          "nodes_hitrates",
          "nodes_hitrates_as_tensor",
          "nodes_missing_value_tracks_true",
          "nodes_modes",
          "nodes_nodeids",
          "nodes_treeids",
          "nodes_truenodeids",
          "nodes_values",
          "nodes_values_as_tensor",
          "base_values",
          "base_values_as_tensor",
          "post_transform");

  static final Set<String> CLASSIFIER_ATTRIBUTES =
      union(
          COMMON,
          "classlabels_int64s",
          "classlabels_strings",
          "class_ids",
          "class_nodeids",
          "class_treeids",
          "class_weights",
          "class_weights_as_tensor");

  static final Set<String> REGRESSOR_ATTRIBUTES =
      union(
          COMMON,
          "aggregate_function",
          "n_targets",
          "target_ids",
          "target_nodeids",
          "target_treeids",
          "target_weights",
          "target_weights_as_tensor");

  /** Outputs [label, probabilities]. */
  static List<Value> classifier(NodeContext n) {
    TreeEnsemble e = ensemble(n, true);
    Value.Dynamic scores = n.dynamicInput(0).then(new Layer.Trees(e, n.source()));
    Layer label = new Layer.ArgMax(e.postProcessing().classLabels(), n.source());
    return List.of(scores.then(label), scores);
  }

  /** Outputs [values]. */
  static List<Value> regressor(NodeContext n) {
    return List.of(n.dynamicInput(0).then(new Layer.Trees(ensemble(n, false), n.source())));
  }

  /** How the summed leaf values become the model's output. */
  private record Outputs(long[] labels, Activation activation, int columns, boolean binaryScore) {}

  /** The leaf contributions: per entry, the tree, node, output column and weight. */
  private record Leaves(long[] tree, long[] node, long[] column, double[] weight) {}

  /** The nodes_* attributes, one entry per node of every tree. */
  private record Nodes(
      long[] treeIds,
      long[] nodeIds,
      long[] featureIds,
      double[] values,
      List<String> modes,
      long[] trueIds,
      long[] falseIds) {
    int count() {
      return treeIds.length;
    }

    boolean isLeaf(int i) {
      return modes.get(i).equals("LEAF");
    }
  }

  private static TreeEnsemble ensemble(NodeContext n, boolean classifier) {
    int declaredFeatures = n.dynamicInput(0).size();
    Leaves leaves = leaves(n, classifier ? "class_" : "target_");
    Outputs outputs = outputs(n, classifier, leaves);
    Nodes nodes = nodes(n);
    SplitRule rule = splitRule(n, nodes);
    // tree id -> node id -> attribute index, both in ascending order
    TreeMap<Long, TreeMap<Long, Integer>> byTree = new TreeMap<>();
    for (int i = 0; i < nodes.count(); i++) {
      byTree.computeIfAbsent(nodes.treeIds()[i], k -> new TreeMap<>()).put(nodes.nodeIds()[i], i);
    }
    List<double[]> leafValues = leafValues(n, byTree, leaves, outputs);
    boolean average =
        !classifier && n.stringAttribute("aggregate_function", "SUM").equals("AVERAGE");
    List<Tree> trees = new ArrayList<>();
    int treeNo = 0;
    for (var tree : byTree.entrySet()) {
      double[] values = leafValues.get(treeNo++);
      if (average) {
        for (int i = 0; i < values.length; i++) {
          values[i] /= byTree.size();
        }
      }
      trees.add(tree(n, tree.getKey(), tree.getValue(), nodes, outputs.columns(), values));
    }
    PostProcessing post =
        classifier
            ? new PostProcessing(outputs.activation(), outputs.labels())
            : PostProcessing.regression(outputs.activation());
    try {
      return new TreeEnsemble(
          "onnx " + n.opType(),
          inputWidth(n, declaredFeatures, maxFeature(nodes) + 1),
          trees,
          rule == null ? SplitRule.LEFT_IF_LESS_OR_EQUAL : rule,
          baseValues(n, outputs),
          post);
    } catch (IllegalArgumentException e) {
      throw n.fail(e.getMessage());
    }
  }

  /** {@code *_treeids/nodeids/ids/weights}, of one length. */
  private static Leaves leaves(NodeContext n, String prefix) {
    Leaves l =
        new Leaves(
            n.requiredInts(prefix + "treeids"),
            n.requiredInts(prefix + "nodeids"),
            n.requiredInts(prefix + "ids"),
            n.floatsAttribute(prefix + "weights"));
    int count = l.tree().length;
    if (l.node().length != count || l.column().length != count || l.weight().length != count) {
      throw n.fail(
          prefix
              + "treeids/nodeids/ids/weights have lengths "
              + count
              + "/"
              + l.node().length
              + "/"
              + l.column().length
              + "/"
              + l.weight().length);
    }
    return l;
  }

  /** The class labels, post_transform and number of score columns. */
  private static Outputs outputs(NodeContext n, boolean classifier, Leaves leaves) {
    long[] labels = classifier ? n.requiredInts("classlabels_int64s") : new long[0];
    if (classifier && labels.length < 2) {
      throw n.fail("TreeEnsembleClassifier needs classlabels_int64s with >= 2 labels");
    }
    String post = n.stringAttribute("post_transform", "NONE");
    boolean binaryScore =
        classifier
            && labels.length == 2
            && post.equals("LOGISTIC")
            && Arrays.stream(leaves.column()).allMatch(id -> id == 1);
    int columns =
        classifier ? (binaryScore ? 1 : labels.length) : (int) n.intAttribute("n_targets", 1);
    Activation activation =
        switch (post) {
          case "NONE" -> Activation.IDENTITY;
          case "LOGISTIC" -> Activation.SIGMOID;
          case "SOFTMAX" -> Activation.SOFTMAX;
          default ->
              throw n.fail(
                  "post_transform '"
                      + post
                      + "' is not supported; supported: NONE, LOGISTIC, SOFTMAX");
        };
    return new Outputs(labels, activation, columns, binaryScore);
  }

  /** The nodes_* attributes, of one length. */
  private static Nodes nodes(NodeContext n) {
    Nodes nodes =
        new Nodes(
            n.requiredInts("nodes_treeids"),
            n.requiredInts("nodes_nodeids"),
            n.requiredInts("nodes_featureids"),
            n.floatsAttribute("nodes_values"),
            n.requiredStrings("nodes_modes"),
            n.requiredInts("nodes_truenodeids"),
            n.requiredInts("nodes_falsenodeids"));
    int count = nodes.count();
    if (nodes.nodeIds().length != count
        || nodes.featureIds().length != count
        || nodes.values().length != count
        || nodes.modes().size() != count
        || nodes.trueIds().length != count
        || nodes.falseIds().length != count) {
      throw n.fail("nodes_* attributes have different lengths (" + count + " tree ids)");
    }
    return nodes;
  }

  /** The one comparison all branch nodes use; null when every node is a leaf. */
  private static SplitRule splitRule(NodeContext n, Nodes nodes) {
    SplitRule rule = null;
    for (int i = 0; i < nodes.count(); i++) {
      if (nodes.isLeaf(i)) {
        continue;
      }
      SplitRule r =
          switch (nodes.modes().get(i)) {
            case "BRANCH_LEQ" -> SplitRule.LEFT_IF_LESS_OR_EQUAL;
            case "BRANCH_LT" -> SplitRule.LEFT_IF_LESS;
            default ->
                throw n.fail(
                    "nodes_modes '"
                        + nodes.modes().get(i)
                        + "' is not supported; supported: BRANCH_LEQ, BRANCH_LT, LEAF");
          };
      if (rule != null && rule != r) {
        throw n.fail("mixed BRANCH_LEQ and BRANCH_LT nodes are not supported");
      }
      rule = r;
    }
    return rule;
  }

  /**
   * Per tree (in tree id order), the summed leaf contributions: {@code columns} values per node, at
   * the node's position in node id order.
   */
  private static List<double[]> leafValues(
      NodeContext n, TreeMap<Long, TreeMap<Long, Integer>> byTree, Leaves leaves, Outputs out) {
    Map<Long, Integer> treeIndex = new HashMap<>();
    List<Map<Long, Integer>> positions = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (var e : byTree.entrySet()) {
      treeIndex.put(e.getKey(), positions.size());
      positions.add(positionsOf(e.getValue()));
      values.add(new double[e.getValue().size() * out.columns()]);
    }
    String prefix = out.labels().length > 0 ? "class_" : "target_";
    for (int j = 0; j < leaves.tree().length; j++) {
      Integer t = treeIndex.get(leaves.tree()[j]);
      Integer at = t == null ? null : positions.get(t).get(leaves.node()[j]);
      if (at == null) {
        throw n.fail(
            prefix
                + "nodeids["
                + j
                + "] names node "
                + leaves.node()[j]
                + " of tree "
                + leaves.tree()[j]
                + ", which does not exist");
      }
      int column = out.binaryScore() ? 0 : (int) leaves.column()[j];
      if (column < 0 || column >= out.columns()) {
        throw n.fail(
            prefix
                + "ids["
                + j
                + "] = "
                + leaves.column()[j]
                + " is not in [0, "
                + out.columns()
                + ")");
      }
      values.get(t)[at * out.columns() + column] += leaves.weight()[j];
    }
    return values;
  }

  /** Node id → position 0, 1, ... in ascending node id order. */
  private static Map<Long, Integer> positionsOf(TreeMap<Long, Integer> nodesOfTree) {
    Map<Long, Integer> pos = new HashMap<>();
    int k = 0;
    for (long id : nodesOfTree.keySet()) {
      pos.put(id, k++);
    }
    return pos;
  }

  /** One tree from its nodes (node id → attribute index) and its leaf values. */
  private static Tree tree(
      NodeContext n,
      long treeId,
      TreeMap<Long, Integer> nodesOfTree,
      Nodes nodes,
      int columns,
      double[] leafValues) {
    Map<Long, Integer> pos = positionsOf(nodesOfTree);
    int size = pos.size();
    int[] feature = new int[size];
    double[] threshold = new double[size];
    int[] left = new int[size];
    int[] right = new int[size];
    for (var node : nodesOfTree.entrySet()) {
      int i = node.getValue();
      int k = pos.get(node.getKey());
      if (nodes.isLeaf(i)) {
        left[k] = -1;
        right[k] = -1;
      } else {
        feature[k] = (int) nodes.featureIds()[i];
        threshold[k] = nodes.values()[i];
        left[k] = child(n, pos, nodes.trueIds()[i], treeId);
        right[k] = child(n, pos, nodes.falseIds()[i], treeId);
      }
    }
    return new Tree(feature, threshold, left, right, columns, leafValues);
  }

  private static int child(NodeContext n, Map<Long, Integer> pos, long id, long tree) {
    Integer k = pos.get(id);
    if (k == null) {
      throw n.fail("tree " + tree + " points to node " + id + ", which does not exist");
    }
    return k;
  }

  /** base_values, one per column (a binary score column takes the difference of the two). */
  private static double[] baseValues(NodeContext n, Outputs out) {
    double[] given = n.has("base_values") ? n.floatsAttribute("base_values") : new double[0];
    if (out.binaryScore() && given.length == 2) {
      return new double[] {given[1] - given[0]};
    }
    if (given.length == out.columns()) {
      return given;
    }
    if (given.length != 0) {
      throw n.fail(
          "base_values has " + given.length + " entries for " + out.columns() + " outputs");
    }
    return new double[out.columns()];
  }

  /** The input's declared feature count; at least what the nodes test. */
  private static int inputWidth(NodeContext n, int declared, int tested) {
    if (declared < tested) {
      throw n.fail(
          "the input declares " + declared + " features but nodes test feature " + (tested - 1));
    }
    return declared;
  }

  private static int maxFeature(Nodes nodes) {
    long max = 0;
    for (int i = 0; i < nodes.count(); i++) {
      if (!nodes.isLeaf(i)) {
        max = Math.max(max, nodes.featureIds()[i]);
      }
    }
    return (int) max;
  }

  private static Set<String> union(Set<String> base, String... more) {
    Set<String> all = new java.util.HashSet<>(base);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }
}
