package io.fhestreams.ml.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.circuit.exec.NoiseProfile;
import io.fhestreams.ml.compiler.CircuitCost;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheLinearModel;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.ml.models.nn.FheNeuralNetClassifier;
import io.fhestreams.ml.models.trees.FheTreeEnsembleModel;
import io.fhestreams.ml.quantization.NBits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ArtifactLimitsTest {
  private static final Path FIXTURES = DeployFixtures.FIXTURES;
  private static final ParameterSet PBS = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;

  @Test
  void everyFixtureModel_passesTheDefaultCaps() throws Exception {
    List<ServerArtifact> compiled = compileAllFixtures();
    assertThat(compiled).hasSizeGreaterThanOrEqualTo(35);
    Map<ArtifactLimits.Cap, Long> widest = new EnumMap<>(ArtifactLimits.Cap.class);
    for (ServerArtifact server : compiled) {
      // the registry and the app check what they decode: the blob's round trip
      ServerArtifact decoded = ServerArtifact.fromBytes(server.toBytes());
      CircuitCost cost = ArtifactLimits.defaults().check(decoded);
      widest.merge(ArtifactLimits.Cap.MAX_BOOTSTRAPS, cost.bootstraps(), Math::max);
      widest.merge(ArtifactLimits.Cap.MAX_BOOTSTRAP_DEPTH, (long) cost.bootstrapDepth(), Math::max);
      widest.merge(ArtifactLimits.Cap.MAX_LEVELED_OPERATIONS, cost.leveledOperations(), Math::max);
      widest.merge(ArtifactLimits.Cap.MAX_PEAK_MEMORY_BYTES, cost.peakMemoryBytes(), Math::max);
      widest.merge(
          ArtifactLimits.Cap.MAX_NODES, (long) decoded.circuit().nodes().size(), Math::max);
      widest.merge(
          ArtifactLimits.Cap.MAX_INPUT_ELEMENTS,
          (long) decoded.circuit().inputElements(),
          Math::max);
      widest.merge(
          ArtifactLimits.Cap.MAX_VALUE_BITS,
          (long) decoded.circuit().nodes().stream().mapToInt(n -> n.bitWidth()).max().orElseThrow(),
          Math::max);
      widest.merge(
          ArtifactLimits.Cap.MAX_LOOKUP_BITS,
          (long)
              decoded.circuit().nodes().stream()
                  .mapToInt(n -> CircuitCost.lookupWidth(decoded.circuit(), n))
                  .max()
                  .orElseThrow(),
          Math::max);
    }
    System.out.println(
        "ArtifactLimitsTest: " + compiled.size() + " fixture models pass; their largest " + widest);
    for (Map.Entry<ArtifactLimits.Cap, Long> e : widest.entrySet()) {
      assertThat(e.getValue()).as(e.getKey().key()).isLessThanOrEqualTo(e.getKey().defaultValue());
    }
  }

  @Test
  void everyKindOfGeneratedArtifact_getsItsExactOutcome_afterTheBlobRoundTrip() throws Exception {
    long seed = new java.util.Random().nextLong();
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (HostileArtifacts.Kind kind : HostileArtifacts.Kind.values()) {
      for (int i = 0; i < 3; i++) {
        HostileArtifacts.Case c = HostileArtifacts.of(kind, random);
        ServerArtifact decoded = ServerArtifact.fromBytes(c.artifact().toBytes());
        if (c.good()) {
          assertThat(ArtifactLimits.defaults().check(decoded).bootstraps())
              .as("seed %d, %s", seed, kind)
              .isEqualTo(decoded.circuit().bootstrapCount());
        } else {
          assertThatThrownBy(() -> ArtifactLimits.defaults().check(decoded))
              .as("seed %d, %s", seed, kind)
              .isInstanceOf(ArtifactLimitException.class)
              .hasMessage("server artifact refused: " + c.refusal());
        }
      }
    }
  }

  @Test
  void wideRounding_isRefusedBeforeItsTableIsBuilt() {
    // dropping 20 bits builds a table of 2^19 longs per element's second bootstrap
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1, ValueRange.unsigned(24));
    b.output(b.tableLookup(b.roundBits(x, 20), 0, new long[16]), "y");
    assertRefused(
        artifact(b.build(), ParameterSets.widened(PBS, 11)),
        "bits read by the bootstraps of node #1 round_bits: 20 exceeds the cap max.lookup.bits = 16");
    assertRefused(
        artifact(b.build(), ParameterSets.widened(PBS, 11)),
        ArtifactLimits.defaults().with(ArtifactLimits.Cap.MAX_LOOKUP_BITS, 30),
        "node #1 round_bits reads 20 bits, parameter set " + ParameterSets.widened(PBS, 11).id());
  }

  @Test
  void lookupWiderThanTheParameterSet_isRefused() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1, ValueRange.unsigned(6));
    b.output(b.tableLookup(x, 0, new long[64]), "y");
    assertThatThrownBy(() -> ArtifactLimits.defaults().check(artifact(b.build(), PBS)))
        .isInstanceOf(ArtifactLimitException.class)
        .hasMessageContaining("reads 6 bits, parameter set " + PBS.id() + " reads at most 4");
  }

  @Test
  void bootstrapUnderLeveledSet_isRefused() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1, ValueRange.unsigned(2));
    b.output(b.tableLookup(x, 0, new long[4]), "y");
    assertThatThrownBy(
            () ->
                ArtifactLimits.defaults()
                    .check(artifact(b.build(), ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17)))
        .isInstanceOf(ArtifactLimitException.class)
        .hasMessageContaining("is leveled and has no bootstrapping keys");
  }

  @Test
  void chainedLookups_overTheDepthCap_areRefused() {
    CircuitBuilder b = new CircuitBuilder();
    int v = b.input("x", 1, ValueRange.unsigned(2));
    for (int i = 0; i < 65; i++) {
      v = b.tableLookup(v, 0, new long[] {1, 2, 3, 0});
    }
    b.output(v, "y");
    assertRefused(artifact(b.build(), PBS), "bootstraps in sequence per record: 65");
  }

  @Test
  void manyBootstraps_areRefused_andTheCapIsConfigurable() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1000, ValueRange.unsigned(2));
    long[] table = {1, 2, 3, 0};
    int v = x;
    for (int i = 0; i < 10; i++) {
      v = b.tableLookup(v, 0, table);
    }
    b.output(v, "y");
    ServerArtifact a = artifact(b.build(), PBS);
    assertThat(ArtifactLimits.defaults().check(a).bootstraps()).isEqualTo(10_000);
    ArtifactLimits strict =
        ArtifactLimits.of(Map.of(ArtifactLimits.Cap.MAX_BOOTSTRAPS.key(), "9999"));
    assertThatThrownBy(() -> strict.check(a))
        .hasMessageContaining("bootstraps per record: 10000 exceeds the cap max.bootstraps = 9999");
  }

  @Test
  void hugeLeveledProducts_areRefusedByTheirCost() {
    // 16384 inputs into one dot product of non-zero weights (zeros cost nothing), then an addition
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1 << 14, ValueRange.unsigned(3));
    long[] weights = new long[1 << 14];
    java.util.Arrays.fill(weights, 1);
    int y = b.matMulConstant(x, 1, weights);
    b.output(b.add(y, y), "y");
    ServerArtifact a = artifact(b.build(), ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17);
    assertThat(ArtifactLimits.defaults().check(a).leveledOperations()).isEqualTo((1 << 14) + 1);
    assertRefused(
        a,
        ArtifactLimits.defaults().with(ArtifactLimits.Cap.MAX_LEVELED_OPERATIONS, 1 << 14),
        "leveled operations per record: 16385 exceeds");
  }

  @Test
  void inputSizesWhoseSumOverflowsInt_areRefused() {
    CircuitBuilder b = new CircuitBuilder();
    int y = 0;
    for (int i = 0; i < 2; i++) {
      y = b.input("x" + i, Integer.MAX_VALUE, ValueRange.unsigned(1));
    }
    b.output(y, "y");
    assertRefused(artifact(b.build(), PBS), "elements of node #0 input 'x0': 2147483647");
    ArtifactLimits roomy =
        ArtifactLimits.defaults().with(ArtifactLimits.Cap.MAX_NODE_ELEMENTS, Integer.MAX_VALUE);
    assertRefused(artifact(b.build(), PBS), roomy, "input elements per record: 4294967294 exceeds");
  }

  @Test
  void peakMemory_isEstimatedAndCapped() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1 << 12, ValueRange.unsigned(2));
    int v = x;
    for (int i = 0; i < 8; i++) {
      v = b.add(v, x);
    }
    b.output(v, "y");
    ServerArtifact a = artifact(b.build(), PBS);
    long ciphertext = 8L * (PBS.bigLweDimension().value() + 1);
    // nine held tensors of 4096 ciphertexts, the output list twice, no table
    assertThat(CircuitCost.of(a.circuit(), PBS).peakMemoryBytes())
        .isEqualTo((9L + 2) * 4096 * ciphertext);
    assertRefused(
        a,
        ArtifactLimits.defaults().with(ArtifactLimits.Cap.MAX_PEAK_MEMORY_BYTES, 1 << 20),
        "estimated peak memory (bytes) of one record's evaluation");
  }

  @Test
  void configuration_refusesUnknownKeysAndBadValues() {
    assertThatThrownBy(() -> ArtifactLimits.of(Map.of("max.bootstrapz", 1)))
        .hasMessageContaining("unknown artifact limit 'max.bootstrapz'; known: max.nodes");
    assertThatThrownBy(() -> ArtifactLimits.of(Map.of("max.nodes", "many")))
        .hasMessageContaining("max.nodes must be an integer, found 'many'");
    assertThatThrownBy(() -> ArtifactLimits.of(Map.of("max.nodes", 0)))
        .hasMessageContaining("max.nodes must be >= 1, found 0");
    assertThat(ArtifactLimits.of(Map.of("max.nodes", 7)).get(ArtifactLimits.Cap.MAX_NODES))
        .isEqualTo(7);
  }

  static ServerArtifact artifact(Circuit circuit, ParameterSet p) {
    return new ServerArtifact(
        "hostile",
        "1",
        p,
        circuit,
        new NoiseProfile(new double[circuit.nodes().size()]),
        new CiphertextModulusLog(16));
  }

  private static void assertRefused(ServerArtifact a, String message) {
    assertRefused(a, ArtifactLimits.defaults(), message);
  }

  private static void assertRefused(ServerArtifact a, ArtifactLimits limits, String message) {
    assertThatThrownBy(() -> limits.check(a))
        .isInstanceOf(ArtifactLimitException.class)
        .hasMessageContaining(message);
  }

  /** Compiles every model fixture with the defaults its family's tests use. */
  static List<ServerArtifact> compileAllFixtures() throws IOException {
    List<ServerArtifact> out = new ArrayList<>();
    for (Path onnx : list(FIXTURES, ".onnx")) {
      FheLinearModel m = FheLinearModel.fromOnnx(onnx);
      out.add(m.compile(train(onnx), ModelCompileOptions.defaults()).artifacts().server());
    }
    for (Path tree : list(FIXTURES.resolve("trees"), ".onnx", ".json")) {
      FheTreeEnsembleModel m =
          tree.toString().endsWith(".json")
              ? FheTreeEnsembleModel.fromXGBoostJson(tree)
              : FheTreeEnsembleModel.fromOnnx(tree);
      out.add(m.compile(train(tree), ModelCompileOptions.defaults()).artifacts().server());
    }
    for (Path net : list(FIXTURES.resolve("nn"), ".onnx")) {
      FheNeuralNetClassifier m = FheNeuralNetClassifier.fromOnnx(net);
      // a quantization-aware net sets its own bits
      ModelCompileOptions options =
          m.quantizationAware().isPresent()
              ? ModelCompileOptions.defaults()
              : ModelCompileOptions.defaults().withNBits(new NBits(3));
      out.add(m.compile(train(net), options).artifacts().server());
    }
    return out;
  }

  private static List<Path> list(Path dir, String... suffixes) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> Stream.of(suffixes).anyMatch(s -> f.toString().endsWith(s)))
          .sorted()
          .toList();
    }
  }

  /** The training rows of the fixture's dataset (the file name up to the model's name). */
  private static double[][] train(Path model) throws IOException {
    String name = model.getFileName().toString();
    for (String dataset :
        List.of("breast_cancer", "diabetes", "digits", "iris", "synthetic", "wine")) {
      if (name.startsWith(dataset + "_")) {
        return Dataset.readCsv(FIXTURES.resolve(dataset + "_train.csv")).rows();
      }
    }
    throw new IllegalArgumentException("no dataset for fixture " + model);
  }
}
