package io.fhestreams.ml.onnx;

import ai.onnx.proto.OnnxMl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * One ONNX node under conversion: its inputs resolved to {@link Value}s and typed access to its
 * attributes. Every failure names the node and its operator.
 */
public final class NodeContext {
  private final OnnxMl.NodeProto node;
  private final Map<String, Value> values;

  NodeContext(OnnxMl.NodeProto node, Map<String, Value> values) {
    this.node = node;
    this.values = values;
  }

  /** The node as {@code 'name' (OpType)} for messages. */
  public String source() {
    return "'"
        + (node.getName().isEmpty() ? node.getOutput(0) : node.getName())
        + "' ("
        + node.getOpType()
        + ")";
  }

  /** Number of inputs given to the node (empty optional inputs included). */
  public int inputCount() {
    return node.getInputCount();
  }

  /** Whether input i is given (ONNX marks a skipped optional input by an empty name). */
  public boolean hasInput(int i) {
    return i < node.getInputCount() && !node.getInput(i).isEmpty();
  }

  /** The value of input i. */
  public Value input(int i) {
    if (!hasInput(i)) {
      throw fail("input " + i + " is missing");
    }
    Value v = values.get(node.getInput(i));
    if (v == null) {
      throw fail(
          "input '"
              + node.getInput(i)
              + "' is neither a graph input, an initializer nor an earlier node's output");
    }
    return v;
  }

  /** Input i, which must be computed from the model input. */
  public Value.Dynamic dynamicInput(int i) {
    if (input(i) instanceof Value.Dynamic d) {
      if (d.isLabel()) {
        throw fail("input " + i + " is a class label; only scores can be computed on");
      }
      return d;
    }
    throw fail("input " + i + " must depend on the model input, found a constant");
  }

  /** Input i with its ONNX element type and grid; it must be a constant. */
  public Value.Constant constantValue(int i) {
    constantInput(i);
    return (Value.Constant) input(i);
  }

  /** Input i, which must be a constant. */
  public ConstantTensor constantInput(int i) {
    if (input(i) instanceof Value.Constant c) {
      return c.tensor();
    }
    throw fail(
        "input "
            + i
            + " ('"
            + node.getInput(i)
            + "') must be a constant, found a value computed from the model input");
  }

  /** Whether the attribute is set. */
  public boolean has(String name) {
    return attribute(name) != null;
  }

  /** An integer attribute, or {@code fallback} when absent. */
  public long intAttribute(String name, long fallback) {
    OnnxMl.AttributeProto a = attribute(name);
    return a == null ? fallback : a.getI();
  }

  /** A float attribute, or {@code fallback} when absent. */
  public double floatAttribute(String name, double fallback) {
    OnnxMl.AttributeProto a = attribute(name);
    return a == null ? fallback : a.getF();
  }

  /** A string attribute, or {@code fallback} when absent. */
  public String stringAttribute(String name, String fallback) {
    OnnxMl.AttributeProto a = attribute(name);
    return a == null ? fallback : a.getS().toStringUtf8();
  }

  /** A float-list attribute; required. */
  public double[] floatsAttribute(String name) {
    OnnxMl.AttributeProto a = required(name);
    return a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
  }

