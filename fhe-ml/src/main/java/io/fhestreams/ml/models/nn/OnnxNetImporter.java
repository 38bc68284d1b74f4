package io.fhestreams.ml.models.nn;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fhestreams.ml.onnx.ConstantTensor;
import io.fhestreams.ml.onnx.NodeContext;
import io.fhestreams.ml.onnx.OnnxImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a neural net as {@code torch.onnx.export} writes it into a {@link NeuralNet}.
 *
 * <p>Supported: Gemm, MatMul, Add / Sub / Mul / Div with a constant, Conv (2-D, group 1, any
 * stride, padding and dilation: lowered to a clear-weight matrix over the input patches),
 * AveragePool (a clear weighted sum, folded with its neighbours), MaxPool (2-D, any kernel, stride
 * and padding, no dilation or ceil mode: a pairwise tree of encrypted maxima, one lookup each, on
 * the activation it follows or precedes), Pad (constant zero), BatchNormalization (a per-channel
 * affine map, folded into the preceding layer), Relu, Sigmoid, Tanh, Flatten, Reshape, Dropout and
 * Identity (no-ops at inference), Constant, and the QuantizeLinear / DequantizeLinear pairs of
 * quantization-aware training: on constants they are evaluated, on activations a pair is the
 * identity because the post-training quantizer re-quantizes there. A final Softmax or ArgMax is
 * dropped (the client takes the arg-max of the scores). Anything else is refused with its operator
 * and node.
 */
public final class OnnxNetImporter {
  private OnnxNetImporter() {}

  private static final Set<String> SUPPORTED =
      new TreeSet<>(
          List.of(
              "Gemm",
              "MatMul",
              "Add",
              "Sub",
              "Mul",
              "Div",
              "Conv",
              "AveragePool",
              "MaxPool",
              "Pad",
              "BatchNormalization",
              "Relu",
              "Sigmoid",
              "Tanh",
              "Flatten",
              "Reshape",
              "Dropout",
              "Identity",
              "Constant",
              "QuantizeLinear",
              "DequantizeLinear",
              "Softmax",
              "ArgMax"));

  /** A tensor during import: a constant, or a per-sample value (shape without the batch axis). */
  private sealed interface Tensor permits Constant, Dynamic {}

  private record Constant(ConstantTensor tensor) implements Tensor {}

  private record Dynamic(int[] shape, List<NetLayer> layers, boolean scoresOnly) implements Tensor {
    int size() {
      return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    Dynamic then(NetLayer layer, int[] newShape) {
      List<NetLayer> next = new ArrayList<>(layers);
      next.add(layer);
      return new Dynamic(newShape, next, false);
    }

    Dynamic reshaped(int[] newShape) {
      return new Dynamic(newShape, layers, scoresOnly);
    }
  }

  /** Imports the network in {@code path}. */
  public static NeuralNet importNet(Path path) throws IOException {
    return importNet(Files.readAllBytes(path), path.getFileName().toString());
  }

  /** Imports a serialized ModelProto; {@code origin} names it in errors. */
  public static NeuralNet importNet(byte[] bytes, String origin) {
    OnnxMl.ModelProto model;
    try {
      model = OnnxMl.ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxImportException(origin + " is not an ONNX model: " + e.getMessage(), e);
    }
    OnnxMl.GraphProto graph = model.getGraph();
    Map<String, Tensor> values = new HashMap<>();
    for (OnnxMl.TensorProto t : graph.getInitializerList()) {
      values.put(
          t.getName(), new Constant(NodeContext.decode(t, "initializer '" + t.getName() + "'")));
    }
    OnnxMl.ValueInfoProto input = null;
    for (OnnxMl.ValueInfoProto in : graph.getInputList()) {
      if (!values.containsKey(in.getName())) {
        if (input != null) {
          throw new OnnxImportException(
              origin
                  + ": expected exactly one graph input, found '"
                  + input.getName()
                  + "' and '"
                  + in.getName()
                  + "'");
        }
        input = in;
      }
    }
    if (input == null) {
      throw new OnnxImportException(origin + ": the graph has no input");
    }
    int[] inputShape = inputShape(input, origin);
    values.put(input.getName(), new Dynamic(inputShape, List.of(), false));
    for (OnnxMl.NodeProto node : graph.getNodeList()) {
      String where = "'" + node.getName() + "' (" + node.getOpType() + ")";
      if (!node.getDomain().isEmpty() || !SUPPORTED.contains(node.getOpType())) {
        throw new OnnxImportException(
            "node "
                + where
                + ": unsupported operator '"
                + (node.getDomain().isEmpty() ? "" : node.getDomain() + ".")
                + node.getOpType()
                + "' for a neural net; supported: "
                + SUPPORTED);
      }
      Tensor out = new NodeImport(node, where, values).convert();
      if (node.getOutputCount() > 0) {
        values.put(node.getOutput(0), out);
      }
    }
    if (graph.getOutputCount() < 1
        || !(values.get(graph.getOutput(0).getName()) instanceof Dynamic result)) {
      throw new OnnxImportException(
          origin + ": the first graph output is not computed from the input");
    }
    int features = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
    String name = graph.getName().isEmpty() ? origin : graph.getName();
    try {
      return new NeuralNet(name, features, result.layers());
    } catch (IllegalArgumentException e) {
      throw new OnnxImportException(origin + ": " + e.getMessage(), e);
    }
  }

