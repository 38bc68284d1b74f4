package io.fhestreams.ml.models.knn;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.compiler.CompilationException;
import io.fhestreams.ml.compiler.CompiledCircuit;
import io.fhestreams.ml.compiler.Compiler;
import io.fhestreams.ml.compiler.TimeEstimate;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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
 * <p>By default ({@link #DEFAULT_DISTANCES}) distances are exact squared distances of 8-bit
 * features in keys of 2- or 4-bit blocks, the width of the least estimated time ({@link
 * KnnLowering#lowerExact}). With truncated distances ({@link #withDistances}, {@link #withKeyBits},
 * {@link #withLabels}), comparisons are exact whatever the keys' width ({@link
 * io.fhestreams.ml.circuit.Operation.CompareSwap}); the keys' width ({@link #DEFAULT_KEY_BITS})
 * bounds the distances (less the class index's bits when the labels travel in the keys, {@link
 * #DEFAULT_LABELS}), and n_bits and the per-feature truncation of the squared differences are
 * chosen by leave-one-out on the points among those whose distances fit.
 *
 * <p>Not thread-safe.
 */
public final class FheKNeighborsClassifier extends AbstractFheModel<FheKNeighborsClassifier> {
  /**
   * n_bits reported as the family's default (Concrete ML's KNN default); unless the options set
   * n_bits, {@link #compile} chooses among 2 to 6 by leave-one-out.
   */
  public static final NBits DEFAULT_N_BITS = new NBits(3);

  /**
   * Default bits of a key (distance · 2^b + class): 10, so that a comparison's shifted difference
   * has 11 bits, split at 5 into reads of at most 6 bits (the 6-bit set's).
   */
  public static final int DEFAULT_KEY_BITS = 10;

  /**
   * Default label layouts, tried in order: in the key (the cheaper vote) when some n_bits and
   * truncation fit it, else apart (the class count then costs the distances no key bit).
   */
  public static final List<KnnLowering.Labels> DEFAULT_LABELS =
      List.of(KnnLowering.Labels.IN_KEY, KnnLowering.Labels.APART);

  /** n_bits of exact distances unless the options set n_bits. */
  public static final NBits EXACT_N_BITS = new NBits(8);

  private final NeighborSet neighbors;

  /**
   * Default distances: exact ({@link KnnLowering.Distances#EXACT}), the only ones whose accuracy
   * equals scikit-learn's on every KNN fixture (benchmarks/RESULTS.md, "KNN classifier, exact
   * distances in 4-bit blocks"), at 14–55 times the bootstraps of truncated distances (moons 14,
   * iris 17, synthetic8 20, digits 55; section "Merged main, quiet machine (… session 14 …)"), each
   * about a tenth of the time under the 4-bit set (section "KNN exact distances in 2-bit blocks").
   */
  public static final KnnLowering.Distances DEFAULT_DISTANCES = KnnLowering.Distances.EXACT;

  private KnnLowering.Distances distances = DEFAULT_DISTANCES;
  private int keyBits = DEFAULT_KEY_BITS;
  private List<KnnLowering.Labels> labels = DEFAULT_LABELS;
  private KnnLowering.Lowered lowered;
  private String calibrationReport = "";

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
   * Quantizes with n_bits and a per-feature truncation chosen by leave-one-out on the reference
   * points ({@link KnnCalibration}; the options' n_bits, when set, is the only one tried), the
   * scale calibrated on the points and the rows of {@code calibration} together, and lowers with
   * keys of {@link #withKeyBits} bits.
   */
  @Override
  protected Lowered lower(double[][] calibration, ModelCompileOptions options) {
    int classes = neighbors.classes().length;
    PostProcessing vote = new PostProcessing(Activation.IDENTITY, neighbors.classes());
    if (distances == KnnLowering.Distances.EXACT) {
      NBits n = options.nBits().orElse(EXACT_N_BITS);
      List<UniformQuantizer> quantizers = KnnCalibration.commonScale(neighbors, calibration, n);
      CompiledCircuit fastest = fastestExact(quantizers, options, n);
      return new Lowered(
          lowered.circuit(),
          quantizers,
          ones(classes),
          new double[classes],
          vote,
          new IoLayout(IoLayout.Inputs.COMPLEMENT_DIGITS, new int[0], new double[0]),
          Optional.of(fastest));
    }
    KnnCalibration.Choice choice =
        KnnCalibration.choose(
            neighbors,
            calibration,
            options.nBits().map(List::of).orElse(KnnCalibration.N_BITS),
            keyBits,
            labels);
    calibrationReport = choice.report();
    lowered = TruncatedKnnLowering.lower(neighbors, choice.quantizers(), choice.settings());
    return new Lowered(
        lowered.circuit(),
        choice.quantizers(),
        ones(classes),
        new double[classes],
        vote,
        new IoLayout(IoLayout.Inputs.THERMOMETER, new int[0], new double[0]));
  }

  /**
   * Sets {@link #lowered} to the exact lowering of the least estimated time per sample among the
   * block widths {@link RadixKeys#BLOCK_WIDTHS} and returns it compiled (each width is compiled:
   * its bootstraps timed under the set the compiler chooses, {@link TimeEstimate}); a width no
   * candidate set holds is skipped, the reason reported.
   */
  private CompiledCircuit fastestExact(
      List<UniformQuantizer> quantizers, ModelCompileOptions options, NBits n) {
    KnnLowering.Lowered fastest = null;
    CompiledCircuit fastestCompiled = null;
    double fastestMillis = Double.POSITIVE_INFINITY;
    StringBuilder report = new StringBuilder();
    CompilationException refused = null;
    for (int width : RadixKeys.BLOCK_WIDTHS) {
      KnnLowering.Lowered candidate = KnnLowering.lowerExact(neighbors, quantizers, width);
      report.append(
          String.format(
              Locale.ROOT,
              "knn exact distances, n_bits %d, keys of %d %d-bit blocks (class blocks included): ",
              n.value(),
              candidate.keyBlocks(),
              width));
      try {
        CompiledCircuit compiled =
            Compiler.compile(candidate.circuit(), options.compilerOptions(defaultCandidates()));
        double millis = compiled.report().time().wallMillis();
        report.append(
            String.format(
                Locale.ROOT,
                "%d bootstraps, %s, estimated %.0f s per sample%n",
                candidate.circuit().bootstrapCount(),
                compiled.parameters().id(),
                millis / 1000));
        if (millis < fastestMillis) {
          fastest = candidate;
          fastestCompiled = compiled;
          fastestMillis = millis;
        }
      } catch (CompilationException e) {
        refused = e;
        report.append(e.getMessage()).append(System.lineSeparator());
      }
    }
    if (fastest == null) {
      throw refused;
    }
    calibrationReport =
        report + String.format(Locale.ROOT, "chosen: %d-bit blocks%n", fastest.blockBits());
    lowered = fastest;
    return fastestCompiled;
  }

  /**
   * This classifier with keys of {@code bits} (default {@link #DEFAULT_KEY_BITS}): fewer bits leave
   * narrower distances (fewer n_bits or a smaller truncation) and cheaper comparisons (keys of up
   * to 4 bits are compared in one bootstrap, and fit the 4-bit set); selects truncated distances.
   */
  public FheKNeighborsClassifier withKeyBits(int bits) {
    new KnnLowering.Settings(bits, 1, KnnLowering.Labels.APART); // refuses a width out of range
    this.keyBits = bits;
    this.distances = KnnLowering.Distances.TRUNCATED;
    return this;
  }

  /**
   * This classifier with its labels carried {@code layout} only (default {@link #DEFAULT_LABELS}:
   * in the key when it fits, else apart); selects truncated distances.
   */
  public FheKNeighborsClassifier withLabels(KnnLowering.Labels layout) {
    this.labels = List.of(Objects.requireNonNull(layout, "label layout"));
    this.distances = KnnLowering.Distances.TRUNCATED;
    return this;
  }

  /**
   * This classifier with distances computed {@code how}: {@link KnnLowering.Distances#EXACT}
   * ignores the key bits and label layout (its keys are as wide as the distances, the class in
   * their low block).
   */
  public FheKNeighborsClassifier withDistances(KnnLowering.Distances how) {
    this.distances = Objects.requireNonNull(how, "distances");
    return this;
  }

  /** What each n_bits and truncation scored and which won; empty before {@link #compile}. */
  public String calibrationReport() {
    return calibrationReport;
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
   * How {@link #compile} lowered the classifier: its settings, the largest distance and the
   * comparisons' split; fails before {@link #compile}.
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
    Arrays.fill(a, 1.0);
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
