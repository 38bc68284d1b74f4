package io.fhestreams.cli;

import io.fhestreams.cli.demo.LocalStack;
import io.fhestreams.cli.demo.StreamsThroughput;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe bench}: a local run of a compiled model without Kafka: key generation once, then for N
 * samples encryption, homomorphic evaluation and decryption, each timed; prints milliseconds per
 * sample per phase and checks every decrypted output against the circuit in the clear (exit 2 on a
 * mismatch). With {@code --kafka}, the same model through the whole stack in this process instead
 * ({@link StreamsThroughput}: broker, registry, streams app) for each {@code --stream-threads}
 * count. Wall-clock figures of one run, not a JMH benchmark.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Time encryption, homomorphic evaluation and decryption of a compiled model locally, without Kafka; "
            + "with --kafka, records/s and latency through an in-process broker, registry and streams app.")
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "directory written by fhe compile")
  Path model;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "CSV",
      description = "features: a header row, then one row per sample (cycled)")
  Path input;

  @Option(
      names = "--samples",
      defaultValue = "20",
      paramLabel = "N",
      description =
          "samples to run; with --kafka, per phase and configuration (default: ${DEFAULT-VALUE})")
  int samples;

  @Option(
      names = "--kafka",
      description =
          "run through an in-process KRaft broker, model registry and streams app "
              + "(exactly-once, read_committed clients): a burst, then a steady rate, for each --stream-threads count")
  boolean kafka;

  @Option(
      names = "--stream-threads",
      defaultValue = "1,2",
      split = ",",
      paramLabel = "N[,N...]",
      description =
          "with --kafka: num.stream.threads of each configuration (default: ${DEFAULT-VALUE})")
  List<Integer> streamThreads;

  @Option(
      names = "--steady-samples",
      paramLabel = "N",
      description =
          "with --kafka: samples sent at a steady rate after the burst, 0 for none (default: --samples)")
  Integer steadySamples;

  @Option(
      names = "--warmup-samples",
      paramLabel = "N",
      description =
          "samples run untimed first, so that the figures are of compiled code; with --kafka, sent and"
              + " answered before the burst of each configuration (default: 0 locally, --samples with"
              + " --kafka)")
  Integer warmupSamples;

  @Option(
      names = "--steady-fraction",
      defaultValue = "0.8",
      paramLabel = "F",
      description =
          "with --kafka: rate of the steady phase as a fraction of the burst's records/s (default: ${DEFAULT-VALUE})")
  double steadyFraction;

  @Option(
      names = "--clients",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "with --kafka: clients sending, each with its own keys and partition, at most "
              + LocalStack.PARTITIONS
              + "; 0 for one per stream thread (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "with --kafka: where to keep brokers, registries and keys (default: a temporary directory, deleted afterwards)")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    if (samples < 1) {
      throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
    }
    ModelArtifacts artifacts = ModelArtifacts.load(model);
    Dataset data = Dataset.readCsv(input);
    if (!data.columns().equals(artifacts.client().featureNames())) {
      throw new IllegalArgumentException(
          input
              + ": columns "
              + data.columns()
              + " do not match the model's input schema "
              + artifacts.client().featureNames());
    }
    if (kafka) {
      return throughKafka(artifacts, data);
    }
    long t = System.nanoTime();
    FheClient client = FheClient.generateKeys(artifacts.client());
    double keygen = millisSince(t);
    t = System.nanoTime();
    byte[] keyBlob = client.evaluationKeys();
    double evkGen = millisSince(t);
    FheServer server = FheServer.of(artifacts.server());
    t = System.nanoTime();
    EvaluationKeys keys =
        FheServer.readEvaluationKeys(
            keyBlob, ParameterSets.byId(artifacts.client().parameterSetId()));
    double evkLoad = millisSince(t);
    int warmup = warmupSamples == null ? 0 : warmupSamples;
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup-samples must be at least 0, got " + warmup);
    }
    double[] encrypt = new double[warmup + samples];
    double[] evaluate = new double[warmup + samples];
    double[] decrypt = new double[warmup + samples];
    long inBytes = 0;
    long outBytes = 0;
    int mismatches = 0;
    double[][] rows = data.rows();
    for (int i = 0; i < warmup + samples; i++) {
      double[] x = rows[i % rows.length];
      t = System.nanoTime();
      byte[] in = client.quantizeEncrypt(x);
      encrypt[i] = millisSince(t);
      t = System.nanoTime();
      byte[] out = server.run(in, keys);
      evaluate[i] = millisSince(t);
      t = System.nanoTime();
      long[] y = client.decrypt(out);
      decrypt[i] = millisSince(t);
      if (!Arrays.equals(y, server.runClear(artifacts.client().quantize(x)))) {
        mismatches++;
      }
      if (i >= warmup) {
        inBytes += in.length;
        outBytes += out.length;
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "bench %s: %d samples%s, parameter set %s, %d bootstraps/sample%n",
        artifacts.client().modelName(),
        samples,
        warmup > 0 ? " after " + warmup + " untimed" : "",
        artifacts.client().parameterSetId(),
        artifacts.client().report().bootstraps());
    w.printf("  %-22s %10.1f ms (once)%n", "client key generation", keygen);
    w.printf("  %-22s %10.1f ms (once, %d bytes)%n", "evaluation keys", evkGen, keyBlob.length);
    w.printf("  %-22s %10.1f ms (once)%n", "server key loading", evkLoad);
    w.printf("  %-22s %10s %10s %10s%n", "ms/sample", "mean", "p50", "max");
    phase(w, "encrypt", Arrays.copyOfRange(encrypt, warmup, encrypt.length));
    phase(w, "evaluate", Arrays.copyOfRange(evaluate, warmup, evaluate.length));
    phase(w, "decrypt", Arrays.copyOfRange(decrypt, warmup, decrypt.length));
    w.printf(
        "  %-22s %d B in, %d B out%n", "ciphertext/sample", inBytes / samples, outBytes / samples);
    w.printf(
        "  %-22s %d / %d%n", "exact (vs clear)", warmup + samples - mismatches, warmup + samples);
    w.flush();
    if (mismatches > 0) {
      spec.commandLine()
          .getErr()
          .println(
              "fhe bench: "
                  + mismatches
                  + " of "
                  + (warmup + samples)
                  + " decrypted outputs differ from the clear circuit");
      spec.commandLine().getErr().flush();
      return 2;
    }
    return 0;
  }

  private int throughKafka(ModelArtifacts artifacts, Dataset data) throws Exception {
    if (streamThreads.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException(
          "--stream-threads must all be at least 1, got " + streamThreads);
    }
    boolean temporary = workDir == null;
    Path dir =
        temporary ? Files.createTempDirectory("fhe-bench") : Files.createDirectories(workDir);
    try {
      StreamsThroughput.Outcome o =
          new StreamsThroughput(
                  spec.commandLine().getOut(),
                  dir,
                  artifacts,
                  data.rows(),
                  warmupSamples == null ? samples : warmupSamples,
                  samples,
                  steadySamples == null ? samples : steadySamples,
                  steadyFraction,
                  clients)
              .run(streamThreads);
      if (!o.clean()) {
        spec.commandLine()
            .getErr()
            .printf(
                "fhe bench: %d decrypted outputs differ from the clear circuit, %d requests lost,"
                    + " %d duplicated%n",
                o.mismatches(), o.lost(), o.duplicated());
        spec.commandLine().getErr().flush();
        return 2;
      }
      return 0;
    } finally {
      if (temporary) {
        DemoCommand.deleteRecursively(dir);
      }
    }
  }

  private static void phase(PrintWriter w, String name, double[] millis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    w.printf(
        "  %-22s %10.3f %10.3f %10.3f%n",
        name,
        Arrays.stream(millis).average().orElse(0),
        sorted[sorted.length / 2],
        sorted[sorted.length - 1]);
  }

  private static double millisSince(long start) {
    return (System.nanoTime() - start) / 1e6;
  }
}
