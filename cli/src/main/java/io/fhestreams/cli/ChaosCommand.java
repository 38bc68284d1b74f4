package io.fhestreams.cli;

import io.fhestreams.cli.chaos.ChaosRun;
import io.fhestreams.cli.chaos.ChaosRun.InjectedFault;
import io.fhestreams.cli.chaos.ChaosRun.Report;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe chaos}: the scale-out scenario under faults ({@link ChaosRun}): {@code fhe broker},
 * {@code fhe registry} and several {@code fhe app} as processes of their own, a mixed encrypted
 * load from several client identities, SIGKILLs and restarts on a schedule; exits 1 unless every
 * request was answered exactly once and exactly.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Start fhe broker, fhe registry and --apps x fhe app as separate processes, send encrypted records of the bundled",
      "logistic regression and XGBoost ensemble from several client identities, and inject faults on a schedule:",
      "SIGKILL of an app instance and its restart, registry restart, registry outage, broker restart.",
      "Checks every request id: exactly one prediction, decrypted equal to the clear-quantized model, nothing",
      "dead-lettered. Prints records/s, p50/p99 latency and each fault's longest output gap; exit 1 on any loss,",
      "duplicate, mismatch or dead letter. For local runs and tests: the broker is not for production."
    })
public final class ChaosCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--apps",
      defaultValue = "3",
      paramLabel = "N",
      description = "app instances (default: ${DEFAULT-VALUE})")
  int apps;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      paramLabel = "N",
      description =
          "partitions of the request and prediction topics, as in docker/compose.yaml (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--linear-records",
      defaultValue = "2000",
      paramLabel = "N",
      description = "logistic-regression records (default: ${DEFAULT-VALUE})")
  int linearRecords;

  @Option(
      names = "--tree-records",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "XGBoost records, spread over the linear load's duration; seconds of bootstrapping each (default: ${DEFAULT-VALUE})")
  int treeRecords;

  @Option(
      names = "--linear-clients",
      paramLabel = "N",
      description =
          "linear clients, each with its own keys, on distinct partitions while any is free (default: --partitions)")
  Integer linearClients;

  @Option(
      names = "--tree-clients",
      defaultValue = "2",
      paramLabel = "N",
      description =
          "tree clients, each with its own keys, on distinct partitions while any is free (default: ${DEFAULT-VALUE})")
  int treeClients;

  @Option(
      names = "--linear-rate",
      defaultValue = "25",
      paramLabel = "R",
      description = "linear records sent per second (default: ${DEFAULT-VALUE})")
  double linearRate;

  @Option(
      names = "--kills",
      defaultValue = "2",
      paramLabel = "N",
      description =
          "SIGKILLs of an app instance, round-robin, each followed by its restart (default: ${DEFAULT-VALUE})")
  int kills;

  @Option(
      names = "--registry-restarts",
      defaultValue = "1",
      paramLabel = "N",
      description = "registry restarts (default: ${DEFAULT-VALUE})")
  int registryRestarts;

  @Option(
      names = "--registry-outages",
      defaultValue = "0",
      paramLabel = "N",
      description = "registry outages of --outage each (default: ${DEFAULT-VALUE})")
  int registryOutages;

  @Option(
      names = "--outage",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description = "length of a registry outage (default: ${DEFAULT-VALUE})")
  int outageSeconds;

  @Option(
      names = "--broker-restarts",
      defaultValue = "0",
      paramLabel = "N",
      description = "broker restarts (default: ${DEFAULT-VALUE})")
  int brokerRestarts;

  @Option(
      names = "--first-fault",
      defaultValue = "15",
      paramLabel = "SECONDS",
      description = "load time before the first fault (default: ${DEFAULT-VALUE})")
  int firstFaultSeconds;

  @Option(
      names = "--fault-interval",
      defaultValue = "15",
      paramLabel = "SECONDS",
      description = "time from one fault's recovery to the next fault (default: ${DEFAULT-VALUE})")
  int faultIntervalSeconds;

  @Option(
      names = "--restart-delay",
      defaultValue = "2",
      paramLabel = "SECONDS",
      description = "time a killed instance stays down (default: ${DEFAULT-VALUE})")
  int restartDelaySeconds;

  @Option(
      names = "--answer-timeout",
      defaultValue = "600",
      paramLabel = "SECONDS",
      description =
          "how long a request may wait for its answer before it counts as lost (default: ${DEFAULT-VALUE})")
  int answerTimeoutSeconds;

  @Option(
      names = "--pin-apps",
      description =
          "run app instance i on core (i - 1) mod the machine's cores (taskset), to measure scaling per core")
  boolean pinApps;

  @Option(
      names = "--fhe-jar",
      paramLabel = "JAR",
      description =
          "the fhe jar the processes run (default: the jar of this command, else its class path)")
  Path fheJar;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "where the processes keep data and logs (default: a temporary directory, deleted afterwards)")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    ChaosRun.Settings settings =
        new ChaosRun.Settings(
            apps,
            partitions,
            linearRecords,
            treeRecords,
            linearClients == null ? partitions : linearClients,
            treeRecords > 0 ? treeClients : 0,
            linearRate,
            kills,
            registryRestarts,
            registryOutages,
            Duration.ofSeconds(outageSeconds),
            brokerRestarts,
            Duration.ofSeconds(firstFaultSeconds),
            Duration.ofSeconds(faultIntervalSeconds),
            Duration.ofSeconds(restartDelaySeconds),
            Duration.ofSeconds(answerTimeoutSeconds),
            pinApps);
    Path jar = fheJar != null ? fheJar : runningJar();
    if (!Files.exists(jar)) {
      throw new IllegalArgumentException("--fhe-jar " + jar + " does not exist");
    }
    boolean temporary = workDir == null;
    Path dir =
        temporary ? Files.createTempDirectory("fhe-chaos") : Files.createDirectories(workDir);
    PrintStream out = new PrintStream(new CommandOutputStream(spec), true, StandardCharsets.UTF_8);
    try {
      Report report = new ChaosRun(out, dir, jar, settings).run();
      print(out, report);
      return report.clean() ? 0 : 1;
    } finally {
      if (temporary) {
        DemoCommand.deleteRecursively(dir);
      }
    }
  }

  /** The jar this command runs from, or its class path when it runs from classes (tests). */
  private static Path runningJar() throws Exception {
    Path location =
        Path.of(FheCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return Files.isRegularFile(location)
        ? location
        : Path.of(System.getProperty("java.class.path"));
  }

  private static void print(PrintStream out, Report r) {
    out.println();
    out.printf("CHAOS REPORT (%s)%n", Instant.now());
    out.printf(
        "  records: %d linear + %d tree sent, %d answered; lost %d, duplicated %d, mismatched %d, dead-lettered %d%n",
        r.sentLinear(),
        r.sentTrees(),
        r.answered(),
        r.lost(),
        r.duplicated(),
        r.mismatched(),
        r.deadLettered());
    out.printf("  throughput: %.3g records/s over %.1f s%n", r.recordsPerSecond(), r.seconds());
    out.printf(
        "  latency linear: %s; tree: %s%n",
        latency(r.linearP50P99Millis()), latency(r.treeP50P99Millis()));
    out.printf(
        "  longest output gap of a partition before the first fault: %.1f s%n",
        r.baselineGapSeconds());
    for (InjectedFault f : r.faults()) {
      out.printf(
          "  fault at +%.1f s: %s (%s), restored in %.1f s; longest output gap after it %.1f s (partition %d)%s%n",
          (f.injectedAtMillis() - r.faults().get(0).injectedAtMillis()) / 1e3,
          f.fault().name(),
          f.target(),
          (f.restoredAtMillis() - f.injectedAtMillis()) / 1e3,
          f.longestGapSeconds(),
          f.gapPartition(),
          f.underLoad() ? "" : " [after the load ended]");
    }
    r.problems().forEach(p -> out.println("  problem: " + p));
    out.println(r.clean() ? "RESULT: OK" : "RESULT: FAILED");
  }

  private static String latency(double[] p50p99) {
    return p50p99.length == 0
        ? "none"
        : String.format("p50 %.0f ms, p99 %.0f ms", p50p99[0], p50p99[1]);
  }
}
