package io.fhestreams.cli;

import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheModel;
import io.fhestreams.ml.models.FheModels;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.models.knn.FheKNeighborsClassifier;
import io.fhestreams.ml.models.knn.KnnLowering;
import io.fhestreams.ml.models.nn.FheNeuralNetClassifier;
import io.fhestreams.ml.quantization.NBits;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe compile}: imports an ONNX or XGBoost JSON model, recognises its family from the file
 * ({@link FheModels#load}), quantizes it on calibration data, compiles it and writes the client and
 * server artifacts to a directory, then prints the compile report.
 */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description =
        "Import an ONNX or XGBoost JSON model (linear, tree ensemble or neural net, recognised from"
            + " the file), quantize it on calibration data, compile it and write its artifacts.")
public final class CompileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "FILE",
      description =
          "the ONNX model (linear, an ai.onnx.ml tree ensemble, or a neural net), an XGBoost JSON"
              + " model file, a scikit-learn KNeighborsClassifier JSON export, or (with --knn) a"
              + " CSV of reference points whose last column is the label")
  Path model;

  @Option(
      names = "--calibration",
      required = true,
      paramLabel = "CSV",
      description = "calibration data: a header row, then feature columns only")
  Path calibration;

  @Option(
      names = "--n-bits",
      paramLabel = "N",
      description =
          "bits of quantized inputs and weights; neural nets: inputs, weights and activations,"
              + " the smallest weights pruned if an accumulator would exceed 12 bits (default: 8"
              + " for linear models, 7 for tree ensembles; neural nets choose per-layer bits on"
              + " held-out calibration rows)")
  Integer nBits;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "directory for the artifacts")
  Path out;

  @Option(
      names = "--p-fail-log2",
      defaultValue = "-40",
      paramLabel = "LOG2",
      description =
          "largest acceptable failure probability of one evaluation, as log2 (default: ${DEFAULT-VALUE})")
  double log2PFail;

  @Option(
      names = "--neural-net",
      description =
          "read the model as a neural net (MLP or small CNN) evaluated with lookups, whatever the"
              + " file looks like (the family is otherwise recognised from the file)")
  boolean neuralNet;

  @Option(
      names = "--knn",
      description =
          "read the model as k nearest neighbours: a CSV of points (header row, features, last"
              + " column the integer label); a KNeighborsClassifier JSON export is recognised"
              + " without it")
  boolean knn;

  @Option(
      names = "--k",
      paramLabel = "N",
      description =
          "KNN: the number of neighbours (default: the export's n_neighbors, "
              + DEFAULT_NEIGHBORS
              + " for a CSV)")
  Integer neighbors;

  @Option(
      names = "--knn-distances",
      paramLabel = "MODE",
      description =
          "KNN: distances ${COMPLETION-CANDIDATES}: EXACT (the default) orders the neighbours as"
              + " the clear squared distances do; TRUNCATED clips each feature's squared"
              + " difference, far cheaper, not exact")
  KnnLowering.Distances knnDistances;

  /** k of a CSV of points when --k is not given (scikit-learn's default n_neighbors). */
  static final int DEFAULT_NEIGHBORS = 5;

  @Option(
      names = "--weight-bits",
      paramLabel = "N",
      description = "neural nets: bits of the weights (default: --n-bits)")
  Integer weightBits;

  @Option(
      names = "--rounding-bits",
      defaultValue = "" + FheNeuralNetClassifier.DEFAULT_ROUNDING_BITS,
      paramLabel = "N",
      description =
          "neural nets: accumulators are rounded exactly to this many top bits before each lookup, 0 for none"
              + " (default: ${DEFAULT-VALUE})")
  int roundingBits;

  @Override
  public Integer call() throws Exception {
    Dataset data = Dataset.readCsv(calibration);
    FheModel m = load();
    if (data.columns().size() != m.features()) {
      throw new IllegalArgumentException(
          calibration
              + " has "
              + data.columns().size()
              + " columns, model "
              + model.getFileName()
              + " expects "
              + m.features()
              + " features");
    }
    m.withFeatureNames(data.columns()).compile(data.rows(), options());
    int status = written(m.name(), m.artifacts());
    if (m instanceof FheNeuralNetClassifier net) {
      spec.commandLine().getOut().print(net.quantizationReport());
      spec.commandLine().getOut().flush();
    }
    if (m instanceof FheKNeighborsClassifier k) {
      spec.commandLine().getOut().print(k.calibrationReport());
      spec.commandLine()
          .getOut()
          .printf(
              "knn: %d points, k=%d, %d classes, %d bootstraps per sample, %s distances, %d-bit"
                  + " keys (%d blocks), labels %s, truncation %d, distances up to %d, comparisons"
                  + " split at %d low bits%n",
              k.neighbors().size(),
              k.neighbors().neighbors(),
              k.neighbors().classes().length,
              k.bootstrapsPerSample(),
              k.lowering().settings().distances(),
              k.lowering().settings().keyBits(),
              k.lowering().keyBlocks(),
              k.lowering().settings().labels(),
              k.lowering().settings().truncation(),
              k.lowering().maxDistance(),
              k.lowering().compareLowBits());
      spec.commandLine().getOut().flush();
    }
    return status;
  }

  /** The model file read as the flags say, or as the file shows, with the KNN distances set. */
  private FheModel load() throws java.io.IOException {
    FheModel m = read();
    if (knnDistances != null) {
      if (!(m instanceof FheKNeighborsClassifier k)) {
        throw new IllegalArgumentException("--knn-distances applies to KNN models only");
      }
      k.withDistances(knnDistances);
    }
    return m;
  }

  /** The model file read as the flags say, or as the file shows. */
  private FheModel read() throws java.io.IOException {
    if (neuralNet && knn) {
      throw new IllegalArgumentException("--neural-net and --knn exclude each other");
    }
    if (neuralNet) {
      return FheModels.load(model, Optional.of(FheModels.Family.NEURAL_NET));
    }
    boolean csv =
        model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    if (knn && csv) {
      return FheKNeighborsClassifier.fromCsv(
          model, neighbors == null ? DEFAULT_NEIGHBORS : neighbors);
    }
    FheModel m = FheModels.load(model, knn ? Optional.of(FheModels.Family.KNN) : Optional.empty());
    if (neighbors != null) {
      if (!(m instanceof FheKNeighborsClassifier k)) {
        throw new IllegalArgumentException("--k applies to KNN models only");
      }
      return new FheKNeighborsClassifier(k.name(), k.neighbors().withNeighbors(neighbors));
    }
    return m;
  }

  /** The command line's settings; those of another family than the model's are ignored. */
  private ModelCompileOptions options() {
    ModelCompileOptions options =
        ModelCompileOptions.defaults()
            .withLog2PFailTarget(log2PFail)
            .withRoundingBits(roundingBits);
    if (nBits != null) {
      options = options.withNBits(new NBits(nBits));
    }
    if (weightBits != null) {
      options = options.withWeightBits(new NBits(weightBits));
    }
    return options;
  }

  private int written(String name, ModelArtifacts artifacts) throws java.io.IOException {
    artifacts.save(out);
    spec.commandLine().getOut().println("compiled " + name + " to " + out);
    spec.commandLine().getOut().print(InspectCommand.describe(artifacts));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
