package io.fhestreams.ml.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import io.fhestreams.ml.models.knn.FheKNeighborsClassifier;
import io.fhestreams.ml.models.nn.FheNeuralNetClassifier;
import io.fhestreams.ml.models.trees.FheTreeEnsembleModel;
import io.fhestreams.ml.onnx.OnnxImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Family detection on every model file among the fixtures: the directory says the family (the
 * linear exports at the top, {@code trees/}, {@code nn/}), the detection reads only the file.
 */
class FheModelsTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  @TempDir Path dir;

  static Stream<Arguments> everyFixtureModel() throws IOException {
    return Stream.of(
            models(FIXTURES, FheModels.Family.LINEAR),
            models(FIXTURES.resolve("trees"), FheModels.Family.TREE_ENSEMBLE),
            models(FIXTURES.resolve("nn"), FheModels.Family.NEURAL_NET),
            models(FIXTURES.resolve("knn"), FheModels.Family.KNN))
        .flatMap(List::stream);
  }

  private static List<Arguments> models(Path directory, FheModels.Family family)
      throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Arguments> found =
          files
              .filter(p -> p.toString().endsWith(".onnx") || p.toString().endsWith(".json"))
              .sorted()
              .map(p -> Arguments.of(p.getFileName().toString(), p, family))
              .toList();
      assertThat(found).as("model files in %s", directory).isNotEmpty();
      return found;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyFixtureModel")
  void detectionShouldPickTheFamilyOfEveryFixture(String file, Path path, FheModels.Family family)
      throws Exception {
    assertThat(FheModels.detect(path)).isEqualTo(family);
    FheModel model = FheModels.load(path);
    Class<?> expected =
        switch (family) {
          case LINEAR -> FheLinearModel.class;
          case TREE_ENSEMBLE -> FheTreeEnsembleModel.class;
          case NEURAL_NET -> FheNeuralNetClassifier.class;
          case KNN -> FheKNeighborsClassifier.class;
        };
    assertThat(model).isInstanceOf(expected);
  }

  @Test
  void loadShouldBuildTheSameModelAsTheFamilysOwnImport() throws Exception {
    Path linear = FIXTURES.resolve("wine_logistic.onnx");
    FheLinearModel direct = FheLinearModel.fromOnnx(linear);
    FheLinearModel loaded = (FheLinearModel) FheModels.load(linear);
    assertThat(loaded.name()).isEqualTo(direct.name());
    assertThat(loaded.affineMap()).isEqualTo(direct.affineMap());
    Path forest = FIXTURES.resolve("trees/wine_random_forest.onnx");
    FheModel trees = FheModels.load(forest);
    assertThat(trees.name()).isEqualTo("wine_random_forest");
    assertThat(trees.features()).isEqualTo(13);
    Path mlp = FIXTURES.resolve("nn/digits_mlp.onnx");
    FheNeuralNetClassifier net = (FheNeuralNetClassifier) FheModels.load(mlp);
    assertThat(net.net()).isEqualTo(FheNeuralNetClassifier.fromOnnx(mlp).net());
  }

  /**
   * A graph none of the fixtures has, written here: Reshape, Conv, Tanh, Flatten, Gemm. The affine
   * layer after the activation makes it a net; without the Tanh it is linear (all affine).
   */
  @Test
  void detectionShouldReadTheGraph_notItsName() throws Exception {
    Path withActivation = dir.resolve("linear_looking_name.onnx");
    Files.write(withActivation, convNet(true));
    assertThat(FheModels.detect(withActivation)).isEqualTo(FheModels.Family.NEURAL_NET);
    assertThat(FheModels.load(withActivation).features()).isEqualTo(16);
    Path affineOnly = dir.resolve("net_looking_name.onnx");
    Files.write(affineOnly, convNet(false));
    assertThat(FheModels.detect(affineOnly)).isEqualTo(FheModels.Family.LINEAR);
    assertThat(FheModels.load(affineOnly)).isInstanceOf(FheLinearModel.class);
  }

  @Test
  void neuralNetOverride_readsALinearGraphAsANet() throws Exception {
    Path logistic = FIXTURES.resolve("iris_logistic.onnx");
    FheModel net = FheModels.load(logistic, Optional.of(FheModels.Family.NEURAL_NET));
    assertThat(net).isInstanceOf(FheNeuralNetClassifier.class);
    assertThat(net.features()).isEqualTo(4);
  }

  @Test
  void unsupportedOperator_isRefusedNamingTheNodeAndItsOperator() throws Exception {
    Path file = dir.resolve("lp.onnx");
    OnnxMl.GraphProto.Builder g = graph(4);
    g.addNode(
        OnnxMl.NodeProto.newBuilder()
            .setOpType("LpNormalization")
            .setName("the_norm")
            .addInput("X")
            .addOutput("Y"));
    Files.write(file, model(g));
    assertThatThrownBy(() -> FheModels.load(file))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("node 'the_norm' (LpNormalization)")
        .hasMessageContaining("unsupported operator 'LpNormalization'");
  }

  @Test
  void anActivationANetCannotLookUp_isRefusedNamingTheNode() throws Exception {
    // Gemm -> Exp -> Gemm: an affine layer after an activation (a net), but Exp has no lookup here
    Path file = dir.resolve("exp.onnx");
    OnnxMl.GraphProto.Builder g = graph(4);
    g.addInitializer(matrix("w", 4, 4));
    g.addNode(node("Gemm", "g1", "X", "w").addOutput("a"));
    g.addNode(node("Exp", "the_exp", "a").addOutput("b"));
    g.addNode(node("Gemm", "g2", "b", "w").addOutput("Y"));
    Files.write(file, model(g));
    assertThat(FheModels.detect(file)).isEqualTo(FheModels.Family.NEURAL_NET);
    assertThatThrownBy(() -> FheModels.load(file))
        .isInstanceOf(OnnxImportException.class)
        .hasMessageContaining("node 'the_exp' (Exp)")
        .hasMessageContaining("no lookup");
  }

  private static byte[] convNet(boolean activation) {
    OnnxMl.GraphProto.Builder g = graph(16);
    OnnxMl.TensorProto.Builder shape =
        OnnxMl.TensorProto.newBuilder().setName("shape").setDataType(7).addDims(4);
    for (long d : new long[] {-1, 1, 4, 4}) {
      shape.addInt64Data(d);
    }
    g.addInitializer(shape);
    OnnxMl.TensorProto.Builder kernel =
        OnnxMl.TensorProto.newBuilder()
            .setName("k")
            .setDataType(1)
            .addDims(2)
            .addDims(1)
            .addDims(3)
            .addDims(3);
    for (int i = 0; i < 18; i++) {
      kernel.addFloatData((i % 5) - 2);
    }
    g.addInitializer(kernel);
    g.addInitializer(matrix("w", 3, 8));
    g.addNode(node("Reshape", "reshape", "X", "shape").addOutput("r"));
    g.addNode(
        node("Conv", "conv", "r", "k")
            .addOutput("c")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("strides")
                    .setType(OnnxMl.AttributeProto.AttributeType.INTS)
                    .addInts(2)
                    .addInts(2))
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("pads")
                    .setType(OnnxMl.AttributeProto.AttributeType.INTS)
                    .addInts(1)
                    .addInts(1)
                    .addInts(1)
                    .addInts(1)));
    String flatInput = "c";
    if (activation) {
      g.addNode(node("Tanh", "tanh", "c").addOutput("a"));
      flatInput = "a";
    }
    g.addNode(node("Flatten", "flat", flatInput).addOutput("f"));
    g.addNode(
        node("Gemm", "gemm", "f", "w")
            .addOutput("Y")
            .addAttribute(
                OnnxMl.AttributeProto.newBuilder()
                    .setName("transB")
                    .setType(OnnxMl.AttributeProto.AttributeType.INT)
                    .setI(1)));
    return model(g);
  }

  private static OnnxMl.TensorProto matrix(String name, int rows, int columns) {
    OnnxMl.TensorProto.Builder t =
        OnnxMl.TensorProto.newBuilder().setName(name).setDataType(1).addDims(rows).addDims(columns);
    for (int i = 0; i < rows * columns; i++) {
      t.addFloatData(((i * 7) % 11) / 10f - 0.5f);
    }
    return t.build();
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

  private static byte[] model(OnnxMl.GraphProto.Builder g) {
    return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g).build().toByteArray();
  }

  private static OnnxMl.NodeProto.Builder node(String op, String name, String... inputs) {
    OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name);
    for (String in : inputs) {
      n.addInput(in);
    }
    return n;
  }
}
