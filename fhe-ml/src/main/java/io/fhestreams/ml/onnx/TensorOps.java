package io.fhestreams.ml.onnx;

import io.fhestreams.ml.quantization.AffineMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The converters of {@link OnnxOps}'s table for operators on image-shaped tensors, as {@code
 * torch.onnx.export} writes them for small CNNs: Conv (2-D, group 1, any stride, padding and
 * dilation: lowered to a clear-weight matrix over the input patches), AveragePool (a clear weighted
 * sum), MaxPool (2-D, any kernel, stride and padding, no dilation or ceil mode: the windows are
 * kept, a neural net evaluates each as a pairwise tree of encrypted maxima), Pad (constant zero),
 * BatchNormalization (a per-channel affine map), Reshape, and the QuantizeLinear / DequantizeLinear
 * pairs of quantization-aware training (on constants they are evaluated, on values computed from
 * the input a pair is the identity because the post-training quantizer re-quantizes there). Tensors
 * are flattened row-major, NCHW without the batch axis.
 */
final class TensorOps {
  private TensorOps() {}

  static List<Value> conv(NodeContext n) {
    Value.Dynamic x = n.dynamicInput(0);
    ConstantTensor w = n.constantInput(1);
    if (n.intAttribute("group", 1) != 1) {
      throw n.fail("only group = 1 is supported, found " + n.intAttribute("group", 1));
    }
    int[] shape = x.shape();
    if (shape.length != 3 || w.rank() != 4) {
      throw n.fail(
          "expected a [C, H, W] input and a 4-D kernel, found "
              + Arrays.toString(shape)
              + " and "
              + Arrays.toString(w.shape()));
    }
    int c = shape[0];
    int h = shape[1];
    int wd = shape[2];
    long[] ws = w.shape();
    int m = (int) ws[0];
    int kh = (int) ws[2];
    int kw = (int) ws[3];
    if (ws[1] != c) {
      throw n.fail("kernel reads " + ws[1] + " channels, input has " + c);
    }
    if (!n.stringAttribute("auto_pad", "NOTSET").equals("NOTSET")) {
      throw n.fail("auto_pad is not supported; export explicit pads");
    }
    long[] strides = n.intsAttributeOr("strides", 1, 1);
    long[] dilations = n.intsAttributeOr("dilations", 1, 1);
    long[] pads = n.intsAttributeOr("pads", 0, 0, 0, 0);
    int oh = (int) ((h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) / strides[0] + 1);
    int ow = (int) ((wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) / strides[1] + 1);
    ConstantTensor b = n.hasInput(2) ? n.constantInput(2) : null;
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
    return List.of(
        x.then(
            new Layer.Affine(new AffineMap(inputs, outputs, weights, bias), n.source()),
            new int[] {m, oh, ow}));
  }

  static List<Value> averagePool(NodeContext n) {
    Value.Dynamic x = n.dynamicInput(0);
    requireImage(n, x);
    if (n.intAttribute("ceil_mode", 0) != 0
        || !n.stringAttribute("auto_pad", "NOTSET").equals("NOTSET")) {
      throw n.fail("ceil_mode and auto_pad are not supported");
    }
    long[] kernel = n.requiredInts("kernel_shape");
    boolean countPads = n.intAttribute("count_include_pad", 0) != 0;
    int[] outShape = new int[3];
    int[][] windows = poolWindows(n, x.shape(), kernel, outShape);
    int inputs = x.size();
    double[] weights = new double[windows.length * inputs];
    for (int row = 0; row < windows.length; row++) {
      double share = 1.0 / (countPads ? kernel[0] * kernel[1] : windows[row].length);
      for (int cell : windows[row]) {
        weights[row * inputs + cell] = share;
      }
    }
    AffineMap map = new AffineMap(inputs, windows.length, weights, new double[windows.length]);
    return List.of(x.then(new Layer.Affine(map, n.source()), outShape));
  }

  static List<Value> maxPool(NodeContext n) {
    Value.Dynamic x = n.dynamicInput(0);
    requireImage(n, x);
    if (n.intAttribute("ceil_mode", 0) != 0) {
      throw n.fail("ceil_mode = 1 is not supported (export with ceil_mode=False)");
    }
    if (!n.stringAttribute("auto_pad", "NOTSET").equals("NOTSET")) {
      throw n.fail("auto_pad is not supported; export explicit pads");
    }
    long[] dilations = n.intsAttributeOr("dilations", 1, 1);
    if (dilations[0] != 1 || dilations[1] != 1) {
      throw n.fail("dilations " + Arrays.toString(dilations) + " are not supported, only [1, 1]");
    }
    if (n.hasOutput(1)) {
      throw n.fail("the Indices output is not supported");
    }
    int[] outShape = new int[3];
    int[][] windows = poolWindows(n, x.shape(), n.requiredInts("kernel_shape"), outShape);
    return List.of(x.then(new Layer.MaxPool(x.size(), windows, n.source()), outShape));
  }

