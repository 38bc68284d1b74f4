package io.fhestreams.ml.models.nn;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.compiler.CompilationException;
import io.fhestreams.ml.compiler.CompileOptions;
import io.fhestreams.ml.compiler.Compiler;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.models.AbstractFheModel;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.onnx.OnnxImporter;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * A neural-net classifier (MLP or small CNN, from ONNX) evaluated on encrypted inputs: Concrete
 * ML's {@code NeuralNetClassifier} / {@code compile_torch_model} counterpart.
 *
 * <p>{@link #compile} quantizes the net on calibration data ({@link QuantizedNet}) and compiles the
 * circuit for the 6-bit PBS set, {@link ParameterSets#widened widened} to the widest accumulator:
 * the keys and noise of the published set, with the accumulator encoded at a smaller scale. With
 * {@code roundingBits} r, each wider accumulator is rounded exactly to its top r bits before its
 * lookup (bit extraction by bootstraps from the least significant bits, Concrete's EXACT rounding;
 * see {@link io.fhestreams.ml.circuit.Operation.RoundBits}), so every bootstrap reads a few bits
 * with the published set's noise margin and the encrypted result equals the clear-quantized one
 * except with the failure probability the compiler reports (default target 2^-40 per evaluation).
 * The scores are de-quantized on the client, which takes their arg-max. The lookups of one layer
 * run in parallel on all cores.
 *
 * <p>Not thread-safe.
 */
public final class FheNeuralNetClassifier extends AbstractFheModel<FheNeuralNetClassifier> {
  /**
   * n_bits reported as the family's default; unless the options set bits, {@link #compile} chooses
   * per-layer bits itself ({@link BitSearch}).
   */
  public static final NBits DEFAULT_N_BITS = new NBits(3);

  /** Default accumulator rounding: lookups read the top 6 bits. */
  public static final int DEFAULT_ROUNDING_BITS = 6;

  /**
   * The widest accumulator tried (the widest widening of the 6-bit set among the candidates);
   * whether a width fits is the noise check's verdict: the accumulator must stay decryptable at its
   * Δ.
   */
  public static final int MAX_ACCUMULATOR_BITS = 12;

  private final NeuralNet net;
  private final QdqNet quantizationAware;
  private String quantizationReport = "";

  /** A classifier over an imported net, quantized after training. */
  public FheNeuralNetClassifier(NeuralNet net) {
    this(net, null);
  }

  private FheNeuralNetClassifier(NeuralNet net, QdqNet quantizationAware) {
    super(net.name(), net.inputs(), "x");
    this.net = net;
    this.quantizationAware = quantizationAware;
  }

  /** Imports the net in an ONNX file ({@link #fromImported}). */
  public static FheNeuralNetClassifier fromOnnx(Path path) throws IOException {
    return fromImported(OnnxImporter.importModel(path));
  }

  /**
   * The classifier of an imported graph: quantization-aware ({@link QdqNet}, its own quantizers
   * honoured) when the graph quantizes computed values, else quantized after training on the
   * calibration data ({@link NeuralNet#fromImported}).
   */
  public static FheNeuralNetClassifier fromImported(ImportedModel model) {
    NeuralNet net = NeuralNet.fromImported(model);
    return new FheNeuralNetClassifier(
        net, QdqNet.isQuantizationAware(model) ? QdqNet.fromImported(model) : null);
  }

  /** The graph's own quantization, when it is a quantization-aware export. */
  public Optional<QdqNet> quantizationAware() {
    return Optional.ofNullable(quantizationAware);
  }

  /** The real-valued net. */
  public NeuralNet net() {
    return net;
  }

  @Override
  public NBits defaultNBits() {
    return DEFAULT_N_BITS;
  }

  /**
   * Whether the options leave the bits to {@link #compile}: none of n_bits, weight bits and
   * activation bits is set.
   */
  public static boolean choosesBits(ModelCompileOptions options) {
    return options.nBits().isEmpty()
        && options.weightBits().isEmpty()
        && options.activationBits().isEmpty();
  }

  /**
   * How the options quantize this net when they set bits: n_bits (default {@link #DEFAULT_N_BITS})
   * for inputs, and for weights and activations unless set apart; accumulators rounded to the
   * options' rounding bits (default {@link #DEFAULT_ROUNDING_BITS}).
   */
  public static NetQuantization quantization(ModelCompileOptions options) {
    NBits n = options.nBits().orElse(DEFAULT_N_BITS);
    return new NetQuantization(
        n,
        List.of(options.weightBits().orElse(n)),
        List.of(options.activationBits().orElse(n)),
        options.roundingBits().orElse(DEFAULT_ROUNDING_BITS));
  }

  /**
   * Quantizes on {@code calibration}, with the bits the options set or, when they set none, the
   * bits {@link BitSearch} chooses on a held-out part of the calibration rows; dense layers whose
   * accumulator would exceed {@link #MAX_ACCUMULATOR_BITS} lose their smallest weights until it
   * fits. The compiler then checks every accumulator against the parameter sets and the failure
   * target, naming the node that does not fit.
   */
  @Override
  protected Lowered lower(double[][] calibration, ModelCompileOptions options) {
    if (quantizationAware != null) {
      return lowerQuantizationAware(options);
    }
    int rounding = options.roundingBits().orElse(DEFAULT_ROUNDING_BITS);
    CompileOptions compiler = options.compilerOptions(defaultCandidates());
    BitSearch search = new BitSearch(net, calibration, circuit -> compiles(circuit, compiler));
    NetQuantization settings;
    QuantizedNet q;
    StringBuilder report = new StringBuilder();
    if (choosesBits(options)) {
      BitSearch.Result found = search.run(rounding, MAX_ACCUMULATOR_BITS);
      settings = found.chosen().settings();
      // the circuit that was scored and compiled: quantizers calibrated on the rows not held out
      q = found.chosen().quantized();
      report.append(
          String.format(
              Locale.ROOT,
              "quantization         bits chosen on %d held-out of %d calibration rows%s"
                  + " (agreement with the fp64 net's arg-max where significantly different (McNemar),"
                  + " else the squared error of its"
                  + " scores; accumulators <= %d bits)%n",
              found.heldOutRows(),
              found.calibrationRows(),
              found.scoredRows() == found.heldOutRows()
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      ", scored on all %d (fewer than %d held out)",
                      found.scoredRows(),
                      BitSearch.MIN_HELD_OUT_ROWS),
              MAX_ACCUMULATOR_BITS));
      for (BitSearch.Candidate c : found.uniform()) {
        report.append(
            String.format(
                Locale.ROOT,
                "  n_bits %d            %s%n",
                c.settings().inputBits().value(),
                c.describe()));
      }
      report.append(
          String.format(
              Locale.ROOT,
              "  unclamped %-12s %s%n  clamped   %-12s %s%n",
              found.unclamped().settings().summary(),
              found.unclamped().describe(),
              found.clamped().map(c -> c.settings().summary()).orElse("-"),
              found.clamped().map(BitSearch.Scored::describe).orElse("does not fit (noise)")));
      report.append(
          String.format(
              Locale.ROOT,
              "  chosen %-12s %s (in/weights/activations/rounding, c: accumulators clamped"
                  + " before their rounding, g: weights rounded with error compensation)%n",
              settings.summary(),
              found.chosen().describe()));
    } else {
      // two ways to fit the widest set: prune the smallest weights, or split the dot products;
      // each with the variants of the bit search (clamped accumulators, compensated rounding)
      Choice pruning = bestVariant(quantization(options), false, calibration, compiler, search);
      Choice splitting = bestVariant(quantization(options), true, calibration, compiler, search);
      if (pruning == null && splitting == null) {
        throw new IllegalArgumentException(
            name()
                + ": with "
                + quantization(options).summary()
                + " no accumulator budget of at most "
                + MAX_ACCUMULATOR_BITS
                + " bits can be met, by pruning or by splitting");
      }
      boolean useSplit = pruning == null || (splitting != null && splitting.betterThan(pruning));
      Choice chosen = useSplit ? splitting : pruning;
      settings = chosen.fitted().settings();
      // the circuit that was scored and compiled (quantizers calibrated on the rows not held out),
      // as with chosen bits; the one calibrated on all rows when that one did not fit
      q = chosen.scored().map(BitSearch.Scored::quantized).orElse(chosen.fitted().quantized());
      report.append(
          String.format(
              Locale.ROOT,
              "quantization         %s (in/weights/activations/rounding, c: accumulators clamped"
                  + " before their rounding, g: weights rounded with error compensation), scored on"
                  + " %d calibration rows (%d held out):%n",
              settings.summary(),
              search.scoredRows(),
              search.heldOutRows()));
      for (boolean splits : new boolean[] {false, true}) {
        Choice c = splits ? splitting : pruning;
        report.append(
            String.format(
                Locale.ROOT,
                "  %-9s          %s%s%n",
                splits ? "splitting" : "pruning",
                c == null
                    ? "does not fit any accumulator budget"
                    : "accumulators <= "
                        + c.fitted().settings().maxAccumulatorBits()
                        + " bits: "
                        + c.scored()
                            .map(BitSearch.Scored::describe)
                            .orElse("does not fit (accumulator or noise)")
                        + ", as "
                        + c.fitted().settings().summary(),
                c == chosen ? " (chosen)" : ""));
      }
    }
    quantizationReport = report.toString();
    return new Lowered(
        q.circuit(),
        q.inputQuantizers(),
        q.outputScale(),
        q.outputOffset(),
        scoresArgMax(),
        IoLayout.DIRECT);
  }

  /**
   * The graph's own quantizers, as they are: bit options are refused (the graph sets the bits); the
   * calibration rows are not used.
   */
  private Lowered lowerQuantizationAware(ModelCompileOptions options) {
    if (!choosesBits(options)) {
      throw new IllegalArgumentException(
          name()
              + " is quantization-aware: its QuantizeLinear / DequantizeLinear nodes set the bits;"
              + " n_bits, weight bits and activation bits do not apply");
    }
    QuantizedNet q = quantizationAware.lower();
    quantizationReport =
        String.format(
            Locale.ROOT,
            "quantization         the graph's own (quantization-aware: QuantizeLinear /"
                + " DequantizeLinear scales and zero points, %d dense layers), %d bootstraps%n",
            quantizationAware.denseLayers(),
            q.circuit().bootstrapCount());
    return new Lowered(
        q.circuit(),
        q.inputQuantizers(),
        q.outputScale(),
        q.outputOffset(),
        scoresArgMax(),
        IoLayout.DIRECT);
  }

  /**
   * Settings and their net.
   *
   * @param settings the bits and accumulator budget
   * @param quantized the net quantized on all calibration rows
   */
  private record Fitted(NetQuantization settings, QuantizedNet quantized) {}

  /**
   * The given bits with accumulators limited to {@link #MAX_ACCUMULATOR_BITS}, too wide ones pruned
   * or split ({@code split}), the limit lowered one bit at a time while the circuit does not
   * compile (a narrower budget means smaller, less noisy accumulators).
   */
  /**
   * Settings fitted to the budget and their score on the held-out rows (empty when the circuit
   * quantized on the other rows does not compile).
   */
  private record Choice(Fitted fitted, Optional<BitSearch.Scored> scored) {
    boolean betterThan(Choice other) {
      return scored.isPresent()
          && (other.scored.isEmpty() || scored.get().betterThan(other.scored.get()));
    }

    /**
     * As {@link #betterThan}, but at equal held-out agreement the cheaper wins: a variant (the
     * clamp's lookup) is not worth more bootstraps for a lower score error alone.
     */
    boolean betterVariantThan(Choice other) {
      if (scored.isEmpty()
          || other.scored.isEmpty()
          || scored.get().agreement() != other.scored.get().agreement()
          || scored.get().bootstraps() == other.scored.get().bootstraps()) {
        return betterThan(other);
      }
      return scored.get().bootstraps() < other.scored.get().bootstraps();
    }
  }

  /**
   * The best scored of the given bits fitted to the budget (pruned or split) with and without
   * clamped accumulators and error-compensating rounding; null when none fits any budget.
   */
  private Choice bestVariant(
      NetQuantization bits,
      boolean split,
      double[][] calibration,
      CompileOptions compiler,
      BitSearch search) {
    Choice best = null;
    for (boolean clamp : new boolean[] {false, true}) {
      for (boolean compensate : new boolean[] {false, true}) {
        Fitted f =
            fitToBudget(
                bits.withClampAccumulators(clamp).withCompensateRounding(compensate),
                split,
                calibration,
                compiler);
        if (f != null) {
          Choice c = new Choice(f, search.score(f.settings()));
          if (best == null || c.betterVariantThan(best)) {
            best = c;
          }
        }
      }
    }
    return best;
  }

  private Fitted fitToBudget(
      NetQuantization bits, boolean split, double[][] calibration, CompileOptions compiler) {
    NetQuantization settings =
        bits.withSplitAccumulators(split).withMaxAccumulatorBits(MAX_ACCUMULATOR_BITS);
    Fitted last = null;
    for (;
        last == null || settings.maxAccumulatorBits() > bits.roundingBits();
        settings = narrower(settings)) {
      try {
        last = new Fitted(settings, QuantizedNet.quantize(net, calibration, settings));
      } catch (IllegalArgumentException e) {
        break; // too narrow (for the biases alone, or any split): the last one built is the answer
      }
      if (compiles(last.quantized().circuit(), compiler)) {
        break;
      }
    }
    // when none compiles, the compiler names what does not fit as the last one is compiled; null
    // when not even the widest budget can be met
    return last;
  }

  private static NetQuantization narrower(NetQuantization settings) {
    return settings.withMaxAccumulatorBits(settings.maxAccumulatorBits() - 1);
  }

  private static boolean compiles(Circuit circuit, CompileOptions options) {
    try {
      Compiler.compile(circuit, options);
      return true;
    } catch (CompilationException e) {
      return false;
    }
  }

  @Override
  protected List<ParameterSet> defaultCandidates() {
    return candidates();
  }

  @Override
  protected FheNeuralNetClassifier self() {
    return this;
  }

  /** The 6-bit PBS set widened to 6..{@link #MAX_ACCUMULATOR_BITS} bits, narrowest first. */
  public static List<ParameterSet> candidates() {
    List<ParameterSet> sets = new ArrayList<>();
    ParameterSet base = ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64;
    for (int bits = base.messageBits(); bits <= MAX_ACCUMULATOR_BITS; bits++) {
      sets.add(ParameterSets.widened(base, bits));
    }
    return sets;
  }

  /** The quantizers of the input features; fails before {@link #compile}. */
  public List<UniformQuantizer> inputQuantizers() {
    return artifacts().client().inputQuantizers();
  }

  /**
   * How {@link #compile} quantized the net: the bits (chosen or given), agreement with the
   * real-valued net on held-out calibration rows, bootstraps and pruned weights of each setting
   * scored; empty before {@link #compile}.
   */
  public String quantizationReport() {
    return quantizationReport;
  }

  /** The real-valued (fp64) prediction of every row, no quantization. */
  @Override
  public Prediction[] predictFloat(double[][] x) {
    PostProcessing post = scoresArgMax();
    Prediction[] out = new Prediction[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = post.apply(net.scores(x[i]));
    }
    return out;
  }

  /** The client's post-processing: the arg-max of the scores, labels 0..k−1. */
  private PostProcessing scoresArgMax() {
    return new PostProcessing(Activation.IDENTITY, LongStream.range(0, net.outputs()).toArray());
  }

  @Override
  public String toString() {
    return "FheNeuralNetClassifier["
        + name()
        + ", "
        + net.layers().size()
        + " layers"
        + (isCompiled() ? ", " + artifacts().client().parameterSetId() : "")
        + "]";
  }
}