  private static int[] inputShape(OnnxMl.ValueInfoProto input, String origin) {
    OnnxMl.TensorShapeProto shape = input.getType().getTensorType().getShape();
    int[] dims = new int[Math.max(0, shape.getDimCount() - 1)];
    for (int i = 1; i < shape.getDimCount(); i++) {
      if (!shape.getDim(i).hasDimValue()) {
        throw new OnnxImportException(
            origin
                + ": input '"
                + input.getName()
                + "' dimension "
                + i
                + " must be fixed, found '"
                + shape.getDim(i).getDimParam()
                + "'");
      }
      dims[i - 1] = (int) shape.getDim(i).getDimValue();
    }
    if (dims.length == 0) {
      throw new OnnxImportException(
          origin + ": input '" + input.getName() + "' must have a batch axis and features");
    }
    return dims;
  }

  /** The conversion of one node. */
  private static final class NodeImport {
    private final OnnxMl.NodeProto node;
    private final String where;
    private final Map<String, Tensor> values;
    private final Map<String, OnnxMl.AttributeProto> attributes = new HashMap<>();

    NodeImport(OnnxMl.NodeProto node, String where, Map<String, Tensor> values) {
      this.node = node;
      this.where = where;
      this.values = values;
      for (OnnxMl.AttributeProto a : node.getAttributeList()) {
        attributes.put(a.getName(), a);
      }
    }

    Tensor convert() {
      return switch (node.getOpType()) {
        case "Constant" ->
            new Constant(NodeContext.decode(requireAttribute("value").getT(), "node " + where));
        case "Gemm" -> gemm();
        case "MatMul" -> dense(dynamic(0), constant(1), false, 1.0, null, 0);
        case "Add", "Sub", "Mul", "Div" -> arithmetic();
        case "Conv" -> conv();
        case "AveragePool" -> averagePool();
        case "MaxPool" -> maxPool();
        case "Pad" -> pad();
        case "BatchNormalization" -> batchNorm();
        case "Relu" -> activation(NetActivation.RELU);
        case "Sigmoid" -> activation(NetActivation.SIGMOID);
        case "Tanh" -> activation(NetActivation.TANH);
        case "Flatten" -> flatten();
        case "Reshape" -> reshape();
        case "Dropout", "Identity" -> values.get(node.getInput(0));
        case "QuantizeLinear", "DequantizeLinear" -> quantizeDequantize();
        case "Softmax", "ArgMax" -> {
          Dynamic d = dynamic(0);
          yield new Dynamic(d.shape(), d.layers(), true);
        }
        default -> throw fail("unsupported operator");
      };
    }

    private Tensor gemm() {
      if (intAttribute("transA", 0) != 0) {
        throw fail("transA = 1 is not supported");
      }
      Dynamic a = dynamic(0);
      ConstantTensor b = constant(1);
      double alpha = floatAttribute("alpha", 1.0);
      double beta = floatAttribute("beta", 1.0);
      ConstantTensor c =
          node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? constant(2) : null;
      return dense(a, b, intAttribute("transB", 0) != 0, alpha, c, beta);
    }

