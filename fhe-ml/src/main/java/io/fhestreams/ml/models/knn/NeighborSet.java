package io.fhestreams.ml.models.knn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The fitted state of a k-nearest-neighbours classifier: the reference points, the label of each,
 * and k. Read from the JSON a scikit-learn {@code KNeighborsClassifier} is exported to ({@code
 * tools/fixtures/make_knn_fixtures.py}: {@code n_neighbors}, {@code fit_X}, {@code labels}) or from
 * a CSV of points whose last column is the label. Both readers are bounded: the file size is
 * checked before it is read (the JSON tree is parsed only then), and the number of points, features
 * and classes and k before the arrays holding them are allocated.
 */
public final class NeighborSet {
  /** The largest file read. */
  public static final long MAX_FILE_BYTES = 64L << 20;

  /** The most reference points (each costs a few bootstraps per sample). */
  public static final int MAX_POINTS = 4096;

  /** The most features. */
  public static final int MAX_FEATURES = 1024;

  /** The largest k. */
  public static final int MAX_NEIGHBORS = 64;

  /** The most distinct classes. */
  public static final int MAX_CLASSES = 64;

  private final double[][] points;
  private final long[] labels;
  private final long[] classes;
  private final int neighbors;

  /**
   * Points (rows of equal length, finite), their labels and k (1 ≤ k ≤ points); refused with a
   * message naming what is wrong.
   */
  public NeighborSet(double[][] points, long[] labels, int neighbors) {
    check(points.length >= 1 && points.length <= MAX_POINTS, "points", points.length, MAX_POINTS);
    check(labels.length == points.length, "labels (one per point)", labels.length, points.length);
    int features = points[0].length;
    check(features >= 1 && features <= MAX_FEATURES, "features", features, MAX_FEATURES);
    check(
        neighbors >= 1 && neighbors <= Math.min(MAX_NEIGHBORS, points.length),
        "n_neighbors",
        neighbors,
        Math.min(MAX_NEIGHBORS, points.length));
    this.points = new double[points.length][];
    for (int i = 0; i < points.length; i++) {
      if (points[i].length != features) {
        throw new IllegalArgumentException(
            "point " + i + " has " + points[i].length + " features, expected " + features);
      }
      for (double v : points[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("point " + i + " has a non-finite feature " + v);
        }
      }
      this.points[i] = points[i].clone();
    }
    this.labels = labels.clone();
    this.classes =
        new TreeSet<>(Arrays.stream(labels).boxed().toList())
            .stream().mapToLong(Long::longValue).toArray();
    check(
        classes.length >= 2 && classes.length <= MAX_CLASSES,
        "classes",
        classes.length,
        MAX_CLASSES);
    this.neighbors = neighbors;
  }

  /** The fitted points of a scikit-learn KNeighborsClassifier exported as JSON. */
  public static NeighborSet fromSklearnJson(Path path) throws IOException {
    return fromSklearnJson(readBounded(path));
  }

  /** The fitted points of a scikit-learn KNeighborsClassifier exported as JSON. */
  public static NeighborSet fromSklearnJson(byte[] json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    if (!isSklearnExport(root)) {
      throw new IllegalArgumentException(
          "not a KNeighborsClassifier export: expected \"model\": \"" + SKLEARN_MODEL + "\"");
    }
    String weights = root.path("weights").asText("uniform");
    if (!weights.equals("uniform")) {
      throw new IllegalArgumentException("weights must be 'uniform', found '" + weights + "'");
    }
    String metric = root.path("metric").asText("euclidean");
    if (!metric.equals("euclidean")) {
      throw new IllegalArgumentException("metric must be 'euclidean', found '" + metric + "'");
    }
    JsonNode fit = array(root, "fit_X", MAX_POINTS);
    JsonNode labelNode = array(root, "labels", MAX_POINTS);
    double[][] points = new double[fit.size()][];
    for (int i = 0; i < fit.size(); i++) {
      JsonNode row = fit.get(i);
      check(
          row.isArray() && row.size() <= MAX_FEATURES,
          "features of point " + i,
          row.size(),
          MAX_FEATURES);
      points[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        if (!row.get(j).isNumber()) {
          throw new IllegalArgumentException("point " + i + " feature " + j + " is not a number");
        }
        points[i][j] = row.get(j).asDouble();
      }
    }
    long[] labels = new long[labelNode.size()];
    for (int i = 0; i < labels.length; i++) {
      if (!labelNode.get(i).canConvertToLong()) {
        throw new IllegalArgumentException("label " + i + " is not an integer");
      }
      labels[i] = labelNode.get(i).asLong();
    }
    JsonNode k = root.get("n_neighbors");
    if (k == null || !k.canConvertToInt()) {
      throw new IllegalArgumentException("n_neighbors is missing or not an integer");
    }
    return new NeighborSet(points, labels, k.asInt());
  }

