package io.fhestreams.ml.trees;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a graph whose one operator is {@code ai.onnx.ml.TreeEnsembleClassifier} or {@code
 * TreeEnsembleRegressor} (the form scikit-learn and LightGBM exporters write), following the
 * operator spec (onnx/docs/Operators-ml.md): nodes by {@code nodes_treeids}/{@code nodes_nodeids},
 * {@code nodes_modes} BRANCH_LEQ or BRANCH_LT (one mode for the whole model) or LEAF, the true
 * branch ({@code nodes_truenodeids}) taken when the comparison holds; leaf contributions {@code
 * class_*}/{@code target_*} ({@code *_treeids, *_nodeids, *_ids, *_weights}), {@code base_values},
 * {@code post_transform} NONE, LOGISTIC or SOFTMAX, and for a regressor {@code aggregate_function}
 * SUM or AVERAGE (folded into the leaves). A binary classifier whose weights all go to class 1
 * under LOGISTIC is read as one score column.
 */
public final class OnnxTreeImporter {
  private OnnxTreeImporter() {}

  /** Imports the model in {@code path}. */
  public static TreeEnsemble importModel(Path path) throws IOException {
    OnnxMl.ModelProto model;
    try {
      model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(path));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(path + " is not an ONNX model: " + e.getMessage(), e);
    }
    try {
      return read(model.getGraph());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Whether the graph holds a tree-ensemble operator (what a dispatcher checks). */
  public static boolean isTreeEnsemble(Path path) throws IOException {
    try {
      OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(path));
      return model.getGraph().getNodeList().stream()
          .anyMatch(n -> n.getOpType().startsWith("TreeEnsemble"));
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  static TreeEnsemble read(OnnxMl.GraphProto graph) {
    OnnxMl.NodeProto node = null;
    for (OnnxMl.NodeProto n : graph.getNodeList()) {
      if (n.getOpType().startsWith("TreeEnsemble")) {
        if (node != null) {
          throw new IllegalArgumentException("the graph has more than one tree-ensemble operator");
        }
        node = n;
      } else {
        throw new IllegalArgumentException(
            "operator '"
                + n.getOpType()
                + "' (node '"
                + n.getName()
                + "') is not supported next to a tree ensemble");
      }
    }
    if (node == null || !node.getDomain().equals("ai.onnx.ml")) {
      throw new IllegalArgumentException(
          "no ai.onnx.ml TreeEnsembleClassifier or TreeEnsembleRegressor in the graph");
    }
    boolean classifier = node.getOpType().equals("TreeEnsembleClassifier");
    if (!classifier && !node.getOpType().equals("TreeEnsembleRegressor")) {
      throw new IllegalArgumentException("unsupported operator '" + node.getOpType() + "'");
    }
    Map<String, OnnxMl.AttributeProto> a = new HashMap<>();
    for (OnnxMl.AttributeProto attr : node.getAttributeList()) {
      a.put(attr.getName(), attr);
    }
    String p = classifier ? "class_" : "target_";
    long[] labels = classifier ? ints(a, "classlabels_int64s") : new long[0];
    if (classifier && labels.length < 2) {
      throw new IllegalArgumentException(
          "TreeEnsembleClassifier needs classlabels_int64s with >= 2 labels");
    }
    String post =
        a.containsKey("post_transform") ? a.get("post_transform").getS().toStringUtf8() : "NONE";
    long[] leafTree = ints(a, p + "treeids");
    long[] leafNode = ints(a, p + "nodeids");
    long[] leafId = ints(a, p + "ids");
    double[] leafWeight = floats(a, p + "weights");
    if (leafNode.length != leafTree.length
        || leafId.length != leafTree.length
        || leafWeight.length != leafTree.length) {
      throw new IllegalArgumentException(
          p
              + "treeids/nodeids/ids/weights have lengths "
              + leafTree.length
              + "/"
              + leafNode.length
              + "/"
              + leafId.length
              + "/"
              + leafWeight.length);
    }
    boolean binaryScore =
        classifier
            && labels.length == 2
            && post.equals("LOGISTIC")
            && java.util.Arrays.stream(leafId).allMatch(id -> id == 1);
    int outputs = classifier ? (binaryScore ? 1 : labels.length) : (int) intAttr(a, "n_targets", 1);
    Activation activation =
        switch (post) {
          case "NONE" -> Activation.IDENTITY;
          case "LOGISTIC" -> Activation.SIGMOID;
          case "SOFTMAX" -> Activation.SOFTMAX;
          default ->
              throw new IllegalArgumentException(
                  "post_transform '"
                      + post
                      + "' is not supported; supported: NONE, LOGISTIC, SOFTMAX");
        };

    long[] treeIds = ints(a, "nodes_treeids");
    long[] nodeIds = ints(a, "nodes_nodeids");
    long[] featureIds = ints(a, "nodes_featureids");
    double[] values = floats(a, "nodes_values");
    List<String> modes = new ArrayList<>();
    if (a.containsKey("nodes_modes")) {
      a.get("nodes_modes").getStringsList().forEach(s -> modes.add(s.toStringUtf8()));
    }
    long[] trueIds = ints(a, "nodes_truenodeids");
    long[] falseIds = ints(a, "nodes_falsenodeids");
    int n = treeIds.length;
    if (nodeIds.length != n
        || featureIds.length != n
        || values.length != n
        || modes.size() != n
        || trueIds.length != n
        || falseIds.length != n) {
      throw new IllegalArgumentException(
          "nodes_* attributes have different lengths (" + n + " tree ids)");
    }
    SplitRule rule = null;
    // tree id -> node id -> attribute index
    TreeMap<Long, TreeMap<Long, Integer>> byTree = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String mode = modes.get(i);
      if (!mode.equals("LEAF")) {
        SplitRule r =
            switch (mode) {
              case "BRANCH_LEQ" -> SplitRule.LEFT_IF_LESS_OR_EQUAL;
              case "BRANCH_LT" -> SplitRule.LEFT_IF_LESS;
              default ->
                  throw new IllegalArgumentException(
                      "nodes_modes '"
                          + mode
                          + "' is not supported; supported: BRANCH_LEQ, BRANCH_LT, LEAF");
            };
        if (rule != null && rule != r) {
          throw new IllegalArgumentException(
              "mixed BRANCH_LEQ and BRANCH_LT nodes are not supported");
        }
        rule = r;
      }
      byTree.computeIfAbsent(treeIds[i], k -> new TreeMap<>()).put(nodeIds[i], i);
    }
    List<Tree> trees = new ArrayList<>();
    Map<Long, Integer> treeIndex = new HashMap<>();
    List<Map<Long, Integer>> positions = new ArrayList<>();
    List<double[]> leafValues = new ArrayList<>();
    for (var e : byTree.entrySet()) {
      Map<Long, Integer> pos = new HashMap<>();
      int k = 0;
      for (long id : e.getValue().keySet()) {
        pos.put(id, k++);
      }
      treeIndex.put(e.getKey(), positions.size());
      positions.add(pos);
      leafValues.add(new double[k * outputs]);
    }
    for (int j = 0; j < leafTree.length; j++) {
      Integer t = treeIndex.get(leafTree[j]);
      Integer at = t == null ? null : positions.get(t).get(leafNode[j]);
      if (at == null) {
        throw new IllegalArgumentException(
            p
                + "nodeids["
                + j
                + "] names node "
                + leafNode[j]
                + " of tree "
                + leafTree[j]
                + ", which does not exist");
      }
      int column = binaryScore ? 0 : (int) leafId[j];
      if (column < 0 || column >= outputs) {
        throw new IllegalArgumentException(
            p + "ids[" + j + "] = " + leafId[j] + " is not in [0, " + outputs + ")");
      }
      leafValues.get(t)[at * outputs + column] += leafWeight[j];
    }
    boolean average =
        !classifier
            && a.containsKey("aggregate_function")
            && a.get("aggregate_function").getS().toStringUtf8().equals("AVERAGE");
    int treeNo = 0;
    for (var e : byTree.entrySet()) {
      Map<Long, Integer> pos = positions.get(treeNo);
      int size = pos.size();
      int[] feature = new int[size];
      double[] threshold = new double[size];
      int[] left = new int[size];
      int[] right = new int[size];
      for (var node2 : e.getValue().entrySet()) {
        int i = node2.getValue();
        int k = pos.get(node2.getKey());
        if (modes.get(i).equals("LEAF")) {
          left[k] = -1;
          right[k] = -1;
        } else {
          feature[k] = (int) featureIds[i];
          threshold[k] = values[i];
          left[k] = child(pos, trueIds[i], e.getKey());
          right[k] = child(pos, falseIds[i], e.getKey());
        }
      }
      double[] leaves = leafValues.get(treeNo);
      if (average) {
        for (int i = 0; i < leaves.length; i++) {
          leaves[i] /= byTree.size();
        }
      }
      trees.add(new Tree(feature, threshold, left, right, outputs, leaves));
      treeNo++;
    }
    double[] base = new double[outputs];
    double[] baseValues = a.containsKey("base_values") ? floats(a, "base_values") : new double[0];
    if (binaryScore && baseValues.length == 2) {
      base[0] = baseValues[1] - baseValues[0];
    } else if (baseValues.length == outputs) {
      base = baseValues;
    } else if (baseValues.length != 0) {
      throw new IllegalArgumentException(
          "base_values has " + baseValues.length + " entries for " + outputs + " outputs");
    }
    int features = inputWidth(graph, maxFeature(featureIds, modes) + 1);
    PostProcessing pp =
        classifier ? new PostProcessing(activation, labels) : PostProcessing.regression(activation);
    return new TreeEnsemble(
        "onnx " + node.getOpType(),
        features,
        trees,
        rule == null ? SplitRule.LEFT_IF_LESS_OR_EQUAL : rule,
        base,
        pp);
  }

  /** The input's declared feature count ([batch, features]); at least what the nodes test. */
  private static int inputWidth(OnnxMl.GraphProto graph, int tested) {
    if (graph.getInputCount() == 1) {
      var shape = graph.getInput(0).getType().getTensorType().getShape();
      if (shape.getDimCount() == 2 && shape.getDim(1).hasDimValue()) {
        long declared = shape.getDim(1).getDimValue();
        if (declared < tested) {
          throw new IllegalArgumentException(
              "the input declares "
                  + declared
                  + " features but nodes test feature "
                  + (tested - 1));
        }
        return (int) declared;
      }
    }
    return tested;
  }

  private static int child(Map<Long, Integer> pos, long id, long tree) {
    Integer k = pos.get(id);
    if (k == null) {
      throw new IllegalArgumentException(
          "tree " + tree + " points to node " + id + ", which does not exist");
    }
    return k;
  }

  private static int maxFeature(long[] featureIds, List<String> modes) {
    long max = 0;
    for (int i = 0; i < featureIds.length; i++) {
      if (!modes.get(i).equals("LEAF")) {
        max = Math.max(max, featureIds[i]);
      }
    }
    return (int) max;
  }

  private static long intAttr(Map<String, OnnxMl.AttributeProto> a, String name, long fallback) {
    return a.containsKey(name) ? a.get(name).getI() : fallback;
  }

  private static long[] ints(Map<String, OnnxMl.AttributeProto> a, String name) {
    OnnxMl.AttributeProto attr = a.get(name);
    if (attr == null) {
      throw new IllegalArgumentException("missing attribute '" + name + "'");
    }
    return attr.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  private static double[] floats(Map<String, OnnxMl.AttributeProto> a, String name) {
    OnnxMl.AttributeProto attr = a.get(name);
    if (attr == null) {
      throw new IllegalArgumentException("missing attribute '" + name + "'");
    }
    return attr.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
  }
}
