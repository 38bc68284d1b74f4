package io.fhestreams.ml.models.nn;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
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
import java.util.SplittableRandom;
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
public final class FheNeuralNetClassifier {
  /** Default accumulator rounding: lookups read the top 6 bits. */
  public static final int DEFAULT_ROUNDING_BITS = 6;

  /**
   * The widest accumulator tried (the widest widening of the 6-bit set among the candidates);
   * whether a width fits is the noise check's verdict: the accumulator must stay decryptable at its
   * Δ.
   */
  public static final int MAX_ACCUMULATOR_BITS = 12;

  private final NeuralNet net;
  private List<String> featureNames;
  private ModelArtifacts artifacts;
  private LocalInference inference;

  /** A classifier over an imported net. */
  public FheNeuralNetClassifier(NeuralNet net) {
    this.net = net;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < net.inputs(); i++) {
      names.add("x" + i);
    }
    this.featureNames = List.copyOf(names);
  }

  /** Imports the net in an ONNX file ({@link OnnxNetImporter}). */
  public static FheNeuralNetClassifier fromOnnx(Path path) throws IOException {
    return new FheNeuralNetClassifier(OnnxNetImporter.importNet(path));
  }

  /** The real-valued net. */
  public NeuralNet net() {
    return net;
  }

  /** The model's name. */
  public String name() {
    return net.name();
  }

  /** Names the features (the input schema written to the client artifact). */
  public FheNeuralNetClassifier withFeatureNames(List<String> names) {
    if (names.size() != net.inputs()) {
      throw new IllegalArgumentException(
          "net '"
              + net.name()
              + "' has "
              + net.inputs()
              + " features, found "
              + names.size()
              + " names");
    }
    this.featureNames = List.copyOf(names);
    return this;
  }

  /** Compiles with {@code nBits} everywhere, the default rounding and failure target. */
  public FheNeuralNetClassifier compile(double[][] calibration, NBits nBits) {
    return compile(
        calibration,
        NetQuantization.uniform(nBits, DEFAULT_ROUNDING_BITS),
        CompileOptions.DEFAULT_LOG2_P_FAIL);
  }

  /**
   * Quantizes on {@code calibration} and compiles.
   *
   * @param log2FailTarget the largest acceptable log2 probability, per evaluation, that some
   *     bootstrap or decryption returns another value than the clear-quantized circuit
   * @throws io.fhestreams.ml.compiler.CompilationException when an accumulator is wider than {@link
   *     #MAX_ACCUMULATOR_BITS} or the failure target is not met, naming the node
   */
  public FheNeuralNetClassifier compile(
      double[][] calibration, NetQuantization quantization, double log2FailTarget) {
    QuantizedNet q = QuantizedNet.quantize(net, calibration, quantization);
    Circuit circuit = q.circuit();
    CompiledCircuit compiled =
        Compiler.compile(circuit, new CompileOptions(log2FailTarget, candidates()));
    ClientArtifact client =
        new ClientArtifact(
            net.name(),
            "1",
            featureNames,
            Collections.nCopies(net.inputs(), q.inputQuantizer()),
            q.outputScale(),
            q.outputOffset(),
            new PostProcessing(Activation.IDENTITY, LongStream.range(0, net.outputs()).toArray()),
            compiled.parameters().id(),
            compiled.report());
    ServerArtifact server =
        new ServerArtifact(
            net.name(),
            "1",
            compiled.parameters(),
            circuit,
            compiled.noise(),
            compiled.outputModulusLog());
    this.artifacts = new ModelArtifacts(client, server);
    this.inference = new LocalInference(artifacts, new SplittableRandom(0x5EEDL));
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

  /** The compiled artifacts; fails before {@link #compile}. */
  public ModelArtifacts artifacts() {
    checkCompiled();
    return artifacts;
  }

  /** The compile report; fails before {@link #compile}. */
  public CompileReport report() {
    return artifacts().client().report();
  }

  /** The quantizer of the inputs; fails before {@link #compile}. */
  public UniformQuantizer inputQuantizer() {
    return artifacts().client().inputQuantizers().get(0);
  }

  /** Predicts every row in {@code mode}; fails before {@link #compile}. */
  public Prediction[] predict(double[][] x, ExecutionMode mode) {
    checkCompiled();
    return inference.predict(x, mode);
  }

  /** The real-valued (fp64) prediction of every row, no quantization. */
  public Prediction[] predictFloat(double[][] x) {
    PostProcessing post =
        new PostProcessing(Activation.IDENTITY, LongStream.range(0, net.outputs()).toArray());
    Prediction[] out = new Prediction[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = post.apply(net.scores(x[i]));
    }
    return out;
  }

  /** The local inference (keys generated on first encrypted use); fails before {@link #compile}. */
  public LocalInference inference() {
    checkCompiled();
    return inference;
  }

  private void checkCompiled() {
    if (artifacts == null) {
      throw new IllegalStateException(
          "net '" + net.name() + "' is not compiled: call compile first");
    }
  }

  @Override
  public String toString() {
    return "FheNeuralNetClassifier["
        + net.name()
        + ", "
        + net.layers().size()
        + " layers"
        + (artifacts == null ? "" : ", " + artifacts.client().parameterSetId())
        + "]";
  }
}
