package io.fhestreams.ml.models;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.deploy.IoLayout;
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
import java.util.Arrays;
import java.util.List;

/**
 * The linear family's shared life cycle, after Concrete ML's {@code SklearnLinearModelMixin}: a
 * real affine map y = W·x + b and its client-side post-processing; {@link #compile} calibrates one
 * input quantizer per feature, quantizes the map to an integer matrix product with an integer
 * offset ({@link QuantizedLinear}) and compiles that leveled circuit (no bootstrap); {@link
 * #predict} runs it in clear, simulated or encrypted mode. The encrypted result equals the clear
 * quantized one on every input. Concrete classes are thin: they only fix the post-processing and
 * check imported models. The life cycle itself is {@link AbstractFheModel}'s.
 */
public class FheLinearModel extends AbstractFheModel<FheLinearModel> {
  /** Default n_bits of inputs and weights, Concrete ML's default for linear models. */
  public static final NBits DEFAULT_N_BITS = new NBits(8);

  private final AffineMap map;
  private final PostProcessing postProcessing;

  protected FheLinearModel(String name, AffineMap map, PostProcessing postProcessing) {
    super(name, map.inputs(), "f");
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
    this.map = binarySoftmaxAsSigmoid(map, postProcessing);
    this.postProcessing =
        this.map == map
            ? postProcessing
            : new PostProcessing(Activation.SIGMOID, postProcessing.classLabels());
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
    return fromImported(OnnxImporter.importModel(path));
  }

  /** The linear family's view of an imported model, named after its graph. */
  public static FheLinearModel fromImported(ImportedModel m) {
    ImportedModel.LinearForm f = m.toLinearForm();
    return new FheLinearModel(m.name(), f.map(), f.postProcessing());
  }

  /** The real affine map W·x + b. */
  public AffineMap affineMap() {
    return map;
  }

  /** The client-side post-processing. */
  public PostProcessing postProcessing() {
    return postProcessing;
  }

  @Override
  public NBits defaultNBits() {
    return DEFAULT_N_BITS;
  }

  /**
   * Calibrates one input quantizer per feature on {@code calibration}, quantizes inputs and weights
   * to n_bits, and builds the leveled circuit (a matrix product plus an offset, no bootstrap).
   */
  @Override
  protected Lowered lower(double[][] calibration, ModelCompileOptions options) {
    NBits nBits = options.nBits().orElse(DEFAULT_N_BITS);
    int n = map.inputs();
    List<UniformQuantizer> quantizers =
        UniformQuantizer.calibrateAffinePerFeature(calibration, n, nBits);
    QuantizedLinear linear = QuantizedLinear.quantize(map, quantizers, nBits);
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("features", n, new ValueRange(0, nBits.levels() - 1));
    int acc = b.addConstant(b.matMulConstant(x, map.outputs(), linear.weights()), linear.offsets());
    b.output(acc, "scores");
    Circuit circuit = b.build();
    return new Lowered(
        circuit,
        quantizers,
        linear.outputScales(),
        new double[map.outputs()],
        postProcessing,
        IoLayout.DIRECT);
  }

  @Override
  protected FheLinearModel self() {
    return this;
  }

  @Override
  public Prediction[] predictFloat(double[][] x) {
    Prediction[] out = new Prediction[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = postProcessing.apply(map.apply(x[i]));
    }
    return out;
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

  /** A single-output regression map w·x + b. */
  protected static AffineMap regressionMap(double[] w, double b) {
    return AffineMap.of(new double[][] {w}, new double[] {b});
  }

  /** Class labels 0..k−1 of a classifier with {@code scoreRows} rows (0, 1 for one row). */
  protected static long[] labels(int scoreRows) {
    return ImportedModel.defaultLabels(scoreRows);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "["
        + name()
        + ", "
        + map
        + ", "
        + postProcessing
        + (isCompiled() ? ", " + artifacts().server().parameters().id() : ", not compiled")
        + "]";
  }
}
