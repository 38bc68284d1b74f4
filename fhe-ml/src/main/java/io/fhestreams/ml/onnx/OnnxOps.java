package io.fhestreams.ml.onnx;

import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator table of the importer, keyed by {@code domain:OpType} (the default domain is written
 * as the empty string), in the spirit of Concrete ML's {@code ONNX_OPS_TO_NUMPY_IMPL}: one table
 * for every family. Linear operators (Gemm, MatMul, element-wise arithmetic with a constant, the
 * {@code ai.onnx.ml} linear classifier and regressor), activations, the image operators of small
 * CNNs ({@link TensorOps}) and the {@code ai.onnx.ml} tree ensembles ({@link TreeEnsembleOps}) all
 * become {@link Layer}s; which family a graph belongs to is decided on those layers afterwards.
 * Each entry states the attributes it understands.
 */
public final class OnnxOps {
  static final String ML = "ai.onnx.ml";

  private static final Map<String, OpConverter> TABLE =
      Map.ofEntries(
          Map.entry(":Gemm", op(Set.of("alpha", "beta", "transA", "transB"), OnnxOps::gemm)),
          Map.entry(":MatMul", op(Set.of(), OnnxOps::matMul)),
          Map.entry(":Add", op(Set.of(), OnnxOps::arithmetic)),
          Map.entry(":Sub", op(Set.of(), OnnxOps::arithmetic)),
          Map.entry(":Mul", op(Set.of(), OnnxOps::arithmetic)),
          Map.entry(":Div", op(Set.of(), OnnxOps::arithmetic)),
          Map.entry(":Sigmoid", op(Set.of(), n -> activation(n, Activation.SIGMOID))),
          Map.entry(":Relu", op(Set.of(), n -> activation(n, Activation.RELU))),
          Map.entry(":Tanh", op(Set.of(), n -> activation(n, Activation.TANH))),
          Map.entry(":Exp", op(Set.of(), n -> activation(n, Activation.EXP))),
          Map.entry(":Softmax", op(Set.of("axis"), OnnxOps::softmax)),
          Map.entry(
              ":ArgMax", op(Set.of("axis", "keepdims", "select_last_index"), OnnxOps::argMax)),
          Map.entry(":Flatten", op(Set.of("axis"), OnnxOps::flatten)),
          Map.entry(":Reshape", op(Set.of("allowzero"), TensorOps::reshape)),
          Map.entry(":Identity", op(Set.of(), n -> List.of(n.input(0)))),
          // inference mode: dropout passes its input through
          Map.entry(":Dropout", op(Set.of("seed", "ratio", "is_test"), n -> List.of(n.input(0)))),
          Map.entry(
              ":Constant",
              op(
                  Set.of("value", "value_float", "value_floats", "value_int", "value_ints"),
                  OnnxOps::constant)),
          Map.entry(
              ":Conv",
              op(
                  Set.of("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"),
                  TensorOps::conv)),
          Map.entry(
              ":AveragePool",
              op(
                  Set.of(
                      "auto_pad",
                      "ceil_mode",
                      "count_include_pad",
                      "kernel_shape",
                      "pads",
                      "strides"),
                  TensorOps::averagePool)),
          Map.entry(
              ":MaxPool",
              op(
                  Set.of(
                      "auto_pad",
                      "ceil_mode",
                      "dilations",
                      "kernel_shape",
                      "pads",
                      "storage_order",
                      "strides"),
                  TensorOps::maxPool)),
          Map.entry(":Pad", op(Set.of("mode"), TensorOps::pad)),
          Map.entry(
              ":BatchNormalization",
              op(
                  Set.of("epsilon", "momentum", "spatial", "training_mode"),
                  TensorOps::batchNormalization)),
          Map.entry(
              ":QuantizeLinear",
              op(Set.of("axis", "block_size", "output_dtype", "saturate"), QuantizeOps::quantize)),
          Map.entry(":DequantizeLinear", op(Set.of("axis", "block_size"), QuantizeOps::dequantize)),
          Map.entry(":Clip", op(Set.of(), QuantizeOps::clip)),
          Map.entry(
              ML + ":LinearClassifier",
              op(
                  Set.of(
                      "coefficients",
                      "intercepts",
                      "classlabels_ints",
                      "classlabels_strings",
                      "multi_class",
                      "post_transform"),
                  OnnxOps::linearClassifier)),
          Map.entry(
              ML + ":LinearRegressor",
              op(
                  Set.of("coefficients", "intercepts", "targets", "post_transform"),
                  OnnxOps::linearRegressor)),
          Map.entry(
              ML + ":TreeEnsembleClassifier",
              op(TreeEnsembleOps.CLASSIFIER_ATTRIBUTES, TreeEnsembleOps::classifier)),
          Map.entry(
              ML + ":TreeEnsembleRegressor",
              op(TreeEnsembleOps.REGRESSOR_ATTRIBUTES, TreeEnsembleOps::regressor)));

