package io.fhestreams.ml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.quantization.Prediction;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnnxImporterTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  /**
   * Our double-precision evaluation of the imported layers against sklearn's own outputs and
   * onnxruntime's fp32.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "breast_cancer, logistic",
    "breast_cancer, logistic_gemm",
    "breast_cancer, linear_svc",
    "iris, logistic",
    "iris, linear_svc",
    "wine, logistic",
    "wine, linear_svc",
    "digits, logistic",
    "digits, linear_svc",
    "diabetes, linear",
    "diabetes, ridge",
    "diabetes, lasso",
    "diabetes, elastic_net",
    "diabetes, linear_svr",
    "diabetes, poisson",
    "diabetes, gamma",
    "diabetes, tweedie"
  })
  void importedModelShouldReproduceScikitLearnAndOnnxRuntime(String dataset, String model)
      throws Exception {
    Path onnx = FIXTURES.resolve(dataset + "_" + model + ".onnx");
    double[][] test = Dataset.readCsv(FIXTURES.resolve(dataset + "_test.csv")).rows();
    String sklearnFile =
        dataset + "_" + (model.equals("logistic_gemm") ? "logistic" : model) + "_sklearn.csv";
    Dataset sklearn = Dataset.readCsv(FIXTURES.resolve(sklearnFile));
    ImportedModel.LinearForm form = OnnxImporter.importModel(onnx).toLinearForm();
    double[][] ort = OnnxRuntimeReference.scores(onnx, test);
    double maxOrtDiff = 0;
    int labelAgreement = 0;
    for (int i = 0; i < test.length; i++) {
      Prediction p = form.postProcessing().apply(form.map().apply(test[i]));
      double[] ours = p.values();
      double[] expected = sklearn.rows()[i];
      if (p.classifier()) {
        labelAgreement += p.label() == (long) expected[0] ? 1 : 0;
        // sklearn stores one decision column for a binary SVC; ours is [-s, s]
        int skip = ours.length - (expected.length - 1);
        for (int c = skip; c < ours.length; c++) {
          assertThat(ours[c])
              .as("%s sample %d column %d vs sklearn", onnx.getFileName(), i, c)
              .isCloseTo(
                  expected[c + 1 - skip],
                  org.assertj.core.data.Offset.offset(
                      1e-4 * Math.max(1, Math.abs(expected[c + 1 - skip]))));
        }
      } else {
        labelAgreement++;
        assertThat(ours[0])
            .as("%s sample %d vs sklearn", onnx.getFileName(), i)
            .isCloseTo(
                expected[0],
                org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(expected[0]))));
      }
      double[] reference =
          ort[i].length == ours.length ? ort[i] : new double[] {ort[i][ort[i].length - 1]};
      for (int c = 0; c < reference.length; c++) {
        double theirs = ort[i].length == ours.length ? reference[c] : reference[0];
        double mine = ort[i].length == ours.length ? ours[c] : ours[ours.length - 1];
        maxOrtDiff = Math.max(maxOrtDiff, Math.abs(mine - theirs) / Math.max(1, Math.abs(theirs)));
      }
    }
    assertThat(labelAgreement).as("labels equal to sklearn's").isEqualTo(test.length);
    System.out.printf(
        "%s: max relative |ours(double) - onnxruntime(fp32)| = %.3g%n",
        onnx.getFileName(), maxOrtDiff);
    assertThat(maxOrtDiff).as("%s vs onnxruntime fp32", onnx.getFileName()).isLessThan(1e-4);
  }

  private static OnnxMl.ModelProto.Builder graph(OnnxMl.NodeProto... nodes) {
    OnnxMl.TypeProto type =
        OnnxMl.TypeProto.newBuilder()
            .setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(1)
                    .setShape(
                        OnnxMl.TensorShapeProto.newBuilder()
                            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(2))))
            .build();
    OnnxMl.GraphProto.Builder g =
        OnnxMl.GraphProto.newBuilder()
            .setName("g")
            .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("X").setType(type))
            .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("Y"))
            .addInitializer(
                OnnxMl.TensorProto.newBuilder()
                    .setName("W")
                    .setDataType(1)
                    .addDims(2)
                    .addDims(2)
                    .addFloatData(1)
                    .addFloatData(2)
                    .addFloatData(3)
                    .addFloatData(4))
            .addInitializer(
                OnnxMl.TensorProto.newBuilder().setName("two").setDataType(1).addFloatData(2));
    for (OnnxMl.NodeProto n : nodes) {
      g.addNode(n);
    }
    return OnnxMl.ModelProto.newBuilder().setGraph(g);
  }

  private static OnnxMl.NodeProto node(
      String op, String name, String in, String in2, String out, OnnxMl.AttributeProto... attrs) {
    OnnxMl.NodeProto.Builder n =
        OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addInput(in).addOutput(out);
    if (in2 != null) {
      n.addInput(in2);
    }
    for (OnnxMl.AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    return n.build();
  }

  private static OnnxMl.AttributeProto intAttr(String name, long v) {
    return OnnxMl.AttributeProto.newBuilder()
        .setName(name)
        .setI(v)
        .setType(OnnxMl.AttributeProto.AttributeType.INT)
        .build();
  }

  @Test
  void shouldFoldAffineOperatorsInOrder() {
    // Y = Relu(((X * 2) - 2) @ W), W = [[1, 2], [3, 4]] as MatMul's [in, out]
    byte[] bytes =
        graph(
                node("Mul", "times2", "X", "two", "a"),
                node("Sub", "minus2", "a", "two", "b"),
                node("MatMul", "mm", "b", "W", "c"),
                node("Identity", "id", "c", null, "d"),
                node("Relu", "relu", "d", null, "Y"))
            .build()
            .toByteArray();
    ImportedModel m = OnnxImporter.importModel(bytes, "test");
    ImportedModel.LinearForm f = m.toLinearForm();
    double[] y = f.postProcessing().apply(f.map().apply(new double[] {1, 3})).values();
    // (2·1 − 2, 2·3 − 2) = (0, 4); (0, 4) @ W = (0·1 + 4·3, 0·2 + 4·4) = (12, 16)
    assertThat(y).containsExactly(12, 16);
    assertThat(m.isClassifier()).isFalse();
  }

  @Test
  void shouldReadConstantsAndPassShapesThrough() {
    OnnxMl.AttributeProto value =
        OnnxMl.AttributeProto.newBuilder()
            .setName("value")
            .setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
            .setT(
                OnnxMl.TensorProto.newBuilder()
                    .setDataType(7)
                    .addDims(2)
                    .addInt64Data(-1)
                    .addInt64Data(2))
            .build();
    OnnxMl.AttributeProto bias =
        OnnxMl.AttributeProto.newBuilder()
            .setName("value_floats")
            .setType(OnnxMl.AttributeProto.AttributeType.FLOATS)
            .addFloats(10)
            .addFloats(20)
            .build();
    OnnxMl.AttributeProto half =
        OnnxMl.AttributeProto.newBuilder()
            .setName("alpha")
            .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
            .setF(0.5f)
            .build();
    // Y = Softmax(0.5 · Reshape(Flatten(X)) @ Wᵀ + [10, 20]) with Gemm transB = 1
    OnnxMl.ModelProto.Builder model =
        graph(
            node("Constant", "shape", "", null, "shape", value),
            node("Constant", "bias", "", null, "c", bias),
            node("Flatten", "flat", "X", null, "a", intAttr("axis", 1)),
            node("Reshape", "re", "a", "shape", "b"),
            node("Gemm", "gemm", "b", "W", "d", intAttr("transB", 1), half),
            node("Softmax", "soft", "d", null, "Y", intAttr("axis", -1)));
    model.getGraphBuilder().getNodeBuilder(4).addInput("c");
    model.getGraphBuilder().getNodeBuilder(0).clearInput();
    model.getGraphBuilder().getNodeBuilder(1).clearInput();
    ImportedModel m = OnnxImporter.importModel(model.build().toByteArray(), "test");
    assertThat(m.isClassifier()).as("a softmax output is a classifier's").isTrue();
    double[] scores = m.toLinearForm().map().apply(new double[] {1, 2});
    // W = [[1, 2], [3, 4]], transB: rows are outputs: 0.5·(1 + 4) + 10, 0.5·(3 + 8) + 20
    assertThat(scores).containsExactly(12.5, 25.5);
  }

  @Test
  void unsupportedOperator_isRefusedWithItsNameAndTheNode() {
    byte[] bytes = graph(node("LpPool", "squash", "X", null, "Y")).build().toByteArray();
    assertThatThrownBy(() -> OnnxImporter.importModel(bytes, "test"))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("node 'squash' (LpPool): unsupported operator 'LpPool'");
  }

  @Test
  void unsupportedAttribute_isRefusedWithItsNameAndTheNode() {
    byte[] unknown =
        graph(node("MatMul", "mm", "X", "W", "Y", intAttr("fancy", 1))).build().toByteArray();
    assertThatThrownBy(() -> OnnxImporter.importModel(unknown, "test"))
        .hasMessageContaining("node 'mm' (MatMul): unsupported attribute 'fancy'");
    byte[] transA =
        graph(node("Gemm", "g1", "X", "W", "Y", intAttr("transA", 1))).build().toByteArray();
    assertThatThrownBy(() -> OnnxImporter.importModel(transA, "test"))
        .hasMessageContaining("node 'g1' (Gemm): unsupported value 1 of attribute 'transA'");
  }

  @Test
  void nonAffineOperations_areRefused() {
    byte[] divByInput = graph(node("Div", "inv", "two", "X", "Y")).build().toByteArray();
    assertThatThrownBy(() -> OnnxImporter.importModel(divByInput, "test"))
        .hasMessageContaining("node 'inv' (Div): a constant divided by the input is not affine");
    byte[] twoLayers =
        graph(
                node("MatMul", "mm1", "X", "W", "a"),
                node("Relu", "relu", "a", null, "b"),
                node("MatMul", "mm2", "b", "W", "Y"))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> OnnxImporter.importModel(twoLayers, "test").toLinearForm())
        .hasMessageContaining("node 'mm2' (MatMul) cannot be evaluated by a linear model");
    assertThatThrownBy(() -> OnnxImporter.importModel(new byte[] {1, 2, 3}, "junk.onnx"))
        .hasMessageContaining("junk.onnx is not an ONNX model");
  }
}
