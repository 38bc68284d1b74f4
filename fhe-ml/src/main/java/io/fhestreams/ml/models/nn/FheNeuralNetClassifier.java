package io.fhestreams.ml.models.nn;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.models.AbstractFheModel;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.onnx.OnnxImporter;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
   * Default n_bits of inputs, weights and activations: the digits nets' accuracy floor holds at 3.
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

  /** A classifier over an imported net. */
  public FheNeuralNetClassifier(NeuralNet net) {
    super(net.name(), net.inputs(), "x");
    this.net = net;
  }

  /** Imports the net in an ONNX file ({@link NeuralNet#fromImported}). */
  public static FheNeuralNetClassifier fromOnnx(Path path) throws IOException {
    return new FheNeuralNetClassifier(NeuralNet.fromImported(OnnxImporter.importModel(path)));
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
   * How the options quantize this net: n_bits (default {@link #DEFAULT_N_BITS}) for inputs, and for
   * weights and activations unless set apart; accumulators rounded to the options' rounding bits
   * (default {@link #DEFAULT_ROUNDING_BITS}).
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
   * Quantizes on {@code calibration}; the compiler then checks every accumulator against {@link
   * #MAX_ACCUMULATOR_BITS} and the failure target, naming the node that does not fit.
   */
  @Override
  protected Lowered lower(double[][] calibration, ModelCompileOptions options) {
    QuantizedNet q = QuantizedNet.quantize(net, calibration, quantization(options));
    return new Lowered(
        q.circuit(),
        Collections.nCopies(net.inputs(), q.inputQuantizer()),
        q.outputScale(),
        q.outputOffset(),
        scoresArgMax(),
        IoLayout.DIRECT);
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

  /** The quantizer of the inputs; fails before {@link #compile}. */
  public UniformQuantizer inputQuantizer() {
    return artifacts().client().inputQuantizers().get(0);
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
