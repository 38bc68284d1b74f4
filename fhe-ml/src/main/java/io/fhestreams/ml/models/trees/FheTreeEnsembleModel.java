package io.fhestreams.ml.models.trees;

import io.fhestreams.ml.models.AbstractFheModel;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.onnx.OnnxImporter;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.quantization.UniformQuantizer;
import io.fhestreams.ml.trees.TreeEnsemble;
import io.fhestreams.ml.trees.TreeLowering;
import io.fhestreams.ml.trees.XGBoostJsonImporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The tree-ensemble family (Concrete ML's tree models: decision trees, random forests, gradient
 * boosting, XGBoost, classifiers and regressors alike): an imported {@link TreeEnsemble}; {@link
 * #compile} calibrates one unsigned input quantizer per feature, lowers the ensemble with {@link
 * TreeLowering} (by default the thermometer strategy: comparisons leveled, one bootstrap per leaf)
 * and compiles the circuit; {@link #predict} runs it in clear, simulated or encrypted mode through
 * the same client and server artifacts as every other model. One class serves every kind of
 * ensemble: they differ only in what the importer reads, and share the defaults below.
 */
public final class FheTreeEnsembleModel extends AbstractFheModel<FheTreeEnsembleModel> {
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

  private final TreeEnsemble ensemble;

  /** A model over an imported ensemble. */
  public FheTreeEnsembleModel(String name, TreeEnsemble ensemble) {
    super(name, ensemble.features(), "f");
    this.ensemble = ensemble;
  }

  /** Any XGBoost JSON model. */
  public static FheTreeEnsembleModel fromXGBoostJson(Path path) throws IOException {
    return new FheTreeEnsembleModel(nameOf(path), XGBoostJsonImporter.importModel(path));
  }

  /** Any ONNX tree ensemble (TreeEnsembleClassifier or TreeEnsembleRegressor). */
  public static FheTreeEnsembleModel fromOnnx(Path path) throws IOException {
    return new FheTreeEnsembleModel(nameOf(path), OnnxImporter.importModel(path).toTreeEnsemble());
  }

  /** The imported ensemble. */
  public TreeEnsemble ensemble() {
    return ensemble;
  }

  @Override
  public NBits defaultNBits() {
    return DEFAULT_N_BITS;
  }

  /**
   * Calibrates the input quantizers on {@code calibration} (rows of features) and lowers the
   * ensemble with the options' strategy (default thermometer) and leaf bits (default {@link
   * #DEFAULT_LEAF_BITS}).
   */
  @Override
  protected Lowered lower(double[][] calibration, ModelCompileOptions options) {
    List<UniformQuantizer> quantizers =
        calibrate(calibration, options.nBits().orElse(DEFAULT_N_BITS));
    TreeLowering.Lowered lowered =
        TreeLowering.lower(
            ensemble,
            quantizers,
            options.treeStrategy(),
            options.leafBits().orElse(DEFAULT_LEAF_BITS));
    double[] scales = lowered.outputScales();
    return new Lowered(
        lowered.circuit(),
        quantizers,
        scales,
        new double[scales.length],
        ensemble.postProcessing(),
        lowered.layout());
  }

  @Override
  protected FheTreeEnsembleModel self() {
    return this;
  }

  /** One unsigned affine quantizer of {@code nBits} per feature, calibrated on the rows. */
  public List<UniformQuantizer> calibrate(double[][] calibration, NBits nBits) {
    return UniformQuantizer.calibrateAffinePerFeature(calibration, ensemble.features(), nBits);
  }

  /** Bootstraps one sample costs under the compiled circuit. */
  public long bootstrapsPerSample() {
    return artifacts().server().circuit().bootstrapCount();
  }

  /** The ensemble in double precision (no quantization), for reference. */
  @Override
  public Prediction[] predictFloat(double[][] x) {
    Prediction[] out = new Prediction[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = ensemble.predictFloat(x[i]);
    }
    return out;
  }

  @Override
  public String toString() {
    return "FheTreeEnsembleModel["
        + name()
        + ", "
        + ensemble.kind()
        + ", "
        + ensemble.trees().size()
        + " trees"
        + (isCompiled() ? ", " + artifacts().server().parameters().id() : ", not compiled")
        + "]";
  }
}
