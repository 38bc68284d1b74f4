package io.fhestreams.ml.models.trees;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.compiler.CompileOptions;
import io.fhestreams.ml.compiler.CompileReport;
import io.fhestreams.ml.compiler.CompiledCircuit;
import io.fhestreams.ml.compiler.Compiler;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.deploy.ServerArtifact;
import io.fhestreams.ml.models.ExecutionMode;
import io.fhestreams.ml.models.LocalInference;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.quantization.UniformQuantizer;
import io.fhestreams.ml.trees.OnnxTreeImporter;
import io.fhestreams.ml.trees.TreeEnsemble;
import io.fhestreams.ml.trees.TreeLowering;
import io.fhestreams.ml.trees.XGBoostJsonImporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tree-ensemble family's shared life cycle (Concrete ML's tree models): an imported {@link
 * TreeEnsemble}; {@link #compile} calibrates one unsigned input quantizer per feature, lowers the
 * ensemble with {@link TreeLowering} (by default the thermometer strategy: comparisons leveled, one
 * bootstrap per leaf) and compiles the circuit; {@link #predict} runs it in clear, simulated or
 * encrypted mode through the same client and server artifacts as every other model. Concrete
 * classes only check what was imported.
 */
public class FheTreeEnsembleModel {
  /**
   * Default n_bits of the inputs. Under the thermometer strategy n_bits does not change the
   * bootstraps (one per leaf), only the input size (2·F·(2^n − 1) + 1 seeded ciphertexts, 8 bytes
   * each); measured on the fixtures, 7 bits keep every classifier's clear-quantized accuracy within
   * 1 point of the original library's (5 and 6 bits lose up to 1.9 points on single decision trees
   * and gradient boosting).
   */
  public static final NBits DEFAULT_N_BITS = new NBits(7);

  /**
   * Default bits of the quantized leaf magnitudes (each output row has its own signed scale).
   * Measured at n_bits 6 on the fixtures: 2 bits keep the clear accuracy of 3 and 4 bits on breast
   * cancer, wine and digits (XGBoost, random forest, gradient boosting) with 3 to 6 times fewer
   * outputs (fewer leaves share a row at more bits), e.g. 26 instead of 143 outputs for 20 XGBoost
   * trees of depth 4.
   */
  public static final int DEFAULT_LEAF_BITS = 2;

  private final String name;
  private final TreeEnsemble ensemble;
  private List<String> featureNames;
  private ModelArtifacts artifacts;
  private LocalInference inference;

  protected FheTreeEnsembleModel(String name, TreeEnsemble ensemble) {
    this.name = name;
    this.ensemble = ensemble;
    this.featureNames = new ArrayList<>();
    for (int j = 0; j < ensemble.features(); j++) {
      featureNames.add("f" + j);
    }
  }

  /** Any XGBoost JSON model. */
  public static FheTreeEnsembleModel fromXGBoostJson(Path path) throws IOException {
    return new FheTreeEnsembleModel(nameOf(path), XGBoostJsonImporter.importModel(path));
  }

  /** Any ONNX tree ensemble (TreeEnsembleClassifier or TreeEnsembleRegressor). */
  public static FheTreeEnsembleModel fromOnnx(Path path) throws IOException {
    return new FheTreeEnsembleModel(nameOf(path), OnnxTreeImporter.importModel(path));
  }

  /** The model's name. */
  public String name() {
    return name;
  }

  /** The imported ensemble. */
  public TreeEnsemble ensemble() {
    return ensemble;
  }

  /** Names the features (the input schema written to the client artifact). */
  public FheTreeEnsembleModel withFeatureNames(List<String> names) {
    if (names.size() != ensemble.features()) {
      throw new IllegalArgumentException(
          "model '"
              + name
              + "' has "
              + ensemble.features()
              + " features, found "
              + names.size()
              + " names");
    }
    this.featureNames = List.copyOf(names);
    return this;
  }

  /**
   * Compiles with the thermometer strategy, {@link #DEFAULT_LEAF_BITS} and the default failure
   * target.
   */
  public FheTreeEnsembleModel compile(double[][] calibration, NBits nBits) {
    return compile(
        calibration,
        nBits,
        TreeLowering.Strategy.THERMOMETER,
        DEFAULT_LEAF_BITS,
        CompileOptions.defaults());
  }

  /**
   * Calibrates the input quantizers on {@code calibration} (rows of features), lowers the ensemble
   * with {@code strategy} and leaves on {@code leafBits} bits, and compiles the circuit.
   *
   * @throws io.fhestreams.ml.compiler.CompilationException when no parameter set holds the circuit
   */
  public FheTreeEnsembleModel compile(
      double[][] calibration,
      NBits nBits,
      TreeLowering.Strategy strategy,
      int leafBits,
      CompileOptions options) {
    List<UniformQuantizer> quantizers = calibrate(calibration, nBits);
    TreeLowering.Lowered lowered = TreeLowering.lower(ensemble, quantizers, strategy, leafBits);
    Circuit circuit = lowered.circuit();
    CompiledCircuit compiled = Compiler.compile(circuit, options);
    double[] scales = lowered.outputScales();
    ClientArtifact client =
        new ClientArtifact(
            name,
            "1",
            featureNames,
            quantizers,
            scales,
            new double[scales.length],
            ensemble.postProcessing(),
            compiled.parameters().id(),
            compiled.report(),
            lowered.layout());
    ServerArtifact server =
        new ServerArtifact(
            name,
            "1",
            compiled.parameters(),
            circuit,
            compiled.noise(),
            compiled.outputModulusLog());
    this.artifacts = new ModelArtifacts(client, server);
    this.inference = new LocalInference(artifacts, new SplittableRandom(0x5EEDL));
    return this;
  }

  /** One unsigned affine quantizer of {@code nBits} per feature, calibrated on the rows. */
  public List<UniformQuantizer> calibrate(double[][] calibration, NBits nBits) {
    return UniformQuantizer.calibrateAffinePerFeature(calibration, ensemble.features(), nBits);
  }

  /** The compiled artifacts; fails before {@link #compile}. */
  public ModelArtifacts artifacts() {
    checkCompiled();
    return artifacts;
  }

  /** The compile report; fails before {@link #compile}. */
  public CompileReport report() {
    return artifacts().client().report();
  }

  /** Bootstraps one sample costs under the compiled circuit. */
  public long bootstrapsPerSample() {
    return artifacts().server().circuit().bootstrapCount();
  }

  /** Predicts every row in {@code mode}; fails before {@link #compile}. */
  public Prediction[] predict(double[][] x, ExecutionMode mode) {
    checkCompiled();
    return inference.predict(x, mode);
  }

  /** The ensemble in double precision (no quantization), for reference. */
  public Prediction[] predictFloat(double[][] x) {
    Prediction[] out = new Prediction[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = ensemble.predictFloat(x[i]);
    }
    return out;
  }

  /** The inference runner (its client holds the keys once an encrypted prediction ran). */
  public LocalInference inference() {
    checkCompiled();
    return inference;
  }

  private void checkCompiled() {
    if (artifacts == null) {
      throw new IllegalStateException(
          "model '" + name + "' is not compiled: call compile(calibration, nBits) first");
    }
  }

  /** Refuses an ensemble that is not a classifier (or not a regressor) as {@code kind} expects. */
  protected static TreeEnsemble checked(
      TreeEnsemble e, Path path, String kind, boolean classifier) {
    if (e.postProcessing().isClassifier() != classifier) {
      throw new IllegalArgumentException(
          path.getFileName()
              + " is a "
              + (classifier ? "regressor" : "classifier")
              + " ("
              + e.kind()
              + "), not a "
              + kind);
    }
    return e;
  }

  /** The name of a model read from {@code path}: the file name without extension. */
  protected static String nameOf(Path path) {
    String file = path.getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "["
        + name
        + ", "
        + ensemble.kind()
        + ", "
        + ensemble.trees().size()
        + " trees"
        + (artifacts == null ? ", not compiled" : ", " + artifacts.server().parameters().id())
        + "]";
  }
}
