package io.fhestreams.ml.models;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.compiler.CompileOptions;
import io.fhestreams.ml.compiler.CompileReport;
import io.fhestreams.ml.compiler.CompiledCircuit;
import io.fhestreams.ml.compiler.Compiler;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.deploy.ServerArtifact;
import io.fhestreams.ml.onnx.ImportedModel;
import io.fhestreams.ml.onnx.OnnxImporter;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.ml.quantization.QuantizedLinear;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The linear family's shared life cycle, after Concrete ML's {@code SklearnLinearModelMixin}: a
 * real affine map y = W·x + b and its client-side post-processing; {@link #compile} calibrates one
 * input quantizer per feature, quantizes the map to an integer matrix product with an integer
 * offset ({@link QuantizedLinear}) and compiles that leveled circuit (no bootstrap); {@link
 * #predict} runs it in clear, simulated or encrypted mode. The encrypted result equals the clear
 * quantized one on every input. Concrete classes are thin: they only fix the post-processing and
 * check imported models.
 */
public class FheLinearModel {
  /** Default n_bits of inputs and weights, Concrete ML's default for linear models. */
  public static final NBits DEFAULT_N_BITS = new NBits(8);

  private final String name;
  private final AffineMap map;
  private final PostProcessing postProcessing;
  private List<String> featureNames;
  private ModelArtifacts artifacts;
  private LocalInference inference;

  protected FheLinearModel(String name, AffineMap map, PostProcessing postProcessing) {
    if (postProcessing.isClassifier()) {
      int scores = map.outputs();
      int classes = postProcessing.classLabels().length;
      if (scores != classes && !(scores == 1 && classes == 2)) {
        throw new IllegalArgumentException(
            "classifier with "
                + classes
                + " classes needs "
                + classes
                + " score rows (or 1 for 2 classes), found "
                + scores);
      }
    }
    this.name = name;
    this.map = binarySoftmaxAsSigmoid(map, postProcessing);
    this.postProcessing =
        this.map == map
            ? postProcessing
            : new PostProcessing(Activation.SIGMOID, postProcessing.classLabels());
    this.featureNames = defaultNames(map.inputs());
  }

  /**
   * softmax(a, b) = (1 − σ(b − a), σ(b − a)): a two-class softmax is one score row under a sigmoid,
   * which halves the encrypted outputs of binary classifiers exported with one row per class.
   */
  private static AffineMap binarySoftmaxAsSigmoid(AffineMap map, PostProcessing post) {
    if (post.activation() != Activation.SOFTMAX || map.outputs() != 2) {
      return map;
    }
    double[] w = new double[map.inputs()];
    for (int j = 0; j < w.length; j++) {
      w[j] = map.weight(1, j) - map.weight(0, j);
    }
    return regressionMap(w, map.bias()[1] - map.bias()[0]);
  }

  /** Any linear model exported to ONNX, with the post-processing the graph ends with. */
  public static FheLinearModel fromOnnx(Path path) throws IOException {
    ImportedModel m = OnnxImporter.importModel(path);
    ImportedModel.LinearForm f = m.toLinearForm();
    return new FheLinearModel(m.name(), f.map(), f.postProcessing());
  }

  /** The model's name. */
  public String name() {
    return name;
  }

  /** The real affine map W·x + b. */
  public AffineMap affineMap() {
    return map;
  }

  /** The client-side post-processing. */
  public PostProcessing postProcessing() {
    return postProcessing;
  }

  /** Names the features (the input schema written to the client artifact). */
  public FheLinearModel withFeatureNames(List<String> names) {
    if (names.size() != map.inputs()) {
      throw new IllegalArgumentException(
          "model '"
              + name
              + "' has "
              + map.inputs()
              + " features, found "
              + names.size()
              + " names");
    }
    this.featureNames = List.copyOf(names);
    return this;
  }

  /** Compiles with the default failure target. */
  public FheLinearModel compile(double[][] calibration, NBits nBits) {
    return compile(calibration, nBits, CompileOptions.defaults());
  }

  /**
   * Calibrates the input quantizers on {@code calibration} (rows of features), quantizes inputs and
   * weights to {@code nBits}, and compiles the integer circuit.
   *
   * @throws io.fhestreams.ml.compiler.CompilationException when the accumulator does not fit
   */
  public FheLinearModel compile(double[][] calibration, NBits nBits, CompileOptions options) {
    int n = map.inputs();
    List<UniformQuantizer> quantizers =
        UniformQuantizer.calibrateAffinePerFeature(calibration, n, nBits);
    QuantizedLinear linear = QuantizedLinear.quantize(map, quantizers, nBits);
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("features", n, new ValueRange(0, nBits.levels() - 1));
    int acc = b.addConstant(b.matMulConstant(x, map.outputs(), linear.weights()), linear.offsets());
    b.output(acc, "scores");
    Circuit circuit = b.build();
    CompiledCircuit compiled = Compiler.compile(circuit, options);
    ClientArtifact client =
        new ClientArtifact(
            name,
            "1",
            featureNames,
            quantizers,
            linear.outputScales(),
            new double[map.outputs()],
            postProcessing,
            compiled.parameters().id(),
            compiled.report());
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

  /** The compiled artifacts; fails before {@link #compile}. */
  public ModelArtifacts artifacts() {
    checkCompiled();
    return artifacts;
  }

  /** The compile report; fails before {@link #compile}. */
  public CompileReport report() {
    return artifacts().client().report();
  }

  /** Predicts every row in {@code mode}; fails before {@link #compile}. */
  public Prediction[] predict(double[][] x, ExecutionMode mode) {
    checkCompiled();
    return inference.predict(x, mode);
  }

  /** The real-valued model in double precision (no quantization), for reference. */
  public Prediction[] predictFloat(double[][] x) {
    Prediction[] out = new Prediction[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = postProcessing.apply(map.apply(x[i]));
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

  // ---- shared helpers of the thin concrete classes ----

  /** Imports an ONNX model and checks it is of the expected kind and post-processing. */
  protected static ImportedModel.LinearForm importChecked(
      Path path, String kind, boolean classifier, Activation... activations) throws IOException {
    ImportedModel.LinearForm f = OnnxImporter.importModel(path).toLinearForm();
    if (f.postProcessing().isClassifier() != classifier) {
      throw new IllegalArgumentException(
          path.getFileName()
              + " is a "
              + (classifier ? "regressor" : "classifier")
              + ", not a "
              + kind);
    }
    if (!Arrays.asList(activations).contains(f.postProcessing().activation())) {
      throw new IllegalArgumentException(
          path.getFileName()
              + " ends with "
              + f.postProcessing().activation()
              + "; a "
              + kind
              + " ends with one of "
              + Arrays.toString(activations));
    }
    return f;
  }

  /** The name of a model read from {@code path}: the file name without extension. */
  protected static String nameOf(Path path) {
    String file = path.getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  /** A single-output regression map w·x + b. */
  protected static AffineMap regressionMap(double[] w, double b) {
    return AffineMap.of(new double[][] {w}, new double[] {b});
  }

  /** Class labels 0..k−1 of a classifier with {@code scoreRows} rows (0, 1 for one row). */
  protected static long[] labels(int scoreRows) {
    return ImportedModel.defaultLabels(scoreRows);
  }

  private static List<String> defaultNames(int n) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      names.add("f" + j);
    }
    return names;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "["
        + name
        + ", "
        + map
        + ", "
        + postProcessing
        + (artifacts == null ? ", not compiled" : ", " + artifacts.server().parameters().id())
        + "]";
  }
}
