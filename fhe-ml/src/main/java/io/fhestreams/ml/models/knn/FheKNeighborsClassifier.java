package io.fhestreams.ml.models.knn;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.models.AbstractFheModel;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A k-nearest-neighbours classifier on encrypted samples: Concrete ML's {@code
 * KNeighborsClassifier} counterpart. The reference points and their labels are clear constants of
 * the server's circuit (so they travel in the server artifact, read back under its limits); the
 * sample is encrypted. {@link #compile} quantizes every feature with one common scale (so that
 * quantized distances keep the Euclidean metric's proportions; each feature keeps its own zero
 * point, which distances ignore), calibrated on the reference points, and lowers the classifier
 * with {@link KnnLowering}. The client receives the vote count of each class and takes their
 * arg-max.
 *
 * <p>Limits of this design, measured in benchmarks/RESULTS.md: every comparison reads its
 * difference in one bootstrap of at most {@link KnnLowering#KEY_BITS} + 1 = 6 bits (the widest the
 * engine's bootstrapping sets read within the failure target), so distances are compared as buckets
 * of at most 2^5 / C values; where the distance range is wider, the buckets clip, and the accuracy
 * falls below scikit-learn's.
 *
 * <p>Not thread-safe.
 */
public final class FheKNeighborsClassifier extends AbstractFheModel<FheKNeighborsClassifier> {
  /** Default n_bits of the inputs and points (Concrete ML's KNN default is 3). */
  public static final NBits DEFAULT_N_BITS = new NBits(2);

  /**
   * Default width of the distances before their buckets: the widest a lookup reads with the 6-bit
   * set (wider distances lose their low bits by exact rounding).
   */
  public static final int DEFAULT_DISTANCE_BITS = 6;

  private final NeighborSet neighbors;
  private KnnLowering.Lowered lowered;

  /** A classifier over fitted points. */
  public FheKNeighborsClassifier(String name, NeighborSet neighbors) {
    super(name, neighbors.features(), "f");
    this.neighbors = neighbors;
  }

  /** A scikit-learn KNeighborsClassifier exported as JSON ({@link NeighborSet#fromSklearnJson}). */
  public static FheKNeighborsClassifier fromSklearnJson(Path path) throws IOException {
    return new FheKNeighborsClassifier(nameOf(path), NeighborSet.fromSklearnJson(path));
  }

  /** A CSV of points, last column the label ({@link NeighborSet#fromCsv}), with k neighbours. */
  public static FheKNeighborsClassifier fromCsv(Path path, int k) throws IOException {
    return new FheKNeighborsClassifier(nameOf(path), NeighborSet.fromCsv(path, k));
  }

  /** The fitted points. */
  public NeighborSet neighbors() {
    return neighbors;
  }

  @Override
  public NBits defaultNBits() {
    return DEFAULT_N_BITS;
  }

  /**
   * Quantizes with the options' n_bits (default {@link #DEFAULT_N_BITS}) calibrated on the
   * reference points and the rows of {@code calibration} together, and lowers with the options'
   * rounding bits as the distance width (default {@link #DEFAULT_DISTANCE_BITS}).
   */
  @Override
  protected Lowered lower(double[][] calibration, ModelCompileOptions options) {
    List<UniformQuantizer> quantizers =
        commonScale(calibration, options.nBits().orElse(DEFAULT_N_BITS));
    lowered =
        KnnLowering.lower(
            neighbors, quantizers, options.roundingBits().orElse(DEFAULT_DISTANCE_BITS));
    int classes = neighbors.classes().length;
    return new Lowered(
        lowered.circuit(),
        quantizers,
        ones(classes),
        new double[classes],
        new PostProcessing(Activation.IDENTITY, neighbors.classes()),
        new IoLayout(true, new int[0], new double[0]));
  }

  /**
   * One unsigned quantizer per feature with the scale of the widest feature range (over the points
   * and the calibration rows) and each feature's own zero point.
   */
  private List<UniformQuantizer> commonScale(double[][] calibration, NBits nBits) {
    UniformQuantizer.requireCalibrationRows(calibration, features());
    double[] min = new double[features()];
    double[] max = new double[features()];
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    List<double[]> rows = new ArrayList<>(List.of(neighbors.points()));
    rows.addAll(List.of(calibration));
    for (double[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        min[j] = Math.min(min[j], row[j]);
        max[j] = Math.max(max[j], row[j]);
      }
    }
    double widest = 0;
    for (int j = 0; j < min.length; j++) {
      widest = Math.max(widest, max[j] - min[j]);
    }
    double scale = widest > 0 ? widest / (nBits.levels() - 1) : 1.0;
    List<UniformQuantizer> quantizers = new ArrayList<>();
    for (double m : min) {
      quantizers.add(new UniformQuantizer(scale, (long) Math.rint(-m / scale), nBits, false));
    }
    return quantizers;
  }

  /**
   * The 4-bit set (a circuit whose keys fit it), then the 6-bit sets of p_fail 2^-128 and 2^-64,
   * each widened to the distance accumulator (up to 12 bits, as the neural nets').
   */
  @Override
  protected List<ParameterSet> defaultCandidates() {
    List<ParameterSet> sets = new ArrayList<>();
    sets.add(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128);
    for (ParameterSet base :
        List.of(
            ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M128,
            ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64)) {
      for (int bits = base.messageBits(); bits <= 12; bits++) {
        sets.add(ParameterSets.widened(base, bits));
      }
    }
    return sets;
  }

  @Override
  protected FheKNeighborsClassifier self() {
    return this;
  }

  /** Bootstraps one sample costs under the compiled circuit. */
  public long bootstrapsPerSample() {
    return artifacts().server().circuit().bootstrapCount();
  }

  /**
   * How {@link #compile} bucketed the distances: the low bits dropped and the largest bucket; fails
   * before {@link #compile}.
   */
  public KnnLowering.Lowered lowering() {
    if (lowered == null || !isCompiled()) {
      throw new IllegalStateException("model '" + name() + "' is not compiled");
    }
    return lowered;
  }

  /** scikit-learn's prediction in double precision ({@link NeighborSet#predictFloat}). */
  @Override
  public Prediction[] predictFloat(double[][] x) {
    Prediction[] out = new Prediction[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = new Prediction(neighbors.predictFloat(x[i]), new double[0], true, false);
    }
    return out;
  }

  private static double[] ones(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, 1.0);
    return a;
  }

  @Override
  public String toString() {
    return "FheKNeighborsClassifier["
        + name()
        + ", "
        + neighbors.size()
        + " points, k="
        + neighbors.neighbors()
        + (isCompiled() ? ", " + artifacts().client().parameterSetId() : ", not compiled")
        + "]";
  }
}