  /** Whether a JSON document is a KNeighborsClassifier export. */
  public static boolean isSklearnExport(JsonNode root) {
    return SKLEARN_MODEL.equals(root.path("model").asText());
  }

  /**
   * The points of a CSV file with a header line, one point per line, its last column the label (an
   * integer), and k = {@code neighbors}.
   */
  public static NeighborSet fromCsv(Path path, int neighbors) throws IOException {
    String text = new String(readBounded(path), StandardCharsets.UTF_8);
    List<double[]> rows = new ArrayList<>();
    List<Long> labels = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int n = 1; n < lines.length; n++) {
      if (lines[n].isBlank()) {
        continue;
      }
      check(rows.size() < MAX_POINTS, "points", rows.size() + 1, MAX_POINTS);
      String[] cells = lines[n].split(",", MAX_FEATURES + 2);
      check(
          cells.length >= 2 && cells.length <= MAX_FEATURES + 1,
          "columns on line " + (n + 1),
          cells.length,
          MAX_FEATURES + 1);
      double[] row = new double[cells.length - 1];
      try {
        for (int j = 0; j < row.length; j++) {
          row[j] = Double.parseDouble(cells[j].trim());
        }
        labels.add(Long.parseLong(cells[row.length].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "line "
                + (n + 1)
                + ": features must be numbers and the label an integer: "
                + e.getMessage());
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(path.getFileName() + " has no points after its header");
    }
    return new NeighborSet(
        rows.toArray(double[][]::new),
        labels.stream().mapToLong(Long::longValue).toArray(),
        neighbors);
  }

  /** The same points and labels with another k. */
  public NeighborSet withNeighbors(int k) {
    return new NeighborSet(points, labels, k);
  }

  /** Number of reference points. */
  public int size() {
    return points.length;
  }

  /** Number of features. */
  public int features() {
    return points[0].length;
  }

  /** k. */
  public int neighbors() {
    return neighbors;
  }

  /** Point i, a copy. */
  public double[] point(int i) {
    return points[i].clone();
  }

  /** All points, copies. */
  public double[][] points() {
    return Arrays.stream(points).map(double[]::clone).toArray(double[][]::new);
  }

  /** The label of point i. */
  public long label(int i) {
    return labels[i];
  }

  /** The distinct labels, ascending (scikit-learn's {@code classes_}). */
  public long[] classes() {
    return classes.clone();
  }

  /** The position of point i's label in {@link #classes()}. */
  public int classIndex(int i) {
    return Arrays.binarySearch(classes, labels[i]);
  }

  /**
   * The class scikit-learn predicts: the k points nearest in Euclidean distance (equal distances in
   * point order, as a stable sort keeps them), then the most frequent label, the smallest on a tie
   * (scikit-learn's mode).
   */
  public long predictFloat(double[] x) {
    double[] distance = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        double d = x[j] - points[i][j];
        s += d * d;
      }
      distance[i] = s;
    }
    Integer[] order = new Integer[points.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
    long[] votes = new long[classes.length];
    for (int i = 0; i < neighbors; i++) {
      votes[classIndex(order[i])]++;
    }
    int best = 0;
    for (int c = 1; c < votes.length; c++) {
      if (votes[c] > votes[best]) {
        best = c;
      }
    }
    return classes[best];
  }

  private static final String SKLEARN_MODEL = "sklearn.neighbors.KNeighborsClassifier";

  private static byte[] readBounded(Path path) throws IOException {
    long size = Files.size(path);
    check(size <= MAX_FILE_BYTES, "bytes in " + path.getFileName(), size, MAX_FILE_BYTES);
    return Files.readAllBytes(path);
  }

  private static JsonNode array(JsonNode root, String field, int max) {
    JsonNode node = root.get(field);
    if (node == null || !node.isArray()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not an array");
    }
    check(node.size() >= 1 && node.size() <= max, "entries of '" + field + "'", node.size(), max);
    return node;
  }

  private static void check(boolean ok, String what, long found, long max) {
    if (!ok) {
      throw new IllegalArgumentException(
          what
              + ": expected at least "
              + (what.equals("classes") ? 2 : 1)
              + " and at most "
              + max
              + ", found "
              + found);
    }
  }
}
