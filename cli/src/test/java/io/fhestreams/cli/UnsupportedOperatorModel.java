package io.fhestreams.cli;

import ai.onnx.proto.OnnxMl;

/** A 4-feature ONNX graph with an operator the importer does not support. */
final class UnsupportedOperatorModel {
  private UnsupportedOperatorModel() {}

  static byte[] bytes() {
    OnnxMl.TypeProto type =
        OnnxMl.TypeProto.newBuilder()
            .setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(1)
                    .setShape(
                        OnnxMl.TensorShapeProto.newBuilder()
                            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(4))))
            .build();
    OnnxMl.GraphProto g =
        OnnxMl.GraphProto.newBuilder()
            .setName("lp_pool")
            .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("X").setType(type))
            .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("Y"))
            .addNode(
                OnnxMl.NodeProto.newBuilder()
                    .setOpType("LpPool")
                    .setName("squash")
                    .addInput("X")
                    .addOutput("Y"))
            .build();
    return OnnxMl.ModelProto.newBuilder().setGraph(g).build().toByteArray();
  }
}
