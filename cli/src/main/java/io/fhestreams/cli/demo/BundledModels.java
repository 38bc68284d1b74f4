package io.fhestreams.cli.demo;

import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheModel;
import io.fhestreams.ml.models.FheModels;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.models.trees.FheTreeEnsembleModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The models and data bundled in the jar ({@code /demo/}): a logistic regression and an XGBoost
 * tree ensemble trained on breast cancer, with its train and test splits. Files are copied out to a
 * directory, since the compiler and the dataset reader take paths.
 */
public final class BundledModels {
  private static final String RESOURCES = "/demo/";

  private final Path dir;

  /** Bundled files are copied to {@code dir} when first asked for. */
  public BundledModels(Path dir) {
    this.dir = dir;
  }

  /** The training split: the calibration data of both models. */
  public Dataset train() throws IOException {
    return Dataset.readCsv(file("breast_cancer_train.csv"));
  }

  /** The test split's features. */
  public Dataset test() throws IOException {
    return Dataset.readCsv(file("breast_cancer_test.csv"));
  }

  /** The test split's labels. */
  public double[] testLabels() throws IOException {
    return Dataset.readCsv(file("breast_cancer_test_labels.csv")).column("target");
  }

  /** The logistic regression, compiled on {@code train} with the default bits. */
  public FheModel linear(Dataset train) throws IOException {
    return FheModels.load(file("breast_cancer_logistic.onnx"))
        .withFeatureNames(train.columns())
        .compile(train.rows(), ModelCompileOptions.defaults());
  }

  /**
   * The XGBoost ensemble (20 trees of depth 4), compiled on {@code train} with the default bits.
   */
  public FheTreeEnsembleModel trees(Dataset train) throws IOException {
    return FheTreeEnsembleModel.fromXGBoostJson(file("breast_cancer_xgb.json"))
        .withFeatureNames(train.columns())
        .compile(train.rows(), ModelCompileOptions.defaults());
  }

  private Path file(String name) throws IOException {
    Path target = dir.resolve(name);
    Files.createDirectories(dir);
    try (InputStream in = BundledModels.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException("bundled demo file " + RESOURCES + name + " is missing from the jar");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