    /** y = alpha · B'·x + beta · c for a flat x; B is [K, N] (or [N, K] transposed). */
    private Tensor dense(
        Dynamic a, ConstantTensor b, boolean transB, double alpha, ConstantTensor c, double beta) {
      if (b.rank() != 2) {
        throw fail("the weight must be a matrix, found shape " + Arrays.toString(b.shape()));
      }
      int k = (int) b.shape()[transB ? 1 : 0];
      int n = (int) b.shape()[transB ? 0 : 1];
      if (a.shape().length != 1 || a.size() != k) {
        throw fail(
            "expected a flat input of " + k + " values, found shape " + Arrays.toString(a.shape()));
      }
      double[] w = new double[n * k];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
          w[i * k + j] = alpha * b.value(transB ? i * k + j : j * n + i);
        }
      }
      double[] bias = new double[n];
      if (c != null) {
        if (c.size() != 1 && c.size() != n) {
          throw fail("the bias must have 1 or " + n + " values, found " + c.size());
        }
        for (int i = 0; i < n; i++) {
          bias[i] = beta * c.value(c.size() == 1 ? 0 : i);
        }
      }
      return a.then(new NetLayer.Dense(k, n, w, bias, where), new int[] {n});
    }

    private Tensor arithmetic() {
      String op = node.getOpType();
      if (values.get(node.getInput(0)) instanceof Constant x
          && values.get(node.getInput(1)) instanceof Constant y) {
        return new Constant(elementwise(x.tensor(), y.tensor(), op));
      }
      boolean dynamicFirst = values.get(node.getInput(0)) instanceof Dynamic;
      Dynamic a = dynamic(dynamicFirst ? 0 : 1);
      ConstantTensor c = constant(dynamicFirst ? 1 : 0);
      double[] per = broadcast(c, a.shape());
      int n = a.size();
      double[] scale = new double[n];
      double[] shift = new double[n];
      for (int i = 0; i < n; i++) {
        switch (op) {
          case "Add" -> {
            scale[i] = 1;
            shift[i] = per[i];
          }
          case "Sub" -> {
            scale[i] = dynamicFirst ? 1 : -1;
            shift[i] = dynamicFirst ? -per[i] : per[i];
          }
          case "Mul" -> scale[i] = per[i];
          default -> {
            if (!dynamicFirst) {
              throw fail("dividing a constant by the input is not linear");
            }
            scale[i] = 1 / per[i];
          }
        }
      }
      return a.then(NetLayer.Dense.diagonal(scale, shift, where), a.shape());
    }

    private ConstantTensor elementwise(ConstantTensor x, ConstantTensor y, String op) {
      if (y.size() != 1 && y.size() != x.size()) {
        throw fail(
            "constant operands of " + x.size() + " and " + y.size() + " values do not broadcast");
      }
      double[] v = new double[x.size()];
      for (int i = 0; i < v.length; i++) {
        double b = y.value(y.size() == 1 ? 0 : i);
        v[i] =
            switch (op) {
              case "Add" -> x.value(i) + b;
              case "Sub" -> x.value(i) - b;
              case "Mul" -> x.value(i) * b;
              default -> x.value(i) / b;
            };
      }
      return new ConstantTensor(x.shape(), v);
    }

    /** A constant broadcast (numpy rules, trailing axes aligned) to {@code shape}, flattened. */
    private double[] broadcast(ConstantTensor c, int[] shape) {
      long[] cs = c.shape();
      int rank = shape.length;
      // drop a leading batch axis of 1 on the constant
      int offset = cs.length - rank;
      for (int i = 0; i < offset; i++) {
        if (cs[i] != 1) {
          throw fail(
              "constant of shape "
                  + Arrays.toString(cs)
                  + " does not broadcast to "
                  + Arrays.toString(shape));
        }
      }
      int n = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
      double[] out = new double[n];
      int[] index = new int[rank];
      for (int flat = 0; flat < n; flat++) {
        int rest = flat;
        for (int d = rank - 1; d >= 0; d--) {
          index[d] = rest % shape[d];
          rest /= shape[d];
        }
        int ci = 0;
        for (int d = Math.max(0, -offset); d < rank; d++) {
          int cd = d + offset;
          if (cd < 0) {
            continue;
          }
          long dim = cs[cd];
          if (dim != 1 && dim != shape[d]) {
            throw fail(
                "constant of shape "
                    + Arrays.toString(cs)
                    + " does not broadcast to "
                    + Arrays.toString(shape));
          }
          ci = (int) (ci * dim + (dim == 1 ? 0 : index[d]));
        }
        out[flat] = c.value(ci);
      }
      return out;
    }