  private OnnxOps() {}

  /** The converter of an operator, if supported. */
  public static Optional<OpConverter> find(String domain, String opType) {
    String d = domain.equals("ai.onnx") ? "" : domain;
    return Optional.ofNullable(TABLE.get(d + ":" + opType));
  }

  /** The supported operators, for messages. */
  public static Set<String> supported() {
    return TABLE.keySet();
  }

  private static OpConverter op(
      Set<String> attributes, java.util.function.Function<NodeContext, List<Value>> body) {
    return new OpConverter() {
      @Override
      public Set<String> attributes() {
        return attributes;
      }

      @Override
      public List<Value> convert(NodeContext node) {
        return body.apply(node);
      }
    };
  }

  private static List<Value> gemm(NodeContext n) {
    Value.Dynamic a = flatInput(n);
    n.requireInt("transA", 0, 0);
    boolean transB = n.requireInt("transB", 0, 0, 1) == 1;
    double alpha = n.floatAttribute("alpha", 1.0);
    double beta = n.floatAttribute("beta", 1.0);
    ConstantTensor b = n.constantInput(1);
    if (b.rank() != 2) {
      throw n.fail("B must be a 2-D constant, found shape " + Arrays.toString(b.shape()));
    }
    int rows = (int) b.shape()[0];
    int cols = (int) b.shape()[1];
    int in = transB ? cols : rows;
    int out = transB ? rows : cols;
    requireSize(n, a, in);
    double[] w = new double[out * in];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        w[i * in + j] = alpha * (transB ? b.value(i * cols + j) : b.value(j * cols + i));
      }
    }
    double[] bias =
        n.hasInput(2) ? broadcast(n, n.constantInput(2), new int[] {out}) : new double[out];
    for (int i = 0; i < out; i++) {
      bias[i] *= beta;
    }
    return List.of(
        a.then(
            new Layer.Affine(
                new AffineMap(in, out, w, bias),
                n.source(),
                weightSteps(n, transB ? 0 : 1, out, Math.abs(alpha)))));
  }

  /**
   * Per output row, the step of the weights in input 1 when a DequantizeLinear produced them (times
   * {@code factor}); null otherwise. Per-channel steps must run along the output axis.
   */
  private static double[] weightSteps(NodeContext n, int outputAxis, int outputs, double factor) {
    Value.Grid grid = n.constantValue(1).grid();
    if (grid == null) {
      return null;
    }
    if (grid.axis() >= 0 && grid.axis() != outputAxis) {
      throw n.fail(
          "the weights are quantized per channel along axis "
              + grid.axis()
              + ", their input axis; only per-tensor or per-output-channel (axis "
              + outputAxis
              + ") weight scales are supported");
    }
    double[] steps = new double[outputs];
    for (int i = 0; i < outputs; i++) {
      steps[i] = grid.step(i) * factor;
    }
    return steps;
  }

  private static List<Value> matMul(NodeContext n) {
    Value.Dynamic a = flatInput(n);
    ConstantTensor b = n.constantInput(1);
    if (b.rank() != 2) {
      throw n.fail(
          "the second operand must be a 2-D constant, found shape " + Arrays.toString(b.shape()));
    }
    int in = (int) b.shape()[0];
    int out = (int) b.shape()[1];
    requireSize(n, a, in);
    double[] w = new double[out * in];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        w[i * in + j] = b.value(j * out + i);
      }
    }
    return List.of(
        a.then(
            new Layer.Affine(
                new AffineMap(in, out, w, new double[out]),
                n.source(),
                weightSteps(n, 1, out, 1))));
  }

  /**
   * x op c or c op x with a constant c broadcast to x, as an affine layer (c / x is not affine:
   * refused); c op c is evaluated.
   */
  private static List<Value> arithmetic(NodeContext n) {
    char op =
        switch (n.opType()) {
          case "Add" -> '+';
          case "Sub" -> '-';
          case "Mul" -> '*';
          default -> '/';
        };
    if (n.input(0) instanceof Value.Constant x && n.input(1) instanceof Value.Constant y) {
      return List.of(new Value.Constant(evaluate(n, x.tensor(), y.tensor(), op)));
    }
    boolean dynamicFirst = n.input(0) instanceof Value.Dynamic;
    Value.Dynamic x = n.dynamicInput(dynamicFirst ? 0 : 1);
    double[] c = broadcast(n, n.constantInput(dynamicFirst ? 1 : 0), x.shape());
    int size = x.size();
    double[] scale = new double[size];
    double[] shift = new double[size];
    for (int i = 0; i < size; i++) {
      switch (op) {
        case '+' -> {
          scale[i] = 1;
          shift[i] = c[i];
        }
        case '-' -> {
          scale[i] = dynamicFirst ? 1 : -1;
          shift[i] = dynamicFirst ? -c[i] : c[i];
        }
        case '*' -> scale[i] = c[i];
        default -> {
          if (!dynamicFirst) {
            throw n.fail(
                "a constant divided by the input is not affine; only input / constant is supported");
          }
          if (c[i] == 0) {
            throw n.fail("division by a zero constant at element " + i);
          }
          scale[i] = 1 / c[i];
        }
      }
    }
    return List.of(x.then(new Layer.Affine(diagonal(scale, shift), n.source()), x.shape()));
  }

  /** x op y on two constants, y broadcast as a scalar or element by element. */
  private static ConstantTensor evaluate(
      NodeContext n, ConstantTensor x, ConstantTensor y, char op) {
    if (y.size() != 1 && y.size() != x.size()) {
      throw n.fail(
          "constant operands of " + x.size() + " and " + y.size() + " values do not broadcast");
    }
    double[] v = new double[x.size()];
    for (int i = 0; i < v.length; i++) {
      double b = y.value(y.size() == 1 ? 0 : i);
      v[i] =
          switch (op) {
            case '+' -> x.value(i) + b;
            case '-' -> x.value(i) - b;
            case '*' -> x.value(i) * b;
            default -> x.value(i) / b;
          };
    }
    return new ConstantTensor(x.shape(), v);
  }

  /** y_i = scale_i · x_i + shift_i. */
  static AffineMap diagonal(double[] scale, double[] shift) {
    int n = scale.length;
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      w[i * n + i] = scale[i];
    }
    return new AffineMap(n, n, w, shift);
  }

  private static List<Value> activation(NodeContext n, Activation f) {
    Value.Dynamic x = n.dynamicInput(0);
    return List.of(x.then(new Layer.Elementwise(f, x.size(), n.source()), x.shape()));
  }

  private static List<Value> softmax(NodeContext n) {
    n.requireInt("axis", -1, -1, 1);
    return activation(n, Activation.SOFTMAX);
  }

  private static List<Value> argMax(NodeContext n) {
    n.requireInt("axis", 0, -1, 1);
    n.requireInt("select_last_index", 0, 0);
    Value.Dynamic x = n.dynamicInput(0);
    return List.of(x.then(new Layer.ArgMax(ImportedModel.defaultLabels(x.size()), n.source())));
  }

  private static List<Value> flatten(NodeContext n) {
    n.requireInt("axis", 1, 1);
    Value.Dynamic x = n.dynamicInput(0);
    return List.of(x.reshaped(new int[] {x.size()}));
  }

  private static List<Value> constant(NodeContext n) {
    if (n.has("value")) {
      return List.of(
          new Value.Constant(n.tensorAttribute("value"), n.tensorAttributeType("value"), null));
    }
    if (n.has("value_float")) {
      return List.of(
          new Value.Constant(
              new ConstantTensor(new long[0], new double[] {n.floatAttribute("value_float", 0)})));
    }
    if (n.has("value_int")) {
      return List.of(
          new Value.Constant(
              new ConstantTensor(new long[0], new double[] {n.intAttribute("value_int", 0)})));
    }
    double[] v =
        n.has("value_floats")
            ? n.floatsAttribute("value_floats")
            : Arrays.stream(n.intsAttribute("value_ints")).asDoubleStream().toArray();
    return List.of(new Value.Constant(new ConstantTensor(new long[] {v.length}, v)));
  }

  /**
   * ai.onnx.ml LinearClassifier: outputs [label, scores]; post_transform NONE, LOGISTIC or SOFTMAX.
   */
  private static List<Value> linearClassifier(NodeContext n) {
    if (n.has("classlabels_strings")) {
      throw n.fail(
          "unsupported attribute 'classlabels_strings': only integer class labels are supported");
    }
    n.requireInt("multi_class", 0, 0);
    long[] labels = n.intsAttribute("classlabels_ints");
    Value.Dynamic x = n.dynamicInput(0);
    Value.Dynamic scores = x.then(new Layer.Affine(affineFromAttributes(n, x.size()), n.source()));
    int rows = scores.size();
    if (labels.length == 0) {
      labels = ImportedModel.defaultLabels(rows);
    }
    if (rows != labels.length && !(rows == 1 && labels.length == 2)) {
      throw n.fail(rows + " coefficient rows do not match " + labels.length + " class labels");
    }
    String post = n.stringAttribute("post_transform", "NONE");
    Activation f =
        switch (post) {
          case "NONE" -> Activation.IDENTITY;
          case "LOGISTIC" -> Activation.SIGMOID;
          case "SOFTMAX" -> Activation.SOFTMAX;
          default ->
              throw n.fail(
                  "unsupported value '"
                      + post
                      + "' of attribute 'post_transform'; supported: NONE, LOGISTIC, SOFTMAX");
        };
    if (f != Activation.IDENTITY) {
      scores = scores.then(new Layer.Elementwise(f, rows, n.source()));
    }
    Value.Dynamic label = scores.then(new Layer.ArgMax(labels, n.source()));
    return List.of(label, scores);
  }

  /** ai.onnx.ml LinearRegressor; post_transform NONE only. */
  private static List<Value> linearRegressor(NodeContext n) {
    String post = n.stringAttribute("post_transform", "NONE");
    if (!post.equals("NONE")) {
      throw n.fail(
          "unsupported value '" + post + "' of attribute 'post_transform'; supported: NONE");
    }
    Value.Dynamic x = n.dynamicInput(0);
    AffineMap map = affineFromAttributes(n, x.size());
    long targets = n.intAttribute("targets", 1);
    if (targets != map.outputs()) {
      throw n.fail(
          "attribute 'targets' is "
              + targets
              + " but the coefficients give "
              + map.outputs()
              + " outputs");
    }
    return List.of(x.then(new Layer.Affine(map, n.source())));
  }

  private static AffineMap affineFromAttributes(NodeContext n, int features) {
    double[] w = n.floatsAttribute("coefficients");
    double[] b = n.floatsAttribute("intercepts");
    if (b.length == 0 || w.length != b.length * features) {
      throw n.fail(
          "coefficients of length "
              + w.length
              + " do not form "
              + b.length
              + " rows of "
              + features
              + " features");
    }
    return new AffineMap(features, b.length, w, b);
  }

  /** A constant broadcast (numpy rules, trailing axes aligned) to {@code shape}, flattened. */
  private static double[] broadcast(NodeContext n, ConstantTensor c, int[] shape) {
    long[] cs = c.shape();
    int rank = shape.length;
    // leading axes of the constant beyond the value's rank (the batch axis) must be 1
    int offset = cs.length - rank;
    for (int i = 0; i < offset; i++) {
      if (cs[i] != 1) {
        throw notBroadcastable(n, cs, shape);
      }
    }
    int size = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    double[] out = new double[size];
    int[] index = new int[rank];
    for (int flat = 0; flat < size; flat++) {
      int rest = flat;
      for (int d = rank - 1; d >= 0; d--) {
        index[d] = rest % shape[d];
        rest /= shape[d];
      }
      int ci = 0;
      for (int d = Math.max(0, -offset); d < rank; d++) {
        long dim = cs[d + offset];
        if (dim != 1 && dim != shape[d]) {
          throw notBroadcastable(n, cs, shape);
        }
        ci = (int) (ci * dim + (dim == 1 ? 0 : index[d]));
      }
      out[flat] = c.value(ci);
    }
    return out;
  }

  private static OnnxImportException notBroadcastable(NodeContext n, long[] from, int[] to) {
    return n.fail(
        "constant of shape "
            + Arrays.toString(from)
            + " does not broadcast to "
            + Arrays.toString(to));
  }

  /** Input 0 as a flat per-sample vector, which Gemm and MatMul multiply. */
  private static Value.Dynamic flatInput(NodeContext n) {
    Value.Dynamic a = n.dynamicInput(0);
    if (a.rank() != 1) {
      throw n.fail(
          "expected a flat input, found shape "
              + Arrays.toString(a.shape())
              + "; flatten it first");
    }
    return a;
  }

  private static void requireSize(NodeContext n, Value.Dynamic a, int expected) {
    if (a.size() != expected) {
      throw n.fail(
          "input has " + a.size() + " elements per sample, the weights expect " + expected);
    }
  }
}