  /** An int-list attribute, or an empty array when absent. */
  public long[] intsAttribute(String name) {
    OnnxMl.AttributeProto a = attribute(name);
    return a == null ? new long[0] : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** A string-list attribute; required. */
  public List<String> requiredStrings(String name) {
    return required(name).getStringsList().stream()
        .map(com.google.protobuf.ByteString::toStringUtf8)
        .toList();
  }

  /** An int-list attribute; required. */
  public long[] requiredInts(String name) {
    return required(name).getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * An int-list attribute of exactly {@code fallback.length} values, or {@code fallback} when
   * absent.
   */
  public long[] intsAttributeOr(String name, long... fallback) {
    OnnxMl.AttributeProto a = attribute(name);
    if (a == null) {
      return fallback;
    }
    long[] v = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    if (v.length != fallback.length) {
      throw fail(
          "attribute '" + name + "' must have " + fallback.length + " values, found " + v.length);
    }
    return v;
  }

  /** Whether output i is used (ONNX marks a skipped optional output by an empty name). */
  public boolean hasOutput(int i) {
    return i < node.getOutputCount() && !node.getOutput(i).isEmpty();
  }

  /** The operator's name. */
  public String opType() {
    return node.getOpType();
  }

  /** A tensor attribute; required. */
  public ConstantTensor tensorAttribute(String name) {
    return decode(required(name).getT(), source());
  }

  /** The ONNX element type of a tensor attribute; required. */
  public int tensorAttributeType(String name) {
    return required(name).getT().getDataType();
  }

  /** Requires an integer attribute to have one of the accepted values. */
  public long requireInt(String name, long fallback, long... accepted) {
    long v = intAttribute(name, fallback);
    for (long a : accepted) {
      if (a == v) {
        return v;
      }
    }
    throw fail(
        "unsupported value "
            + v
            + " of attribute '"
            + name
            + "'; supported: "
            + java.util.Arrays.toString(accepted));
  }

  /** An import error naming this node. */
  public OnnxImportException fail(String problem) {
    return new OnnxImportException("node " + source() + ": " + problem);
  }

  List<OnnxMl.AttributeProto> attributes() {
    return node.getAttributeList();
  }

  private OnnxMl.AttributeProto attribute(String name) {
    for (OnnxMl.AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  private OnnxMl.AttributeProto required(String name) {
    OnnxMl.AttributeProto a = attribute(name);
    if (a == null) {
      throw fail("attribute '" + name + "' is required");
    }
    return a;
  }

  /** Decodes a FLOAT, DOUBLE, INT32 or INT64 tensor (typed fields or little-endian raw data). */
  public static ConstantTensor decode(OnnxMl.TensorProto t, String where) {
    long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n > (1 << 26)) {
      throw new OnnxImportException(
          "tensor '" + t.getName() + "' of " + where + " has " + n + " elements, too many");
    }
    double[] v = new double[(int) n];
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    boolean hasRaw = !t.getRawData().isEmpty();
    switch (t.getDataType()) {
      case 1 ->
          fill(
              v,
              hasRaw,
              raw,
              4,
              i -> raw.getFloat(i * 4),
              i -> t.getFloatData(i),
              t.getFloatDataCount(),
              t,
              where);
      case 11 ->
          fill(
              v,
              hasRaw,
              raw,
              8,
              i -> raw.getDouble(i * 8),
              i -> t.getDoubleData(i),
              t.getDoubleDataCount(),
              t,
              where);
      case 6 ->
          fill(
              v,
              hasRaw,
              raw,
              4,
              i -> raw.getInt(i * 4),
              i -> t.getInt32Data(i),
              t.getInt32DataCount(),
              t,
              where);
      case 7 ->
          fill(
              v,
              hasRaw,
              raw,
              8,
              i -> raw.getLong(i * 8),
              i -> t.getInt64Data(i),
              t.getInt64DataCount(),
              t,
              where);
      // 8-bit integers (QuantizeLinear / DequantizeLinear zero points and weights) travel in
      // int32_data
      case 2 ->
          fill(
              v,
              hasRaw,
              raw,
              1,
              i -> raw.get(i) & 0xFF,
              i -> t.getInt32Data(i),
              t.getInt32DataCount(),
              t,
              where);
      case 3 ->
          fill(
              v,
              hasRaw,
              raw,
              1,
              i -> raw.get(i),
              i -> t.getInt32Data(i),
              t.getInt32DataCount(),
              t,
              where);
      default ->
          throw new OnnxImportException(
              "tensor '"
                  + t.getName()
                  + "' of "
                  + where
                  + " has data type "
                  + t.getDataType()
                  + "; supported: FLOAT (1), UINT8 (2), INT8 (3), INT32 (6), INT64 (7), DOUBLE (11)");
    }
    return new ConstantTensor(shape, v);
  }

  private static void fill(
      double[] v,
      boolean hasRaw,
      ByteBuffer raw,
      int width,
      java.util.function.IntToDoubleFunction fromRaw,
      java.util.function.IntToDoubleFunction fromField,
      int fieldCount,
      OnnxMl.TensorProto t,
      String where) {
    int found = hasRaw ? raw.remaining() / width : fieldCount;
    if (found != v.length || (hasRaw && raw.remaining() % width != 0)) {
      throw new OnnxImportException(
          "tensor '"
              + t.getName()
              + "' of "
              + where
              + ": expected "
              + v.length
              + " elements, found "
              + found);
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = hasRaw ? fromRaw.applyAsDouble(i) : fromField.applyAsDouble(i);
    }
  }
}
