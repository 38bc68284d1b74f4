package io.fhestreams.ml.onnx;

import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.AffineMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operator table of the importer, keyed by {@code domain:OpType} (the default domain is written
 * as the empty string), in the spirit of Concrete ML's {@code ONNX_OPS_TO_NUMPY_IMPL}. Each entry
 * states the attributes it understands. Tree ensembles ({@code ai.onnx.ml:TreeEnsemble*}) and
 * further neural-net operators are added here.
 */
public final class OnnxOps {
  static final String ML = "ai.onnx.ml";

  private static final Map<String, OpConverter> TABLE =
      Map.ofEntries(
          Map.entry(":Gemm", op(Set.of("alpha", "beta", "transA", "transB"), OnnxOps::gemm)),
          Map.entry(":MatMul", op(Set.of(), OnnxOps::matMul)),
          Map.entry(":Add", op(Set.of(), n -> elementwiseConstant(n, '+'))),
          Map.entry(":Sub", op(Set.of(), n -> elementwiseConstant(n, '-'))),
          Map.entry(":Mul", op(Set.of(), n -> elementwiseConstant(n, '*'))),
          Map.entry(":Div", op(Set.of(), n -> elementwiseConstant(n, '/'))),
          Map.entry(":Sigmoid", op(Set.of(), n -> activation(n, Activation.SIGMOID))),
          Map.entry(":Relu", op(Set.of(), n -> activation(n, Activation.RELU))),
          Map.entry(":Exp", op(Set.of(), n -> activation(n, Activation.EXP))),
          Map.entry(":Softmax", op(Set.of("axis"), OnnxOps::softmax)),
          Map.entry(
              ":ArgMax", op(Set.of("axis", "keepdims", "select_last_index"), OnnxOps::argMax)),
          Map.entry(":Flatten", op(Set.of("axis"), OnnxOps::flatten)),
          Map.entry(":Reshape", op(Set.of("allowzero"), OnnxOps::reshape)),
          Map.entry(":Identity", op(Set.of(), n -> List.of(n.input(0)))),
          Map.entry(
              ":Constant",
              op(
                  Set.of("value", "value_float", "value_floats", "value_int", "value_ints"),
                  OnnxOps::constant)),
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
                  OnnxOps::linearRegressor)));

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
    Value.Dynamic a = n.dynamicInput(0);
    n.requireInt("transA", 0, 0);
    boolean transB = n.requireInt("transB", 0, 0, 1) == 1;
    double alpha = n.floatAttribute("alpha", 1.0);
    double beta = n.floatAttribute("beta", 1.0);
    ConstantTensor b = n.constantInput(1);
    if (b.rank() != 2) {
      throw n.fail("B must be a 2-D constant, found shape " + java.util.Arrays.toString(b.shape()));
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
    double[] bias = n.hasInput(2) ? broadcast(n, n.constantInput(2), out) : new double[out];
    for (int i = 0; i < out; i++) {
      bias[i] *= beta;
    }
    return List.of(a.then(new Layer.Affine(new AffineMap(in, out, w, bias), n.source())));
  }

  private static List<Value> matMul(NodeContext n) {
    Value.Dynamic a = n.dynamicInput(0);
    ConstantTensor b = n.constantInput(1);
    if (b.rank() != 2) {
      throw n.fail(
          "the second operand must be a 2-D constant, found shape "
              + java.util.Arrays.toString(b.shape()));
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
        a.then(new Layer.Affine(new AffineMap(in, out, w, new double[out]), n.source())));
  }

  /**
   * x op c or c op x with a broadcast constant c, as an affine layer (c / x is not affine:
   * refused).
   */
  private static List<Value> elementwiseConstant(NodeContext n, char op) {
    boolean dynamicFirst = n.input(0) instanceof Value.Dynamic;
    Value.Dynamic x = n.dynamicInput(dynamicFirst ? 0 : 1);
    double[] c = broadcast(n, n.constantInput(dynamicFirst ? 1 : 0), x.size());
    int size = x.size();
    double[] w = new double[size * size];
    double[] b = new double[size];
    for (int i = 0; i < size; i++) {
      double diag;
      switch (op) {
        case '+' -> {
          diag = 1;
          b[i] = c[i];
        }
        case '-' -> {
          diag = dynamicFirst ? 1 : -1;
          b[i] = dynamicFirst ? -c[i] : c[i];
        }
        case '*' -> diag = c[i];
        default -> {
          if (!dynamicFirst) {
            throw n.fail(
                "a constant divided by the input is not affine; only input / constant is supported");
          }
          if (c[i] == 0) {
            throw n.fail("division by a zero constant at element " + i);
          }
          diag = 1 / c[i];
        }
      }
      w[i * size + i] = diag;
    }
    return List.of(x.then(new Layer.Affine(new AffineMap(size, size, w, b), n.source())));
  }

  private static List<Value> activation(NodeContext n, Activation f) {
    Value.Dynamic x = n.dynamicInput(0);
    return List.of(x.then(new Layer.Elementwise(f, x.size(), n.source())));
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
    return List.of(n.dynamicInput(0));
  }

  private static List<Value> reshape(NodeContext n) {
    n.requireInt("allowzero", 0, 0);
    Value.Dynamic x = n.dynamicInput(0);
    double[] shape = n.constantInput(1).values();
    // a per-sample vector is the only shape the IR knows: accept [batch, size] in any spelling
    boolean ok =
        shape.length == 2
            && (shape[1] == x.size() || shape[1] == -1)
            && (shape[0] == -1 || shape[0] == 0 || shape[0] == 1);
    if (!ok) {
      throw n.fail(
          "only a reshape to [batch, "
              + x.size()
              + "] is supported, found "
              + java.util.Arrays.toString(shape));
    }
    return List.of(x);
  }

  private static List<Value> constant(NodeContext n) {
    if (n.has("value")) {
      return List.of(new Value.Constant(n.tensorAttribute("value")));
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
            : java.util.Arrays.stream(n.intsAttribute("value_ints")).asDoubleStream().toArray();
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

  private static double[] broadcast(NodeContext n, ConstantTensor c, int size) {
    if (c.size() == 1) {
      double[] v = new double[size];
      java.util.Arrays.fill(v, c.value(0));
      return v;
    }
    if (c.size() == size) {
      return c.values();
    }
    throw n.fail(
        "constant of shape "
            + java.util.Arrays.toString(c.shape())
            + " does not broadcast to "
            + size
            + " elements");
  }

  private static void requireSize(NodeContext n, Value.Dynamic a, int expected) {
    if (a.size() != expected) {
      throw n.fail(
          "input has " + a.size() + " elements per sample, the weights expect " + expected);
    }
  }
}
