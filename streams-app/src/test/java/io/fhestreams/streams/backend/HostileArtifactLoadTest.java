package io.fhestreams.streams.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.compiler.CircuitCost;
import io.fhestreams.ml.compiler.CompileOptions;
import io.fhestreams.ml.compiler.CompiledCircuit;
import io.fhestreams.ml.compiler.Compiler;
import io.fhestreams.ml.deploy.ArtifactLimits;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.HostileArtifacts;
import io.fhestreams.ml.deploy.ServerArtifact;
import io.fhestreams.ml.quantization.Activation;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.PostProcessing;
import io.fhestreams.ml.quantization.UniformQuantizer;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InferenceException;
import io.fhestreams.streams.processor.ModelCoordinates;
import io.fhestreams.streams.processor.ResolvedModel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 6 (app): generated server artifacts ({@link HostileArtifacts}: consistent circuits
 * over a cap, good ones interleaved) are published to a registry that checks containers only, and
 * the app's resolver loads each with the default caps: every hostile one must end as {@code
 * MODEL_REFUSED} with its exact reason (an exception with a reason, never an error or a thread's
 * death), be refused again without a download, and every good one must resolve to its circuit.
 * Prints the seed, counts per kind and the heap peak of the JVM while the artifacts are offered
 * (MemoryPoolMXBean peaks, reset after the setup). Seed and count: {@code -Dfhe.hostile.seed},
 * {@code -Dfhe.hostile.app.cases} (default {@value #DEFAULT_CASES}).
 */
class HostileArtifactLoadTest {
  static final int DEFAULT_CASES = 240;

  @TempDir Path dir;

  @Test
  void everyHostileArtifactIsRefusedAtLoad_andEveryGoodOneResolves() throws Exception {
    long seed = Long.getLong("fhe.hostile.seed", new SplittableRandom().nextLong());
    int cases = Integer.getInteger("fhe.hostile.app.cases", DEFAULT_CASES);
    System.out.println("HostileArtifactLoadTest: seed " + seed + " (-Dfhe.hostile.seed)");
    SplittableRandom random = new SplittableRandom(seed);
    ClientArtifact leveledClient = RealStack.breastCancer().client();
    ClientArtifact pbsClient = threeBitLookup();
    assertThat(pbsClient.parameterSetId()).isEqualTo(HostileArtifacts.PBS.id());
    try (RealStack stack = RealStack.startCheckingContainersOnly(dir)) {
      // a key for each set: a leveled client's identity, a 4-bit client's real keys
      String leveledKey = stack.uploadKeys(FheClient.generateKeys(leveledClient));
      String pbsKey = stack.uploadKeys(FheClient.generateKeys(pbsClient));
      // versions are published in staging and stay there: the resolver serves that stage
      RegistryModelResolver resolver =
          new RegistryModelResolver(
              stack.client(RealStack.READER_TOKEN),
              1L << 30,
              Set.of(Stage.STAGING),
              Duration.ofSeconds(10),
              ArtifactLimits.defaults());
      RegistryClient publisher = stack.client(RealStack.PUBLISHER_TOKEN);
      ModelName name = ModelName.of("hostile");
      publisher.createModel(name, "generated artifacts");

      resetHeapPeaks();
      Map<String, int[]> outcomes = new TreeMap<>(); // kind -> {resolved, refused}
      long largestRefusedEstimate = 0;
      for (int i = 0; i < cases; i++) {
        HostileArtifacts.Case c = HostileArtifacts.next(random);
        ServerArtifact server = c.artifact();
        boolean leveled = !server.parameters().supportsBootstrap();
        String version = publish(publisher, name, leveled ? leveledClient : pbsClient, server, i);
        ModelCoordinates coordinates =
            new ModelCoordinates(name.value(), version, leveled ? leveledKey : pbsKey);
        String context = "case " + i + " (" + c.kind() + ") of seed " + seed;
        if (c.good()) {
          ResolvedModel<ModelAndKeys> resolved = resolver.resolve(coordinates);
          assertThat(resolved.modelAndKeys().server().artifact().circuit())
              .as(context)
              .isEqualTo(server.circuit());
        } else {
          assertRefused(resolver, coordinates, c.refusal(), context);
          long misses = resolver.cacheStats().misses();
          assertRefused(resolver, coordinates, c.refusal(), context + ", again");
          assertThat(resolver.cacheStats().misses())
              .as(context + ": refused again without a download")
              .isEqualTo(misses);
          largestRefusedEstimate =
              Math.max(
                  largestRefusedEstimate,
                  CircuitCost.of(server.circuit(), server.parameters()).peakMemoryBytes());
        }
        outcomes.computeIfAbsent(c.kind().name(), k -> new int[2])[c.good() ? 0 : 1]++;
      }
      long peak = heapPeakBytes();
      StringBuilder table = new StringBuilder();
      outcomes.forEach(
          (kind, n) ->
              table.append(String.format("  %-28s resolved %4d  refused %4d%n", kind, n[0], n[1])));
      System.out.printf(
          "HostileArtifactLoadTest: seed %d, %d artifacts offered to the app:%n%s"
              + "  heap peak while offered: %.1f MB (max heap %.1f MB); the largest refused"
              + " artifact's estimated peak per record: %.1f MB%n",
          seed,
          cases,
          table,
          peak / 1e6,
          Runtime.getRuntime().maxMemory() / 1e6,
          largestRefusedEstimate / 1e6);
      assertThat(outcomes.values().stream().mapToInt(n -> n[0] + n[1]).sum()).isEqualTo(cases);
    }
  }

  private static void assertRefused(
      RegistryModelResolver resolver, ModelCoordinates c, String refusal, String context) {
    InferenceException e =
        catchThrowableOfType(InferenceException.class, () -> resolver.resolve(c));
    assertThat(e).as(context + ": no refusal").isNotNull();
    assertThat(e.reason())
        .as(context + ": " + e.getMessage())
        .isEqualTo(FailureReason.MODEL_REFUSED);
    assertThat(e.isRetryable()).as(context).isFalse();
    assertThat(e.getMessage()).as(context).contains("server artifact refused: " + refusal);
  }

  private String publish(
      RegistryClient publisher, ModelName name, ClientArtifact client, ServerArtifact server, int i)
      throws Exception {
    Path c = Files.write(dir.resolve("client-" + i), client.toBytes());
    Path s = Files.write(dir.resolve("server-" + i), server.toBytes());
    try {
      return Integer.toString(publisher.publishVersion(name, c, s).version().number());
    } finally {
      Files.delete(c);
      Files.delete(s);
    }
  }

  /**
   * The client half of a 3-bit lookup, which compiles to {@link HostileArtifacts#PBS}: published
   * with the generated server halves of that set (the registry pairs halves by set id).
   */
  private static ClientArtifact threeBitLookup() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1, ValueRange.unsigned(3));
    b.output(b.tableLookup(x, 0, new long[] {1, 2, 3, 4, 5, 6, 7, 0}), "y");
    // the hostile generators build server halves of that set only
    CompiledCircuit c =
        Compiler.compile(
            b.build(),
            new CompileOptions(CompileOptions.DEFAULT_LOG2_P_FAIL, List.of(HostileArtifacts.PBS)));
    return new ClientArtifact(
        "hostile",
        "1",
        List.of("x"),
        List.of(new UniformQuantizer(1, 0, new NBits(3), false)),
        new double[] {1},
        new double[1],
        PostProcessing.regression(Activation.IDENTITY),
        c.parameters().id(),
        c.report());
  }

  private static void resetHeapPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks: an upper bound of the heap used at any one time. */
  private static long heapPeakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
