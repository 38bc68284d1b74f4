package io.fhestreams.cli;

import io.fhestreams.cli.demo.EndToEndDemo;
import io.fhestreams.cli.demo.EngineTour;
import io.fhestreams.engine.params.ParameterSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fhe demo}: the end-to-end demo on embedded defaults (broker, registry and streams app in
 * this process); {@code --engine-only} runs the engine tour alone. Exit code 0 only when every
 * decrypted value equals the clear computation, 2 when one differs.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the end-to-end demo in process: a KRaft broker, the model registry and the streams app; "
            + "compile the bundled models (logistic regression, XGBoost trees), send encrypted records through Kafka, decrypt and check the answers.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--records",
      defaultValue = "171",
      paramLabel = "N",
      description =
          "how many test samples to send (at most the 171 bundled; default: ${DEFAULT-VALUE})")
  int records;

  @Option(
      names = "--tree-records",
      defaultValue = "6",
      paramLabel = "N",
      description =
          "how many test samples to send to the XGBoost tree ensemble afterwards, each costing seconds of "
              + "bootstrapping; 0 skips it (default: ${DEFAULT-VALUE})")
  int treeRecords;

  @Option(
      names = "--in-flight",
      defaultValue = "8",
      paramLabel = "N",
      description = "requests awaiting their answer at once (default: ${DEFAULT-VALUE})")
  int inFlight;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "where to keep the broker, registry and key files (default: a temporary directory, deleted afterwards)")
  Path workDir;

  @Option(
      names = "--engine-only",
      description = "run only the engine tour (keys, encryption, bootstrapping, decryption)")
  boolean engineOnly;

  @Option(
      names = "--values",
      defaultValue = "16",
      paramLabel = "N",
      description = "engine tour: how many values to encrypt (default: ${DEFAULT-VALUE})")
  int values;

  @Option(
      names = "--seed",
      defaultValue = "2026",
      description = "engine tour: seed of the random messages (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (engineOnly) {
      if (values < 1) {
        throw new IllegalArgumentException("--values must be at least 1, got " + values);
      }
      EngineTour.Outcome outcome =
          new EngineTour(System.out)
              .run(
                  ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64,
                  values,
                  x -> (x * x + 3) % 16,
                  "f(x) = (x*x + 3) mod 16",
                  seed);
      return outcome.wrong() == 0 ? 0 : 2;
    }
    boolean temporary = workDir == null;
    Path dir = temporary ? Files.createTempDirectory("fhe-demo") : Files.createDirectories(workDir);
    try {
      List<EndToEndDemo.Outcome> outcomes =
          new EndToEndDemo(System.out, dir, records, treeRecords, inFlight).run();
      return outcomes.stream().allMatch(o -> o.mismatches() == 0) ? 0 : 2;
    } finally {
      if (temporary) {
        deleteRecursively(dir);
      }
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("fhe demo: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