  /**
   * The in-bounds input cells of every window of a 2-D pool over a [C, H, W] input, from the node's
   * {@code strides} and {@code pads}; fills {@code outShape} with [C, OH, OW].
   */
  private static int[][] poolWindows(NodeContext n, int[] shape, long[] kernel, int[] outShape) {
    if (kernel.length != 2) {
      throw n.fail("expected a 2-D kernel_shape, found " + Arrays.toString(kernel));
    }
    long[] strides = n.intsAttributeOr("strides", 1, 1);
    long[] pads = n.intsAttributeOr("pads", 0, 0, 0, 0);
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
            throw n.fail("window (" + ch + ", " + i + ", " + j + ") lies entirely in the padding");
          }
          windows[(ch * oh + i) * ow + j] = cells.stream().mapToInt(Integer::intValue).toArray();
        }
      }
    }
    return windows;
  }

  static List<Value> pad(NodeContext n) {
    Value.Dynamic x = n.dynamicInput(0);
    if (!n.stringAttribute("mode", "constant").equals("constant")) {
      throw n.fail(
          "only constant padding is supported, found mode '" + n.stringAttribute("mode", "") + "'");
    }
    if (n.hasInput(2) && n.constantInput(2).value(0) != 0) {
      throw n.fail("only zero padding is supported, found " + n.constantInput(2).value(0));
    }
    ConstantTensor pads = n.constantInput(1);
    int[] in = x.shape();
    int rank = in.length;
    // pads cover the batch axis too: [x1_begin, x2_begin, ..., x1_end, x2_end, ...]
    if (pads.size() != 2 * (rank + 1) || pads.value(0) != 0 || pads.value(rank + 1) != 0) {
      throw n.fail(
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
        throw n.fail("negative pads (cropping) are not supported");
      }
      shape[d] = in[d] + begin[d] + end;
      any |= begin[d] != 0 || end != 0;
    }
    if (!any) {
      return List.of(x);
    }
    int inputs = x.size();
    int outputs = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    double[] weights = new double[outputs * inputs];
    int[] index = new int[rank];
    for (int flat = 0; flat < inputs; flat++) {
      int rest = flat;
      for (int d = rank - 1; d >= 0; d--) {
        index[d] = rest % in[d];
        rest /= in[d];
      }
      int row = 0;
      for (int d = 0; d < rank; d++) {
        row = row * shape[d] + index[d] + begin[d];
      }
      weights[row * inputs + flat] = 1;
    }
    AffineMap map = new AffineMap(inputs, outputs, weights, new double[outputs]);
    return List.of(x.then(new Layer.Affine(map, n.source()), shape));
  }

  /** y = scale · (x − mean) / sqrt(var + ε) + shift per channel: a diagonal affine map. */
  static List<Value> batchNormalization(NodeContext n) {
    Value.Dynamic x = n.dynamicInput(0);
    ConstantTensor scale = n.constantInput(1);
    ConstantTensor shift = n.constantInput(2);
    ConstantTensor mean = n.constantInput(3);
    ConstantTensor variance = n.constantInput(4);
    double epsilon = n.floatAttribute("epsilon", 1e-5);
    int channels = x.shape()[0];
    int size = x.size();
    int per = size / channels;
    double[] s = new double[size];
    double[] t = new double[size];
    for (int i = 0; i < size; i++) {
      int ch = i / per;
      s[i] = scale.value(ch) / Math.sqrt(variance.value(ch) + epsilon);
      t[i] = shift.value(ch) - mean.value(ch) * s[i];
    }
    return List.of(x.then(new Layer.Affine(OnnxOps.diagonal(s, t), n.source()), x.shape()));
  }

  /** Reshape keeping the batch axis: 0 copies a dimension, one −1 takes what is left. */
  static List<Value> reshape(NodeContext n) {
    n.requireInt("allowzero", 0, 0);
    Value.Dynamic x = n.dynamicInput(0);
    ConstantTensor shape = n.constantInput(1);
    int[] in = x.shape();
    int[] dims = new int[Math.max(0, shape.size() - 1)];
    int known = 1;
    int free = -1;
    for (int i = 1; i < shape.size(); i++) {
      long d = (long) shape.value(i);
      if (d == -1) {
        free = i - 1;
      } else if (d == 0 && i - 1 >= in.length) {
        throw n.fail("dimension " + i + " is 0 (copy) but the input has no such axis");
      } else {
        dims[i - 1] = (int) (d == 0 ? in[i - 1] : d);
        known *= dims[i - 1];
      }
    }
    if (free >= 0 && known > 0) {
      dims[free] = x.size() / known;
      known *= dims[free];
    }
    if (dims.length == 0 || known != x.size()) {
      throw n.fail(
          "cannot reshape "
              + Arrays.toString(in)
              + " to "
              + Arrays.toString(shape.values())
              + " keeping the batch axis");
    }
    return List.of(x.reshaped(dims));
  }

  private static void requireImage(NodeContext n, Value.Dynamic x) {
    if (x.rank() != 3) {
      throw n.fail("expected a [C, H, W] input, found " + Arrays.toString(x.shape()));
    }
  }
}
