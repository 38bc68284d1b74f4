package io.fhestreams.ml.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one reader of ONNX files (protobuf classes of {@code org.tribuo:tribuo-util-onnx}), for every
 * model family: one graph input of shape [batch, ...] with fixed per-sample dimensions, every node
 * converted through {@link OnnxOps}'s table, into an {@link ImportedModel} that the families lower
 * ({@link ImportedModel#toLinearForm}, {@link ImportedModel#toTreeEnsemble}, {@code
 * NeuralNet.fromImported}). An unsupported operator or attribute is refused naming the node and its
 * operator.
 */
public final class OnnxImporter {
  /** The most values per sample an input may have (a bound before any allocation). */
  static final int MAX_FEATURES = 1 << 16;

  private OnnxImporter() {}

  /** Imports the model in {@code path}. */
  public static ImportedModel importModel(Path path) throws IOException {
    return importModel(Files.readAllBytes(path), path.getFileName().toString());
  }

  /** Imports a serialized ModelProto; {@code origin} names it in errors. */
  public static ImportedModel importModel(byte[] bytes, String origin) {
    OnnxMl.ModelProto model;
    try {
      model = OnnxMl.ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxImportException(origin + " is not an ONNX model: " + e.getMessage(), e);
    }
    OnnxMl.GraphProto graph = model.getGraph();
    Map<String, Value> values = new HashMap<>();
    for (OnnxMl.TensorProto t : graph.getInitializerList()) {
      values.put(
          t.getName(),
          new Value.Constant(
              NodeContext.decode(t, "initializer '" + t.getName() + "'"), t.getDataType(), null));
    }
    List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
    for (OnnxMl.ValueInfoProto in : graph.getInputList()) {
      if (!values.containsKey(in.getName())) {
        inputs.add(in);
      }
    }
    if (inputs.size() != 1) {
      throw new OnnxImportException(
          origin + ": expected exactly one graph input, found " + inputs.size());
    }
    OnnxMl.ValueInfoProto input = inputs.get(0);
    int[] shape = inputShape(input, origin);
    values.put(input.getName(), new Value.Dynamic(List.of(), shape, false));

    for (OnnxMl.NodeProto proto : graph.getNodeList()) {
      NodeContext node = new NodeContext(proto, values);
      OpConverter converter =
          OnnxOps.find(proto.getDomain(), proto.getOpType())
              .orElseThrow(
                  () ->
                      new OnnxImportException(
                          "node "
                              + node.source()
                              + ": unsupported operator '"
                              + (proto.getDomain().isEmpty() ? "" : proto.getDomain() + ".")
                              + proto.getOpType()
                              + "'; supported: "
                              + new TreeSet<>(OnnxOps.supported())));
      for (OnnxMl.AttributeProto a : node.attributes()) {
        if (!converter.attributes().contains(a.getName())) {
          throw node.fail("unsupported attribute '" + a.getName() + "'");
        }
      }
      List<Value> outs = converter.convert(node);
      for (int i = 0; i < outs.size() && i < proto.getOutputCount(); i++) {
        values.put(proto.getOutput(i), outs.get(i));
      }
    }
    int features = new Value.Dynamic(List.of(), shape, false).size();
    return assemble(graph, values, input.getName(), features, origin);
  }

  /** Picks the main output (scores or values) and the class labels from the graph outputs. */
  private static ImportedModel assemble(
      OnnxMl.GraphProto graph,
      Map<String, Value> values,
      String inputName,
      int features,
      String origin) {
    Value.Dynamic main = null;
    long[] labels = new long[0];
    for (OnnxMl.ValueInfoProto out : graph.getOutputList()) {
      Value v = values.get(out.getName());
      if (!(v instanceof Value.Dynamic d)) {
        throw new OnnxImportException(
            origin + ": graph output '" + out.getName() + "' is not computed from the input");
      }
      if (d.isLabel()) {
        labels = ((Layer.ArgMax) d.layers().get(d.layers().size() - 1)).classLabels();
        if (main == null) {
          main = new Value.Dynamic(d.layers().subList(0, d.layers().size() - 1), new int[0], false);
        }
      } else {
        main = d;
      }
    }
    if (main == null) {
      throw new OnnxImportException(origin + ": the graph has no output");
    }
    List<Layer> layers = main.layers();
    if (labels.length == 0
        && !layers.isEmpty()
        && layers.get(layers.size() - 1) instanceof Layer.Elementwise e
        && (e.activation() == io.fhestreams.ml.quantization.Activation.SOFTMAX
            || e.activation() == io.fhestreams.ml.quantization.Activation.SIGMOID)) {
      labels = ImportedModel.defaultLabels(e.outputSize());
    }
    String name = graph.getName().isEmpty() ? origin : graph.getName();
    return new ImportedModel(name, inputName, features, layers, labels);
  }

  /** The per-sample shape: every dimension after the batch axis, each fixed. */
  private static int[] inputShape(OnnxMl.ValueInfoProto input, String origin) {
    OnnxMl.TensorShapeProto shape = input.getType().getTensorType().getShape();
    if (shape.getDimCount() < 2) {
      throw new OnnxImportException(
          origin
              + ": input '"
              + input.getName()
              + "' must have a batch axis and features, found "
              + shape.getDimCount()
              + " dimension(s)");
    }
    int[] dims = new int[shape.getDimCount() - 1];
    for (int i = 1; i < shape.getDimCount(); i++) {
      OnnxMl.TensorShapeProto.Dimension d = shape.getDim(i);
      if (!d.hasDimValue() || d.getDimValue() <= 0 || d.getDimValue() > MAX_FEATURES) {
        throw new OnnxImportException(
            origin
                + ": input '"
                + input.getName()
                + "' dimension "
                + i
                + " must be fixed and in [1, "
                + MAX_FEATURES
                + "], found "
                + (d.hasDimValue()
                    ? String.valueOf(d.getDimValue())
                    : "'" + d.getDimParam() + "'"));
      }
      dims[i - 1] = (int) d.getDimValue();
    }
    long size = 1;
    for (int d : dims) {
      size *= d;
    }
    if (size > MAX_FEATURES) {
      throw new OnnxImportException(
          origin
              + ": input '"
              + input.getName()
              + "' has "
              + size
              + " values per sample, more than "
              + MAX_FEATURES);
    }
    return dims;
  }
}
