package io.fhestreams.ml.trees;

import io.fhestreams.ml.models.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The tree fixtures of tools/fixtures/make_tree_fixtures.py and the shared datasets. */
public final class TreeFixtures {
  public static final Path FIXTURES = Path.of("src/test/resources/fixtures");
  public static final Path TREES = FIXTURES.resolve("trees");

  private TreeFixtures() {}

  public static double[][] train(String dataset) {
    return read(FIXTURES.resolve(dataset + "_train.csv")).rows();
  }

  public static double[][] test(String dataset) {
    return read(FIXTURES.resolve(dataset + "_test.csv")).rows();
  }

  public static double[] labels(String dataset) {
    return read(FIXTURES.resolve(dataset + "_test_labels.csv")).column("target");
  }

  /**
   * The original library's predictions: column {@code prediction}, then proba_<class> for
   * classifiers.
   */
  public static Dataset reference(String model) {
    return read(TREES.resolve(model + "_ref.csv"));
  }

  public static Dataset read(Path p) {
    try {
      return Dataset.readCsv(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
