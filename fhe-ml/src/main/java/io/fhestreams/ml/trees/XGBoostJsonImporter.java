package io.fhestreams.ml.trees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.PostProcessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON model file XGBoost's {@code Booster.save_model("model.json")} writes (layout of
 * XGBoost 1.7: {@code learner.gradient_booster.model.trees[]} with the arrays {@code
 * left_children}, {@code right_children}, {@code split_indices}, {@code split_conditions} (a leaf's
 * value in the leaf's slot), {@code tree_info} (the output column of each tree), {@code
 * learner.learner_model_param.base_score} and {@code learner.objective.name}). XGBoost sends x to
 * the left child when x &lt; split_condition.
 *
 * <p>Objectives: {@code binary:logistic} (one margin column, base margin logit(base_score),
 * sigmoid), {@code multi:softprob} / {@code multi:softmax} (one column per class, base_score added
 * to every margin, softmax), {@code reg:squarederror} (identity, base_score added). Missing-value
 * routing ({@code default_left}) is not needed: inputs are never missing. Categorical splits are
 * refused.
 */
public final class XGBoostJsonImporter {
  private XGBoostJsonImporter() {}

  /** Imports the model file. */
  public static TreeEnsemble importModel(Path path) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new IOException(path + " is not a JSON file: " + e.getMessage(), e);
    }
    try {
      return read(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Converts a parsed model document. */
  public static TreeEnsemble read(JsonNode root) {
    JsonNode learner = required(root, "learner");
    String objective = required(required(learner, "objective"), "name").asText();
    JsonNode param = required(learner, "learner_model_param");
    double baseScore = Double.parseDouble(required(param, "base_score").asText());
    int features = Integer.parseInt(required(param, "num_feature").asText());
    int numClass = Integer.parseInt(required(param, "num_class").asText());
    JsonNode booster = required(learner, "gradient_booster");
    String boosterName = required(booster, "name").asText();
    if (!boosterName.equals("gbtree")) {
      throw new IllegalArgumentException(
          "booster '" + boosterName + "' is not supported; expected gbtree");
    }
    JsonNode model = required(booster, "model");
    JsonNode trees = required(model, "trees");
    JsonNode info = required(model, "tree_info");

    int outputs;
    double base;
    PostProcessing post;
    switch (objective) {
      case "binary:logistic" -> {
        if (!(baseScore > 0 && baseScore < 1)) {
          throw new IllegalArgumentException(
              "binary:logistic base_score must be in (0, 1), found " + baseScore);
        }
        outputs = 1;
        base = Math.log(baseScore / (1 - baseScore));
        post = new PostProcessing(Activation.SIGMOID, new long[] {0, 1});
      }
      case "multi:softprob", "multi:softmax" -> {
        if (numClass < 2) {
          throw new IllegalArgumentException(
              objective + " needs num_class >= 2, found " + numClass);
        }
        outputs = numClass;
        base = baseScore;
        long[] labels = new long[numClass];
        for (int c = 0; c < numClass; c++) {
          labels[c] = c;
        }
        post = new PostProcessing(Activation.SOFTMAX, labels);
      }
      case "reg:squarederror" -> {
        outputs = 1;
        base = baseScore;
        post = PostProcessing.regression(Activation.IDENTITY);
      }
      default ->
          throw new IllegalArgumentException(
              "objective '"
                  + objective
                  + "' is not supported; supported: binary:logistic, multi:softprob, multi:softmax, reg:squarederror");
    }
    if (info.size() != trees.size()) {
      throw new IllegalArgumentException(
          "tree_info has " + info.size() + " entries for " + trees.size() + " trees");
    }
    List<Tree> list = new ArrayList<>();
    for (int t = 0; t < trees.size(); t++) {
      int column = info.get(t).asInt();
      if (column < 0 || column >= outputs) {
        throw new IllegalArgumentException(
            "tree " + t + " writes output " + column + " of " + outputs);
      }
      list.add(tree(trees.get(t), t, outputs, column));
    }
    double[] bases = new double[outputs];
    java.util.Arrays.fill(bases, base);
    return new TreeEnsemble(
        "xgboost " + objective, features, list, SplitRule.LEFT_IF_LESS, bases, post);
  }

  private static Tree tree(JsonNode json, int t, int outputs, int column) {
    int[] left = ints(required(json, "left_children"));
    int[] right = ints(required(json, "right_children"));
    int[] feature = ints(required(json, "split_indices"));
    double[] cond = doubles(required(json, "split_conditions"));
    JsonNode splitType = json.get("split_type");
    int n = left.length;
    if (right.length != n || feature.length != n || cond.length != n) {
      throw new IllegalArgumentException(
          "tree "
              + t
              + ": arrays of different lengths ("
              + n
              + " left, "
              + right.length
              + " right, "
              + feature.length
              + " split_indices, "
              + cond.length
              + " split_conditions)");
    }
    double[] threshold = new double[n];
    double[] leaves = new double[n * outputs];
    for (int i = 0; i < n; i++) {
      if (left[i] < 0) {
        left[i] = -1;
        right[i] = -1;
        feature[i] = 0;
        leaves[i * outputs + column] = cond[i];
      } else {
        if (splitType != null && splitType.size() == n && splitType.get(i).asInt() != 0) {
          throw new IllegalArgumentException(
              "tree " + t + " node " + i + " is a categorical split: not supported");
        }
        threshold[i] = cond[i];
      }
    }
    try {
      return new Tree(feature, threshold, left, right, outputs, leaves);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tree " + t + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw new IllegalArgumentException(
          "missing field '" + field + "' (is this an XGBoost save_model JSON file?)");
    }
    return v;
  }

  private static int[] ints(JsonNode array) {
    int[] a = new int[array.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = array.get(i).asInt();
    }
    return a;
  }

  private static double[] doubles(JsonNode array) {
    double[] a = new double[array.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = array.get(i).asDouble();
    }
    return a;
  }
}
