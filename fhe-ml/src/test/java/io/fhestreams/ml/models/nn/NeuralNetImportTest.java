package io.fhestreams.ml.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.onnx.OnnxImportException;
import io.fhestreams.ml.onnx.OnnxImporter;
import io.fhestreams.ml.onnx.OnnxRuntimeReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torch exports read by the shared importer and lowered by {@link NeuralNet#fromImported}. */
class NeuralNetImportTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  @TempDir Path dir;

  @Test
  void shouldReproduceTorchLogits_ofTheDigitsMlpAndCnn() throws Exception {
    double[][] test = Dataset.readCsv(FIXTURES.resolve("digits_test.csv")).rows();
    for (String name : new String[] {"mlp", "cnn", "cnn_maxpool"}) {
      NeuralNet net = importNet(FIXTURES.resolve("nn/digits_" + name + ".onnx"));
      Dataset torch = Dataset.readCsv(FIXTURES.resolve("nn/digits_" + name + "_torch.csv"));
      double[] predicted = torch.column("prediction");
      double worst = 0;
      for (int i = 0; i < test.length; i++) {
        double[] scores = net.scores(test[i]);
        for (int c = 0; c < 10; c++) {
          worst = Math.max(worst, Math.abs(scores[c] - torch.rows()[i][c + 1]));
        }
        assertThat(argMax(scores)).as("%s row %d", name, i).isEqualTo((int) predicted[i]);
      }
      // torch's logits are printed with 6 significant digits, in fp32
      assertThat(worst).as(name).isLessThan(1e-3);
    }
  }

  @Test
  void shouldMatchOnnxruntime_onAStridedPaddedConvWithBatchNormAndPooling() throws Exception {
    // X[N,16] -> Reshape [N,1,4,4] -> Conv(2 kernels 3x3, stride 2, pads 1) -> BatchNormalization
    // -> Relu
    //   -> Pad(0, right/bottom 1) -> AveragePool(2x2, stride 1) -> Flatten -> Gemm(transB) ->
    // Y[N,3]
    SplittableRandom random = new SplittableRandom(7);
    OnnxMl.GraphProto.Builder g = graph(16);
    g.addInitializer(ints("shape", new long[] {4}, -1, 1, 4, 4));
    g.addInitializer(floats("k", new long[] {2, 1, 3, 3}, random, 18));
    g.addInitializer(floats("kb", new long[] {2}, random, 2));
    g.addInitializer(floats("scale", new long[] {2}, random, 2));
    g.addInitializer(floats("shift", new long[] {2}, random, 2));
    g.addInitializer(floats("mean", new long[] {2}, random, 2));
    g.addInitializer(
        OnnxMl.TensorProto.newBuilder()
            .setName("var")
            .setDataType(1)
            .addDims(2)
            .addFloatData(0.5f)
            .addFloatData(2f));
    g.addInitializer(ints("pads", new long[] {8}, 0, 0, 0, 0, 0, 0, 1, 1));
    g.addInitializer(floats("w", new long[] {3, 8}, random, 24));
    g.addInitializer(floats("b", new long[] {3}, random, 3));
    g.addNode(node("Reshape", "reshape", "X", "shape").addOutput("r"));
    g.addNode(
        node("Conv", "conv", "r", "k", "kb")
            .addOutput("c")
            .addAttribute(ints("strides", 2, 2))
            .addAttribute(ints("pads", 1, 1, 1, 1))
            .addAttribute(ints("kernel_shape", 3, 3)));
    g.addNode(
        node("BatchNormalization", "bn", "c", "scale", "shift", "mean", "var").addOutput("n"));
    g.addNode(node("Relu", "relu", "n").addOutput("a"));
    g.addNode(node("Pad", "pad", "a", "pads").addOutput("p"));
    g.addNode(
        node("AveragePool", "pool", "p").addOutput("q").addAttribute(ints("kernel_shape", 2, 2)));
    g.addNode(node("Flatten", "flat", "q").addOutput("f"));
    g.addNode(
        node("Gemm", "gemm", "f", "w", "b")
            .addOutput("Y")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("transB")
                    .setI(1)
                    .setType(OnnxMl.AttributeProto.AttributeType.INT)));
    assertMatchesOnnxruntime(g, 16, random);
  }

  @Test
  void shouldMatchOnnxruntime_onAPaddedStridedMaxPoolBeforeItsActivation() throws Exception {
    // X[N,16] -> Reshape [N,1,4,4] -> Conv(2 kernels 3x3, pads 1) -> MaxPool(3x3, stride 2, pads 1)
    //   -> Relu -> Flatten -> Gemm(transB) -> Y[N,3]; border windows are cut by the padding
    SplittableRandom random = new SplittableRandom(13);
    OnnxMl.GraphProto.Builder g = graph(16);
    g.addInitializer(ints("shape", new long[] {4}, -1, 1, 4, 4));
    g.addInitializer(floats("k", new long[] {2, 1, 3, 3}, random, 18));
    g.addInitializer(floats("w", new long[] {3, 8}, random, 24));
    g.addInitializer(floats("b", new long[] {3}, random, 3));
    g.addNode(node("Reshape", "reshape", "X", "shape").addOutput("r"));
    g.addNode(
        node("Conv", "conv", "r", "k")
            .addOutput("c")
            .addAttribute(ints("pads", 1, 1, 1, 1))
            .addAttribute(ints("kernel_shape", 3, 3)));
    g.addNode(
        node("MaxPool", "pool", "c")
            .addOutput("m")
            .addAttribute(ints("kernel_shape", 3, 3))
            .addAttribute(ints("strides", 2, 2))
            .addAttribute(ints("pads", 1, 1, 1, 1)));
    g.addNode(node("Relu", "relu", "m").addOutput("a"));
    g.addNode(node("Flatten", "flat", "a").addOutput("f"));
    g.addNode(
        node("Gemm", "gemm", "f", "w", "b")
            .addOutput("Y")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("transB")
                    .setI(1)
                    .setType(OnnxMl.AttributeProto.AttributeType.INT)));
    assertMatchesOnnxruntime(g, 16, random);
    NeuralNet net = importNet(model(g).toByteArray(), "g");
    // the pool moved after the activation, which now covers the 2 x 4 x 4 conv outputs
    assertThat(net.layers()).hasSize(4);
    assertThat(net.layers().get(1))
        .isEqualTo(new NetLayer.Elementwise(NetActivation.RELU, 32, "'relu' (Relu)"));
    NetLayer.MaxPool pool = (NetLayer.MaxPool) net.layers().get(2);
    assertThat(pool.outputs()).isEqualTo(8);
    assertThat(pool.window(0))
        .containsExactly(0, 1, 4, 5); // the top-left window, cut by the padding
    assertThat(pool.window(3)).hasSize(9);
  }

  @Test
  void theDigitsMaxPoolCnn_shouldMatchOnnxruntime() throws Exception {
    Path file = FIXTURES.resolve("nn/digits_cnn_maxpool.onnx");
    double[][] test = Dataset.readCsv(FIXTURES.resolve("digits_test.csv")).rows();
    double[][] expected = OnnxRuntimeReference.scores(file, test, 1, 8, 8);
    NeuralNet net = importNet(file);
    assertThat(net.layers().stream().filter(l -> l instanceof NetLayer.MaxPool).count())
        .isEqualTo(1);
    for (int i = 0; i < test.length; i++) {
      double[] mine = net.scores(test[i]);
      for (int c = 0; c < mine.length; c++) {
        assertThat(mine[c])
            .as("row %d score %d", i, c)
            .isCloseTo(expected[i][c], org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  @Test
  void maxPoolWithCeilModeOrDilations_isRefusedNamingTheNode() {
    for (OnnxMl.AttributeProto unsupported :
        new OnnxMl.AttributeProto[] {
          OnnxMl.AttributeProto.newBuilder()
              .setName("ceil_mode")
              .setI(1)
              .setType(OnnxMl.AttributeProto.AttributeType.INT)
              .build(),
          ints("dilations", 2, 2)
        }) {
      OnnxMl.GraphProto.Builder g = graph(16);
      g.addInitializer(ints("shape", new long[] {4}, -1, 1, 4, 4));
      g.addNode(node("Reshape", "reshape", "X", "shape").addOutput("r"));
      g.addNode(
          node("MaxPool", "the_pool", "r")
              .addOutput("Y")
              .addAttribute(ints("kernel_shape", 2, 2))
              .addAttribute(unsupported));
      assertThatThrownBy(() -> importNet(model(g).toByteArray(), "m"))
          .isInstanceOf(OnnxImportException.class)
          .hasMessageContaining("node 'the_pool' (MaxPool)")
          .hasMessageContaining(unsupported.getName());
    }
  }

  @Test
  void shouldEvaluateDequantizedWeights_andPassActivationQdqPairs() throws Exception {
    // QAT export: weights as DequantizeLinear(int8, scale, zero point); activations through Q -> DQ
    SplittableRandom random = new SplittableRandom(11);
    OnnxMl.GraphProto.Builder g = graph(4);
    OnnxMl.TensorProto.Builder w =
        OnnxMl.TensorProto.newBuilder().setName("wq").setDataType(3).addDims(4).addDims(2);
    for (int i = 0; i < 8; i++) {
      w.addInt32Data(random.nextInt(-127, 128));
    }
    g.addInitializer(w);
    g.addInitializer(
        OnnxMl.TensorProto.newBuilder().setName("ws").setDataType(1).addFloatData(0.05f));
    g.addInitializer(OnnxMl.TensorProto.newBuilder().setName("wz").setDataType(3).addInt32Data(3));
    g.addNode(node("DequantizeLinear", "dqw", "wq", "ws", "wz").addOutput("W"));
    g.addNode(node("MatMul", "mm", "X", "W").addOutput("Y"));
    assertMatchesOnnxruntime(g, 4, random);

    OnnxMl.GraphProto.Builder qdq = graph(4);
    qdq.addInitializer(
        OnnxMl.TensorProto.newBuilder().setName("s").setDataType(1).addFloatData(0.1f));
    qdq.addInitializer(
        OnnxMl.TensorProto.newBuilder().setName("z").setDataType(2).addInt32Data(128));
    qdq.addInitializer(floats("W", new long[] {4, 2}, random, 8));
    qdq.addNode(node("QuantizeLinear", "q", "X", "s", "z").addOutput("xq"));
    qdq.addNode(node("DequantizeLinear", "dq", "xq", "s", "z").addOutput("xd"));
    qdq.addNode(node("MatMul", "mm", "xd", "W").addOutput("Y"));
    NeuralNet net = importNet(model(qdq).toByteArray(), "qdq");
    assertThat(net.layers()).singleElement().isInstanceOf(NetLayer.Dense.class);
  }

  @Test
  void unsupportedOperator_isRefusedWithItsNameAndNode() {
    OnnxMl.GraphProto.Builder g = graph(4);
    g.addNode(node("LpPool", "the_pool", "X").addOutput("Y"));
    assertThatThrownBy(() -> importNet(model(g).toByteArray(), "m"))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("'the_pool' (LpPool)")
        .hasMessageContaining("unsupported operator 'LpPool'");
  }

  @Test
  void netEndingInAnActivation_isRefused() {
    OnnxMl.GraphProto.Builder g = graph(4);
    g.addNode(node("Relu", "last_relu", "X").addOutput("Y"));
    assertThatThrownBy(() -> importNet(model(g).toByteArray(), "m"))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("must end with a dense layer")
        .hasMessageContaining("last_relu");
  }

  private static NeuralNet importNet(Path file) throws Exception {
    return NeuralNet.fromImported(OnnxImporter.importModel(file));
  }

  private static NeuralNet importNet(byte[] bytes, String origin) {
    return NeuralNet.fromImported(OnnxImporter.importModel(bytes, origin));
  }

  private void assertMatchesOnnxruntime(
      OnnxMl.GraphProto.Builder g, int features, SplittableRandom random) throws Exception {
    Path file = dir.resolve("g.onnx");
    Files.write(file, model(g).toByteArray());
    double[][] rows = new double[20][features];
    for (double[] r : rows) {
      for (int j = 0; j < features; j++) {
        r[j] = random.nextDouble(-2, 2);
      }
    }
    double[][] expected = OnnxRuntimeReference.scores(file, rows);
    NeuralNet net = importNet(file);
    for (int i = 0; i < rows.length; i++) {
      double[] mine = net.scores(rows[i]);
      assertThat(mine).hasSameSizeAs(expected[i]);
      for (int c = 0; c < mine.length; c++) {
        assertThat(mine[c])
            .as("row %d score %d", i, c)
            .isCloseTo(expected[i][c], org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  private static OnnxMl.GraphProto.Builder graph(int features) {
    OnnxMl.TypeProto type =
        OnnxMl.TypeProto.newBuilder()
            .setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(1)
                    .setShape(
                        OnnxMl.TensorShapeProto.newBuilder()
                            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                            .addDim(
                                OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                    .setDimValue(features))))
            .build();
    return OnnxMl.GraphProto.newBuilder()
        .setName("g")
        .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("X").setType(type))
        .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("Y"));
  }

  private static OnnxMl.ModelProto model(OnnxMl.GraphProto.Builder g) {
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(g)
        .build();
  }

  private static OnnxMl.NodeProto.Builder node(String op, String name, String... inputs) {
    OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name);
    for (String in : inputs) {
      n.addInput(in);
    }
    return n;
  }

  private static OnnxMl.AttributeProto ints(String name, long... values) {
    OnnxMl.AttributeProto.Builder a =
        OnnxMl.AttributeProto.newBuilder()
            .setName(name)
            .setType(OnnxMl.AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static OnnxMl.TensorProto ints(String name, long[] dims, long... values) {
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(7);
    for (long d : dims) {
      t.addDims(d);
    }
    for (long v : values) {
      t.addInt64Data(v);
    }
    return t.build();
  }

  private static OnnxMl.TensorProto floats(
      String name, long[] dims, SplittableRandom random, int count) {
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(1);
    for (long d : dims) {
      t.addDims(d);
    }
    for (int i = 0; i < count; i++) {
      t.addFloatData((float) random.nextDouble(-1, 1));
    }
    return t.build();
  }

  private static int argMax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