    private Tensor conv() {
      Dynamic x = dynamic(0);
      ConstantTensor w = constant(1);
      if (intAttribute("group", 1) != 1) {
        throw fail("only group = 1 is supported, found " + intAttribute("group", 1));
      }
      if (x.shape().length != 3 || w.rank() != 4) {
        throw fail(
            "expected a [C, H, W] input and a 4-D kernel, found "
                + Arrays.toString(x.shape())
                + " and "
                + Arrays.toString(w.shape()));
      }
      int c = x.shape()[0];
      int h = x.shape()[1];
      int wd = x.shape()[2];
      int m = (int) w.shape()[0];
      int kh = (int) w.shape()[2];
      int kw = (int) w.shape()[3];
      if (w.shape()[1] != c) {
        throw fail("kernel reads " + w.shape()[1] + " channels, input has " + c);
      }
      if (!stringAttribute("auto_pad", "NOTSET").equals("NOTSET")) {
        throw fail("auto_pad is not supported; export explicit pads");
      }
      long[] strides = intsAttribute("strides", 1, 1);
      long[] dilations = intsAttribute("dilations", 1, 1);
      long[] pads = intsAttribute("pads", 0, 0, 0, 0);
      int oh = (int) ((h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) / strides[0] + 1);
      int ow = (int) ((wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) / strides[1] + 1);
      ConstantTensor b =
          node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? constant(2) : null;
      int inputs = c * h * wd;
      int outputs = m * oh * ow;
      double[] weights = new double[outputs * inputs];
      double[] bias = new double[outputs];
      for (int o = 0; o < m; o++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            int row = (o * oh + i) * ow + j;
            bias[row] = b == null ? 0 : b.value(o);
            for (int ch = 0; ch < c; ch++) {
              for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                  long y = i * strides[0] - pads[0] + u * dilations[0];
                  long z = j * strides[1] - pads[1] + v * dilations[1];
                  if (y >= 0 && y < h && z >= 0 && z < wd) {
                    weights[row * inputs + (int) ((ch * h + y) * wd + z)] +=
                        w.value(((o * c + ch) * kh + u) * kw + v);
                  }
                }
              }
            }
          }
        }
      }
      return x.then(
          new NetLayer.Dense(inputs, outputs, weights, bias, where), new int[] {m, oh, ow});
    }

    private Tensor averagePool() {
      Dynamic x = dynamic(0);
      if (x.shape().length != 3) {
        throw fail("expected a [C, H, W] input, found " + Arrays.toString(x.shape()));
      }
      if (intAttribute("ceil_mode", 0) != 0
          || !stringAttribute("auto_pad", "NOTSET").equals("NOTSET")) {
        throw fail("ceil_mode and auto_pad are not supported");
      }
      long[] kernel = intsAttribute("kernel_shape");
      boolean countPads = intAttribute("count_include_pad", 0) != 0;
      int[] outShape = new int[3];
      int[][] windows = poolWindows(x.shape(), kernel, outShape);
      int inputs = x.size();
      double[] weights = new double[windows.length * inputs];
      for (int row = 0; row < windows.length; row++) {
        double share = 1.0 / (countPads ? kernel[0] * kernel[1] : windows[row].length);
        for (int cell : windows[row]) {
          weights[row * inputs + cell] = share;
        }
      }
      return x.then(
          new NetLayer.Dense(inputs, windows.length, weights, new double[windows.length], where),
          outShape);
    }

    /**
     * The in-bounds input cells of every window of a 2-D pool over a [C, H, W] input, from the
     * node's {@code strides} and {@code pads}; fills {@code outShape} with [C, OH, OW].
     */
    private int[][] poolWindows(int[] shape, long[] kernel, int[] outShape) {
      if (kernel.length != 2) {
        throw fail("expected a 2-D kernel_shape, found " + Arrays.toString(kernel));
      }
      long[] strides = intsAttribute("strides", 1, 1);
      long[] pads = intsAttribute("pads", 0, 0, 0, 0);
      int c = shape[0];
      int h = shape[1];
      int wd = shape[2];
      int oh = (int) ((h + pads[0] + pads[2] - kernel[0]) / strides[0] + 1);
      int ow = (int) ((wd + pads[1] + pads[3] - kernel[1]) / strides[1] + 1);
      outShape[0] = c;
      outShape[1] = oh;
      outShape[2] = ow;
      int[][] windows = new int[c * oh * ow][];
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            List<Integer> cells = new ArrayList<>();
            for (int u = 0; u < kernel[0]; u++) {
              for (int v = 0; v < kernel[1]; v++) {
                long y = i * strides[0] - pads[0] + u;
                long z = j * strides[1] - pads[1] + v;
                if (y >= 0 && y < h && z >= 0 && z < wd) {
                  cells.add((int) ((ch * h + y) * wd + z));
                }
              }
            }
            if (cells.isEmpty()) {
              throw fail("window (" + ch + ", " + i + ", " + j + ") lies entirely in the padding");
            }
            windows[(ch * oh + i) * ow + j] = cells.stream().mapToInt(Integer::intValue).toArray();
          }
        }
      }
      return windows;
    }

    private Tensor maxPool() {
      Dynamic x = dynamic(0);
      if (x.shape().length != 3) {
        throw fail("expected a [C, H, W] input, found " + Arrays.toString(x.shape()));
      }
      if (intAttribute("ceil_mode", 0) != 0) {
        throw fail("ceil_mode = 1 is not supported (export with ceil_mode=False)");
      }
      if (!stringAttribute("auto_pad", "NOTSET").equals("NOTSET")) {
        throw fail("auto_pad is not supported; export explicit pads");
      }
      long[] dilations = intsAttribute("dilations", 1, 1);
      if (dilations[0] != 1 || dilations[1] != 1) {
        throw fail("dilations " + Arrays.toString(dilations) + " are not supported, only [1, 1]");
      }
      if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
        throw fail("the Indices output is not supported");
      }
      int[] outShape = new int[3];
      int[][] windows = poolWindows(x.shape(), intsAttribute("kernel_shape"), outShape);
      return x.then(new NetLayer.MaxPool(x.size(), windows, where), outShape);
    }

    private Tensor pad() {
      Dynamic x = dynamic(0);
      if (!stringAttribute("mode", "constant").equals("constant")) {
        throw fail(
            "only constant padding is supported, found mode '" + stringAttribute("mode", "") + "'");
      }
      if (node.getInputCount() > 2 && !node.getInput(2).isEmpty() && constant(2).value(0) != 0) {
        throw fail("only zero padding is supported, found " + constant(2).value(0));
      }
      ConstantTensor pads = constant(1);
      int rank = x.shape().length;
      // pads cover the batch axis too: [x1_begin, x2_begin, ..., x1_end, x2_end, ...]
      if (pads.size() != 2 * (rank + 1) || pads.value(0) != 0 || pads.value(rank + 1) != 0) {
        throw fail(
            "pads "
                + Arrays.toString(pads.values())
                + " do not fit an input of rank "
                + (rank + 1)
                + " without padding the batch axis");
      }
      int[] begin = new int[rank];
      int[] shape = new int[rank];
      boolean any = false;
      for (int d = 0; d < rank; d++) {
        begin[d] = (int) pads.value(d + 1);
        int end = (int) pads.value(d + rank + 2);
        if (begin[d] < 0 || end < 0) {
          throw fail("negative pads (cropping) are not supported");
        }
        shape[d] = x.shape()[d] + begin[d] + end;
        any |= begin[d] != 0 || end != 0;
      }
      if (!any) {
        return x;
      }
      int inputs = x.size();
      int outputs = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      double[] weights = new double[outputs * inputs];
      int[] index = new int[rank];
      for (int flat = 0; flat < inputs; flat++) {
        int rest = flat;
        for (int d = rank - 1; d >= 0; d--) {
          index[d] = rest % x.shape()[d];
          rest /= x.shape()[d];
        }
        int row = 0;
        for (int d = 0; d < rank; d++) {
          row = row * shape[d] + index[d] + begin[d];
        }
        weights[row * inputs + flat] = 1;
      }
      return x.then(
          new NetLayer.Dense(inputs, outputs, weights, new double[outputs], where), shape);
    }

    private Tensor batchNorm() {
      Dynamic x = dynamic(0);
      ConstantTensor scale = constant(1);
      ConstantTensor shift = constant(2);
      ConstantTensor mean = constant(3);
      ConstantTensor variance = constant(4);
      double epsilon = floatAttribute("epsilon", 1e-5);
      int channels = x.shape()[0];
      int per = x.size() / channels;
      double[] s = new double[x.size()];
      double[] t = new double[x.size()];
      for (int i = 0; i < s.length; i++) {
        int ch = i / per;
        s[i] = scale.value(ch) / Math.sqrt(variance.value(ch) + epsilon);
        t[i] = shift.value(ch) - mean.value(ch) * s[i];
      }
      return x.then(NetLayer.Dense.diagonal(s, t, where), x.shape());
    }

    private Tensor activation(NetActivation f) {
      Dynamic x = dynamic(0);
      return x.then(new NetLayer.Elementwise(f, x.size(), where), x.shape());
    }

    private Tensor flatten() {
      Dynamic x = dynamic(0);
      if (intAttribute("axis", 1) != 1) {
        throw fail("only axis = 1 (keep the batch axis) is supported");
      }
      return x.reshaped(new int[] {x.size()});
    }

    private Tensor reshape() {
      Dynamic x = dynamic(0);
      ConstantTensor shape = constant(1);
      int[] dims = new int[Math.max(0, shape.size() - 1)];
      int known = 1;
      int free = -1;
      for (int i = 1; i < shape.size(); i++) {
        long d = (long) shape.value(i);
        if (d == -1) {
          free = i - 1;
        } else {
          dims[i - 1] = (int) (d == 0 ? x.shape()[i - 1] : d);
          known *= dims[i - 1];
        }
      }
      if (free >= 0) {
        dims[free] = x.size() / known;
        known *= dims[free];
      }
      if (dims.length == 0 || known != x.size()) {
        throw fail(
            "cannot reshape "
                + Arrays.toString(x.shape())
                + " to "
                + Arrays.toString(shape.values())
                + " keeping the batch axis");
      }
      return x.reshaped(dims);
    }

    private Tensor quantizeDequantize() {
      Tensor in = values.get(node.getInput(0));
      if (in instanceof Dynamic d) {
        return d;
      }
      ConstantTensor x = constant(0);
      ConstantTensor scale = constant(1);
      ConstantTensor zero =
          node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? constant(2) : null;
      if (scale.size() != 1) {
        throw fail(
            "per-axis quantization of constants is not supported (scale of "
                + scale.size()
                + " values)");
      }
      double s = scale.value(0);
      double z = zero == null ? 0 : zero.value(0);
      double[] v = new double[x.size()];
      boolean quantize = node.getOpType().equals("QuantizeLinear");
      for (int i = 0; i < v.length; i++) {
        v[i] = quantize ? Math.rint(x.value(i) / s) + z : (x.value(i) - z) * s;
      }
      return new Constant(new ConstantTensor(x.shape(), v));
    }

    private Dynamic dynamic(int i) {
      Tensor t = input(i);
      if (t instanceof Dynamic d) {
        if (d.scoresOnly()) {
          throw fail(
              "reads the output of a Softmax or ArgMax: only the graph output may follow them");
        }
        return d;
      }
      throw fail("input " + i + " must be computed from the model input, found a constant");
    }

    private ConstantTensor constant(int i) {
      Tensor t = input(i);
      if (t instanceof Constant c) {
        return c.tensor();
      }
      throw fail("input " + i + " ('" + node.getInput(i) + "') must be a constant");
    }

    private Tensor input(int i) {
      if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
        throw fail("input " + i + " is missing");
      }
      Tensor t = values.get(node.getInput(i));
      if (t == null) {
        throw fail("input '" + node.getInput(i) + "' is not defined before");
      }
      return t;
    }

    private OnnxMl.AttributeProto requireAttribute(String name) {
      OnnxMl.AttributeProto a = attributes.get(name);
      if (a == null) {
        throw fail("attribute '" + name + "' is required");
      }
      return a;
    }

    private long intAttribute(String name, long fallback) {
      OnnxMl.AttributeProto a = attributes.get(name);
      return a == null ? fallback : a.getI();
    }

    private double floatAttribute(String name, double fallback) {
      OnnxMl.AttributeProto a = attributes.get(name);
      return a == null ? fallback : a.getF();
    }

    private String stringAttribute(String name, String fallback) {
      OnnxMl.AttributeProto a = attributes.get(name);
      return a == null ? fallback : a.getS().toStringUtf8();
    }

    private long[] intsAttribute(String name, long... fallback) {
      OnnxMl.AttributeProto a = attributes.get(name);
      if (a == null) {
        if (fallback.length == 0) {
          throw fail("attribute '" + name + "' is required");
        }
        return fallback;
      }
      long[] v = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
      if (fallback.length > 0 && v.length != fallback.length) {
        throw fail(
            "attribute '" + name + "' must have " + fallback.length + " values, found " + v.length);
      }
      return v;
    }

    private OnnxImportException fail(String problem) {
      return new OnnxImportException("node " + where + ": " + problem);
    }
  }
}
