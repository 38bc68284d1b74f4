package io.fhestreams.ml.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import io.fhestreams.ml.models.ExecutionMode;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.onnx.OnnxImportException;
import io.fhestreams.ml.onnx.OnnxImporter;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.Prediction;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A small QCDQ net built here (4 inputs, 3 hidden units, 2 scores; power-of-two scales), its
 * lowering checked against the graph's semantics on seeded random rows and encrypted, and every
 * hostile quantization value refused naming its node.
 */
class QuantizationAwareImportTest {
  private static final long SEED = 0x19_03L;

  /** The knobs of the graph; the defaults make a valid net. */
  private static final class Spec {
    float inputScale = 0.25f;
    long inputZero = 0;
    int zeroType = 2; // uint8
    long clipLow = 0;
    long clipHigh = 7;
    float activationScale = 0.5f;
    float[] weightScales = {0.125f, 0.0625f, 0.125f}; // per output channel of the hidden layer
  }

  @Test
  void lowering_computesTheGraphsIntegers_clearSimulatedAndEncrypted() {
    FheNeuralNetClassifier m = classifier(new Spec());
    QdqNet qdq = m.quantizationAware().orElseThrow();
    QuantizedNet lowered = qdq.lower();
    SplittableRandom random = new SplittableRandom(SEED);
    System.out.printf("seed %#x%n", SEED);
    double[][] rows = new double[200][4];
    for (double[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextDouble(-0.5, 2.2);
      }
    }
    for (double[] row : rows) {
      double[] expected = qdq.onnxScores(row, true);
      double[] actual = lowered.clearScores(row);
      for (int k = 0; k < expected.length; k++) {
        assertThat(actual[k]).isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-9));
      }
    }
    m.compile(rows, ModelCompileOptions.defaults());
    Prediction[] clear = m.predict(rows, ExecutionMode.CLEAR);
    Prediction[] simulated = m.predict(rows, ExecutionMode.SIMULATE);
    for (int i = 0; i < rows.length; i++) {
      assertThat(simulated[i].values()).containsExactly(clear[i].values());
    }
    double[][] few = {rows[0], rows[1], rows[2]};
    Prediction[] encrypted = m.predict(few, ExecutionMode.ENCRYPT);
    for (int i = 0; i < few.length; i++) {
      assertThat(encrypted[i].values()).as("row %d", i).containsExactly(clear[i].values());
    }
    assertThat(m.quantizationReport()).contains("quantization-aware");
  }

  @Test
  void bitOptions_areRefused_theGraphSetsTheBits() {
    FheNeuralNetClassifier m = classifier(new Spec());
    assertThatThrownBy(
            () ->
                m.compile(
                    new double[][] {{0, 0, 0, 0}},
                    ModelCompileOptions.defaults().withNBits(new NBits(4))))
        .hasMessageContaining("quantization-aware")
        .hasMessageContaining("n_bits");
  }

  @Test
  void hostileScales_areRefusedNamingTheNode() {
    refused(s -> s.inputScale = 0f, "'q_in' (QuantizeLinear)", "scale 0.0");
    refused(s -> s.inputScale = -1f, "'q_in' (QuantizeLinear)", "must be finite and > 0");
    refused(s -> s.inputScale = Float.NaN, "'q_in' (QuantizeLinear)", "scale NaN");
    refused(s -> s.inputScale = Float.POSITIVE_INFINITY, "'q_in'", "must be finite");
    refused(s -> s.weightScales = new float[] {0.125f, 0f, 0.125f}, "'q_w'", "at index 1");
  }

  @Test
  void hostileZeroPointsAndWidths_areRefusedNamingTheNode() {
    refused(s -> s.inputZero = 300, "'q_in'", "zero point 300.0 at index 0 is outside [0, 255]");
    refused(s -> s.zeroType = 5, "'z_in'", "data type 5"); // int16: refused when read
    refused(s -> s.zeroType = 6, "'q_in'", "int32 is not supported");
    refused(s -> s.zeroType = 1, "'q_in'", "float is not supported");
    refused(s -> s.clipLow = 9, "'clip_in'", "min 9.0 is not <= max 7.0");
    refused(
        s -> {
          s.clipLow = 256;
          s.clipHigh = 300;
        },
        "'clip_in'",
        "leave nothing of the integer range [0, 255]");
    refused(
        s -> {
          s.inputZero = 10;
          s.clipHigh = 7;
        },
        "'clip_in'",
        "zero point 10 lies outside the clipped range [0, 7]");
    refused(s -> s.clipHigh = 5, "'q_in' (QuantizeLinear) + 'clip_in' (Clip)", "full n-bit range");
  }

  @Test
  void nonPowerOfTwoRequantization_isRefusedNamingTheLayer() {
    Spec spec = new Spec();
    spec.activationScale = 0.3f;
    FheNeuralNetClassifier m = classifier(spec);
    assertThatThrownBy(() -> m.quantizationAware().orElseThrow().lower())
        .hasMessageContaining("'gemm_1' (Gemm)")
        .hasMessageContaining("is not a power of two");
  }

  private static void refused(Consumer<Spec> change, String node, String problem) {
    Spec spec = new Spec();
    change.accept(spec);
    assertThatThrownBy(() -> classifier(spec))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining(node)
        .hasMessageContaining(problem);
  }

  private static FheNeuralNetClassifier classifier(Spec s) {
    byte[] bytes = graph(s).toByteArray();
    return FheNeuralNetClassifier.fromImported(OnnxImporter.importModel(bytes, "qcdq"));
  }

  private static OnnxMl.ModelProto graph(Spec s) {
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
    OnnxMl.GraphProto.Builder g =
        OnnxMl.GraphProto.newBuilder()
            .setName("qcdq")
            .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("X").setType(type))
            .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("Y"));
    g.addInitializer(floats("s_in", new long[0], s.inputScale));
    g.addInitializer(integers("z_in", s.zeroType, new long[0], s.inputZero));
    g.addInitializer(integers("lo_in", s.zeroType, new long[0], s.clipLow));
    g.addInitializer(integers("hi_in", s.zeroType, new long[0], s.clipHigh));
    g.addNode(node("QuantizeLinear", "q_in", "X", "s_in", "z_in").addOutput("xq"));
    g.addNode(node("Clip", "clip_in", "xq", "lo_in", "hi_in").addOutput("xc"));
    g.addNode(node("DequantizeLinear", "dq_in", "xc", "s_in", "z_in").addOutput("x"));
    // hidden layer: per-channel int8 weights, float bias off the accumulator's grid
    g.addInitializer(
        floats(
            "w1",
            new long[] {3, 4},
            0.25f,
            -0.5f,
            0.125f,
            0.375f,
            -0.25f,
            0.1875f,
            0.0625f,
            -0.125f,
            0.5f,
            0.25f,
            -0.375f,
            0.125f));
    g.addInitializer(floats("s_w", new long[] {3}, s.weightScales));
    g.addInitializer(integers("z_w", 3, new long[] {3}, 0, 0, 0));
    g.addNode(
        node("QuantizeLinear", "q_w", "w1", "s_w", "z_w").addAttribute(axis(0)).addOutput("w1q"));
    g.addNode(
        node("DequantizeLinear", "dq_w", "w1q", "s_w", "z_w")
            .addAttribute(axis(0))
            .addOutput("w1d"));
    g.addInitializer(floats("b1", new long[] {3}, 0.11f, -0.07f, 0.03f));
    g.addNode(
        node("Gemm", "gemm_1", "x", "w1d", "b1")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("transB")
                    .setType(OnnxMl.AttributeProto.AttributeType.INT)
                    .setI(1))
            .addOutput("h"));
    g.addNode(node("Relu", "relu_1", "h").addOutput("r"));
    g.addInitializer(floats("s_a", new long[0], s.activationScale));
    g.addInitializer(integers("z_a", 2, new long[0], 0));
    g.addInitializer(integers("lo_a", 2, new long[0], 0));
    g.addInitializer(integers("hi_a", 2, new long[0], 3));
    g.addNode(node("QuantizeLinear", "q_a", "r", "s_a", "z_a").addOutput("rq"));
    g.addNode(node("Clip", "clip_a", "rq", "lo_a", "hi_a").addOutput("rc"));
    g.addNode(node("DequantizeLinear", "dq_a", "rc", "s_a", "z_a").addOutput("a"));
    // output layer: per-tensor int8 weights given as integers, [in, out] as MatMul reads them
    g.addInitializer(integers("w2q", 3, new long[] {3, 2}, 3, -1, -2, 2, 1, -3));
    g.addInitializer(floats("s_w2", new long[0], 0.25f));
    g.addInitializer(integers("z_w2", 3, new long[0], 0));
    g.addNode(node("DequantizeLinear", "dq_w2", "w2q", "s_w2", "z_w2").addOutput("w2d"));
    g.addNode(node("MatMul", "mm_2", "a", "w2d").addOutput("Y"));
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(8)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(g)
        .build();
  }

  private static OnnxMl.AttributeProto axis(long a) {
    return OnnxMl.AttributeProto.newBuilder()
        .setName("axis")
        .setType(OnnxMl.AttributeProto.AttributeType.INT)
        .setI(a)
        .build();
  }

  private static OnnxMl.NodeProto.Builder node(String op, String name, String... inputs) {
    OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name);
    for (String in : inputs) {
      n.addInput(in);
    }
    return n;
  }

  private static OnnxMl.TensorProto floats(String name, long[] dims, float... values) {
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(1);
    for (long d : dims) {
      t.addDims(d);
    }
    for (float v : values) {
      t.addFloatData(v);
    }
    return t.build();
  }

  /** Integers of ONNX element type {@code type}, in int32_data (int64_data for int64). */
  private static OnnxMl.TensorProto integers(String name, int type, long[] dims, long... values) {
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type);
    for (long d : dims) {
      t.addDims(d);
    }
    for (long v : values) {
      if (type == 7) {
        t.addInt64Data(v);
      } else if (type == 1) {
        t.addFloatData(v);
      } else {
        t.addInt32Data((int) v);
      }
    }
    return t.build();
  }
}
