package io.fhestreams.ml.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * QuantizeLinear, Clip and DequantizeLinear as quantization-aware exports write them (torch's
 * fake-quant export, Brevitas' QCDQ: QuantizeLinear → Clip → DequantizeLinear), following the ONNX
 * operator definitions (opset 13: y = saturate(round(x / y_scale) + y_zero_point), round half to
 * even; x = (q − zero_point) · scale; per-axis scales along {@code axis}).
 *
 * <p>On a computed value the three become one {@link Layer.Quantize} whose scales and zero points
 * the neural-net family keeps as they are. On constants (weights, biases) they are evaluated; a
 * DequantizeLinear's output remembers its {@link Value.Grid grid} so that the dense layer reading
 * it knows the integer weights. Every scale, zero point, clip bound and element type is checked,
 * and refused with the node's name when it is not usable.
 */
final class QuantizeOps {
  /** ONNX TensorProto.DataType codes used here. */
  static final int FLOAT = 1;

  static final int UINT8 = 2;
  static final int INT8 = 3;
  static final int INT32 = 6;

  private QuantizeOps() {}

  static List<Value> quantize(NodeContext n) {
    n.requireInt("block_size", 0, 0);
    int type = quantizedType(n);
    if (n.has("output_dtype") && n.intAttribute("output_dtype", 0) != type) {
      throw n.fail(
          "attribute 'output_dtype' "
              + n.intAttribute("output_dtype", 0)
              + " does not match the zero point's type "
              + typeName(type));
    }
    long lo = minOf(type);
    long hi = maxOf(type);
    Value x = n.input(0);
    if (x instanceof Value.Dynamic d) {
      if (quantizedIntegers(d) != null) {
        throw n.fail("input 0 holds a QuantizeLinear's integers; de-quantize them first");
      }
      Axis axis = axis(n, d.shape());
      double[] scale = axis.perElement(n, scales(n), d.shape());
      long[] zero = axis.perElement(n, zeroPoints(n, lo, hi), d.shape());
      return List.of(d.then(new Layer.Quantize(scale, zero, lo, hi, false, n.source()), d.shape()));
    }
    ConstantTensor c = n.constantInput(0);
    ConstantAxis axis = constantAxis(n, c);
    double[] scale = scales(n);
    long[] zero = zeroPoints(n, lo, hi);
    axis.requireLength(n, scale.length);
    double[] q = new double[c.size()];
    for (int i = 0; i < q.length; i++) {
      int k = axis.index(i);
      double v = Math.rint(c.value(i) / scale[scale.length == 1 ? 0 : k]);
      if (Double.isNaN(v)) {
        throw n.fail("element " + i + " of the constant to quantize is NaN");
      }
      q[i] = Math.max(lo, Math.min(hi, v + zero[zero.length == 1 ? 0 : k]));
    }
    return List.of(new Value.Constant(new ConstantTensor(c.shape(), q), type, null));
  }

  /** Clip with constant bounds on a QuantizeLinear's integers (QCDQ), or on a constant. */
  static List<Value> clip(NodeContext n) {
    Value x = n.input(0);
    double lo = n.hasInput(1) ? scalar(n, 1, "min") : Double.NEGATIVE_INFINITY;
    double hi = n.hasInput(2) ? scalar(n, 2, "max") : Double.POSITIVE_INFINITY;
    if (!(lo <= hi)) {
      throw n.fail("min " + lo + " is not <= max " + hi);
    }
    if (x instanceof Value.Constant c) {
      double[] v = c.tensor().values();
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.max(lo, Math.min(hi, v[i]));
      }
      return List.of(
          new Value.Constant(new ConstantTensor(c.tensor().shape(), v), c.elementType(), null));
    }
    Value.Dynamic d = n.dynamicInput(0);
    Layer.Quantize q = quantizedIntegers(d);
    if (q == null) {
      throw n.fail(
          "Clip is supported only on a QuantizeLinear's integers (QuantizeLinear → Clip →"
              + " DequantizeLinear); use Relu for max(x, 0)");
    }
    if (lo != Math.rint(lo) || hi != Math.rint(hi)) {
      throw n.fail("bounds of integers must be integers, found [" + lo + ", " + hi + "]");
    }
    if (lo > q.max() || hi < q.min()) {
      throw n.fail(
          "bounds ["
              + (long) lo
              + ", "
              + (long) hi
              + "] leave nothing of the integer range ["
              + q.min()
              + ", "
              + q.max()
              + "]");
    }
    Layer.Quantize clipped =
        q.clipped((long) Math.max(lo, q.min()), (long) Math.min(hi, q.max()), n.source());
    for (long z : clipped.zeroPoint()) {
      if (z < clipped.min() || z > clipped.max()) {
        throw n.fail(
            "zero point "
                + z
                + " lies outside the clipped range ["
                + clipped.min()
                + ", "
                + clipped.max()
                + "]");
      }
    }
    return List.of(replaceLast(d, clipped));
  }

  static List<Value> dequantize(NodeContext n) {
    n.requireInt("block_size", 0, 0);
    Value x = n.input(0);
    if (x instanceof Value.Dynamic d) {
      Layer.Quantize q = quantizedIntegers(d);
      if (q == null) {
        throw n.fail(
            "input 0 must be a QuantizeLinear's integers (QuantizeLinear [→ Clip] →"
                + " DequantizeLinear); integer model inputs are not supported");
      }
      int type = quantizedType(n);
      Axis axis = axis(n, d.shape());
      double[] scale = axis.perElement(n, scales(n), d.shape());
      long[] zero = axis.perElement(n, zeroPoints(n, minOf(type), maxOf(type)), d.shape());
      if (!Arrays.equals(scale, q.scale()) || !Arrays.equals(zero, q.zeroPoint())) {
        throw n.fail(
            "its scales and zero points differ from those of "
                + q.source()
                + ": a QuantizeLinear / DequantizeLinear pair must share them");
      }
      return List.of(replaceLast(d, q.dequantizedBy(n.source())));
    }
    Value.Constant c = n.constantValue(0);
    int type = c.elementType();
    if (type != UINT8 && type != INT8 && type != INT32) {
      throw n.fail(
          "input 0 must hold uint8, int8 or int32 integers, found element type " + typeName(type));
    }
    if (n.hasInput(2) && n.constantValue(2).elementType() != type) {
      throw n.fail(
          "the zero point's type "
              + typeName(n.constantValue(2).elementType())
              + " differs from the input's "
              + typeName(type));
    }
    ConstantTensor t = c.tensor();
    ConstantAxis axis = constantAxis(n, t);
    double[] scale = scales(n);
    long[] zero = zeroPoints(n, minOf(type), maxOf(type));
    axis.requireLength(n, scale.length);
    double[] v = new double[t.size()];
    for (int i = 0; i < v.length; i++) {
      int k = axis.index(i);
      double q = t.value(i);
      if (q != Math.rint(q) || q < minOf(type) || q > maxOf(type)) {
        throw n.fail("element " + i + " (" + q + ") is not a " + typeName(type) + " integer");
      }
      v[i] = (q - zero[zero.length == 1 ? 0 : k]) * scale[scale.length == 1 ? 0 : k];
    }
    Value.Grid grid =
        scale.length == 1 ? new Value.Grid(-1, scale) : new Value.Grid(axis.axis(), scale);
    return List.of(new Value.Constant(new ConstantTensor(t.shape(), v), FLOAT, grid));
  }

  /** The Quantize layer ending {@code d} when it still holds integers, else null. */
  private static Layer.Quantize quantizedIntegers(Value.Dynamic d) {
    List<Layer> layers = d.layers();
    return !layers.isEmpty()
            && layers.get(layers.size() - 1) instanceof Layer.Quantize q
            && !q.dequantized()
        ? q
        : null;
  }

  private static Value.Dynamic replaceLast(Value.Dynamic d, Layer layer) {
    List<Layer> layers = new ArrayList<>(d.layers());
    layers.set(layers.size() - 1, layer);
    return new Value.Dynamic(layers, d.shape(), false);
  }

  /** Input 1: finite scales &gt; 0. */
  private static double[] scales(NodeContext n) {
    ConstantTensor s = n.constantInput(1);
    if (s.rank() > 1 || s.size() == 0) {
      throw n.fail(
          "the scale must be a scalar or a 1-D tensor, found shape " + Arrays.toString(s.shape()));
    }
    double[] v = s.values();
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] > 0) || Double.isInfinite(v[i])) {
        throw n.fail("scale " + v[i] + " at index " + i + " must be finite and > 0");
      }
    }
    return v;
  }

  /** Input 2 (0 when absent): integers in [lo, hi], as many as input 1's scales. */
  private static long[] zeroPoints(NodeContext n, long lo, long hi) {
    int count = n.constantInput(1).size();
    if (!n.hasInput(2)) {
      return new long[count];
    }
    ConstantTensor z = n.constantInput(2);
    if (z.size() != count) {
      throw n.fail(count + " scales but " + z.size() + " zero points");
    }
    long[] v = new long[count];
    for (int i = 0; i < count; i++) {
      double d = z.value(i);
      if (d != Math.rint(d) || d < lo || d > hi) {
        throw n.fail("zero point " + d + " at index " + i + " is outside [" + lo + ", " + hi + "]");
      }
      v[i] = (long) d;
    }
    return v;
  }

  /**
   * The integer type of the node's zero point (uint8 without one); QuantizeLinear produces only
   * uint8 and int8 here: wider types would need lookups wider than any bootstrapping set reads.
   */
  private static int quantizedType(NodeContext n) {
    int type = n.hasInput(2) ? n.constantValue(2).elementType() : UINT8;
    if (type == UINT8 || type == INT8 || (type == INT32 && n.opType().equals("DequantizeLinear"))) {
      return type;
    }
    throw n.fail(
        "zero point of element type "
            + typeName(type)
            + " is not supported; supported: uint8, int8 (8 bits at most; narrower widths by a Clip)");
  }

  static String typeName(int type) {
    return switch (type) {
      case 0 -> "unknown (computed)";
      case FLOAT -> "float";
      case UINT8 -> "uint8";
      case INT8 -> "int8";
      case 4 -> "uint16";
      case 5 -> "int16";
      case INT32 -> "int32";
      case 7 -> "int64";
      case 21 -> "uint4";
      case 22 -> "int4";
      default -> "type " + type;
    };
  }

  private static long minOf(int type) {
    return switch (type) {
      case INT8 -> -128;
      case INT32 -> Integer.MIN_VALUE;
      default -> 0;
    };
  }

  private static long maxOf(int type) {
    return switch (type) {
      case INT8 -> 127;
      case INT32 -> Integer.MAX_VALUE;
      default -> 255;
    };
  }

  private static double scalar(NodeContext n, int input, String what) {
    ConstantTensor t = n.constantInput(input);
    if (t.size() != 1) {
      throw n.fail(what + " must be a scalar, found shape " + Arrays.toString(t.shape()));
    }
    double v = t.value(0);
    if (Double.isNaN(v)) {
      throw n.fail(what + " is NaN");
    }
    return v;
  }

  /**
   * The quantization axis of a computed value, per sample: ONNX's axis counts the batch axis, so
   * axis a is the per-sample axis a − 1 (default 1, the features or channels).
   */
  private record Axis(int perSample) {
    /** For each element of a value of {@code shape}, the index of its scale among {@code count}. */
    int[] scaleIndex(NodeContext n, int count, int[] shape) {
      int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      int[] index = new int[size];
      if (count == 1) {
        return index;
      }
      if (perSample < 0 || shape[perSample] != count) {
        throw n.fail(
            count
                + " scales do not match axis "
                + (perSample + 1)
                + " of the input, of per-sample shape "
                + Arrays.toString(shape));
      }
      int inner = 1;
      for (int d = perSample + 1; d < shape.length; d++) {
        inner *= shape[d];
      }
      for (int i = 0; i < size; i++) {
        index[i] = (i / inner) % count;
      }
      return index;
    }

    double[] perElement(NodeContext n, double[] values, int[] shape) {
      int[] index = scaleIndex(n, values.length, shape);
      double[] out = new double[index.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = values[index[i]];
      }
      return out;
    }

    long[] perElement(NodeContext n, long[] values, int[] shape) {
      int[] index = scaleIndex(n, values.length, shape);
      long[] out = new long[index.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = values[index[i]];
      }
      return out;
    }
  }

  private static Axis axis(NodeContext n, int[] shape) {
    long a = n.intAttribute("axis", 1);
    int rank = shape.length + 1;
    if (a < -rank || a >= rank) {
      throw n.fail("axis " + a + " is outside [" + -rank + ", " + (rank - 1) + "]");
    }
    return new Axis((int) (a < 0 ? a + rank : a) - 1);
  }

  /** The quantization axis of a constant and the index along it of each flat element. */
  private record ConstantAxis(int axis, long[] shape) {
    int index(int flat) {
      if (axis < 0) {
        return 0;
      }
      long inner = 1;
      for (int d = axis + 1; d < shape.length; d++) {
        inner *= shape[d];
      }
      return (int) ((flat / inner) % shape[axis]);
    }

    void requireLength(NodeContext n, int count) {
      if (count != 1 && (axis < 0 || shape[axis] != count)) {
        throw n.fail(
            count
                + " scales do not match axis "
                + axis
                + " of the constant, of shape "
                + Arrays.toString(shape));
      }
    }
  }

  private static ConstantAxis constantAxis(NodeContext n, ConstantTensor c) {
    if (n.constantInput(1).size() == 1) {
      return new ConstantAxis(-1, c.shape());
    }
    long a = n.intAttribute("axis", 1);
    int rank = c.rank();
    if (a < -rank || a >= rank) {
      throw n.fail(
          "axis "
              + a
              + " is outside ["
              + -rank
              + ", "
              + (rank - 1)
              + "] for a constant of rank "
              + rank);
    }
    return new ConstantAxis((int) (a < 0 ? a + rank : a), c.shape());
  }
}
