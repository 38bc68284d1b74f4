package io.fhestreams.cli.demo;

import io.fhestreams.clients.consumer.DecryptedPrediction;
import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.clients.producer.EncryptedProducer;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheModel;
import io.fhestreams.ml.models.trees.FheTreeEnsembleModel;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.registry.api.ArtifactHalf;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;

/**
 * The end-to-end demo, everything in this process: a KRaft broker, the model registry on a
 * temporary directory and the streams app with the registry backend. It compiles the bundled
 * logistic regression and XGBoost tree ensemble on breast cancer, publishes both, and for each
 * generates a client's keys (real evaluation keys for the bootstrapping trees), sends test samples
 * encrypted through Kafka, decrypts the answers, and prints what it measured. Every decrypted
 * prediction is checked against the same model run in the clear on the same quantized inputs.
 */
public final class EndToEndDemo {
  /** Name of the bundled logistic regression in the registry. */
  public static final String MODEL_NAME = "breast-cancer-logistic";

  /** Name of the bundled tree ensemble (XGBoost, 20 trees of depth 4) in the registry. */
  public static final String TREE_MODEL_NAME = "breast-cancer-xgboost";

  /** How long one request may await its answer; a tree sample costs seconds of bootstrapping. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(3);

  /**
   * What one model's run measured; {@link #mismatches()} == 0 means every encrypted answer was
   * exact.
   */
  public record Outcome(
      String model,
      int records,
      int mismatches,
      double accuracyFloat,
      double accuracyEncrypted,
      double p50Millis,
      double p99Millis,
      double recordsPerSecond) {}

  private final PrintStream out;
  private final Path workDir;
  private final int maxRecords;
  private final int treeRecords;
  private final int inFlight;

  /** A bundled model, compiled: where it goes in the registry, how many test samples it scores. */
  private record Bundled(
      String registryName,
      String description,
      ModelArtifacts artifacts,
      Function<double[][], Prediction[]> floatModel,
      int records) {}

  /**
   * A demo that writes to {@code out} and keeps its state (broker logs, registry files, keys) in
   * {@code workDir}.
   *
   * @param maxRecords how many test samples to send to the logistic regression (all of them when
   *     larger)
   * @param treeRecords how many test samples to send to the tree ensemble afterwards (0 skips it)
   * @param inFlight how many requests may await their answer at once
   */
  public EndToEndDemo(
      PrintStream out, Path workDir, int maxRecords, int treeRecords, int inFlight) {
    if (maxRecords < 1 || inFlight < 1) {
      throw new IllegalArgumentException(
          "records and in-flight must be at least 1, got " + maxRecords + " and " + inFlight);
    }
    if (treeRecords < 0) {
      throw new IllegalArgumentException("tree records must be at least 0, got " + treeRecords);
    }
    this.out = out;
    this.workDir = workDir;
    this.maxRecords = maxRecords;
    this.treeRecords = treeRecords;
    this.inFlight = inFlight;
  }

  /**
   * Runs the demo; one outcome per bundled model scored, each saying whether every decrypted
   * prediction was exact.
   */
  public List<Outcome> run() throws Exception {
    long t0 = System.nanoTime();
    BundledModels bundled = new BundledModels(workDir.resolve("bundled"));
    Dataset train = bundled.train();
    Dataset test = bundled.test();
    double[] labels = bundled.testLabels();
    List<Bundled> models = new ArrayList<>();
    FheModel linear = bundled.linear(train);
    models.add(
        new Bundled(
            MODEL_NAME,
            "logistic regression on breast cancer (bundled demo model)",
            linear.artifacts(),
            linear::predictFloat,
            maxRecords));
    step(
        t0,
        "compiled "
            + linear.name()
            + " ("
            + train.rows().length
            + " calibration rows, parameter set "
            + linear.artifacts().client().parameterSetId()
            + ")");
    if (treeRecords > 0) {
      FheTreeEnsembleModel trees = bundled.trees(train);
      models.add(
          new Bundled(
              TREE_MODEL_NAME,
              "XGBoost tree ensemble on breast cancer (bundled demo model)",
              trees.artifacts(),
              trees::predictFloat,
              treeRecords));
      step(
          t0,
          "compiled "
              + trees.name()
              + " ("
              + trees.ensemble().trees().size()
              + " trees, "
              + trees.bootstrapsPerSample()
              + " bootstraps/sample, parameter set "
              + trees.artifacts().client().parameterSetId()
              + ")");
    }

    try (LocalStack stack = LocalStack.start(workDir)) {
      step(
          t0,
          "in process: KRaft broker on "
              + stack.bootstrapServers()
              + ", registry on "
              + stack.registryUri()
              + ", streams app running (backend '"
              + LocalStack.BACKEND
              + "')");
      List<Outcome> outcomes = new ArrayList<>();
      for (Bundled model : models) {
        outcomes.add(publishAndScore(stack, model, test, labels, t0));
      }
      out.printf("total run time %.1f s%n%n", (System.nanoTime() - t0) / 1e9);
      int mismatches = outcomes.stream().mapToInt(Outcome::mismatches).sum();
      out.println(
          mismatches == 0
              ? "OK: every decrypted prediction equals the clear-quantized model's."
              : "FAILED: "
                  + mismatches
                  + " decrypted predictions differ from the clear-quantized model's.");
      return outcomes;
    }
  }

  /**
   * Publishes {@code model}, then plays its client: downloads the client half, keys, sends,
   * decrypts.
   */
  private Outcome publishAndScore(
      LocalStack stack, Bundled model, Dataset test, double[] labels, long t0) throws Exception {
    Path modelDir = workDir.resolve("model-" + model.registryName());
    model.artifacts().save(modelDir);
    RegistryClient registryClient = stack.registryClient();
    ModelName name = ModelName.of(model.registryName());
    registryClient.createModel(name, model.description());
    ModelVersionInfo version =
        registryClient.publishVersion(
            name,
            modelDir.resolve(ModelArtifacts.CLIENT_FILE),
            modelDir.resolve(ModelArtifacts.SERVER_FILE));
    // The app serves production versions only.
    registryClient.setStage(name, version.version(), Stage.PRODUCTION);
    step(t0, "published " + name + " v" + version.version() + " to the registry (production)");
    // the client side: the client half from the registry, fresh keys, uploaded once
    Path clientFile = workDir.resolve("downloaded-" + model.registryName() + ".fhe");
    registryClient.downloadArtifact(name, version.version(), ArtifactHalf.CLIENT, clientFile);
    ClientArtifact clientArtifact = ClientArtifact.load(clientFile);
    long keygen = System.nanoTime();
    ClientIdentity identity =
        ClientIdentity.loadOrGenerate(
            workDir.resolve(model.registryName() + ".keystore"), null, clientArtifact);
    double keygenMillis = (System.nanoTime() - keygen) / 1e6;
    try (EncryptedProducer producer =
        EncryptedProducer.open(
            stack.kafkaEndpoints(),
            identity,
            registryClient,
            name,
            version.version(),
            ANSWER_TIMEOUT)) {
      step(
          t0,
          "client keys generated in "
              + String.format("%.0f", keygenMillis)
              + " ms (keystore 600), key id "
              + identity.keyId().hex().substring(0, 16)
              + "..., evaluation keys "
              + (producer.uploadedKeys() ? "uploaded" : "already in the registry"));
      return score(model, test, labels, identity, producer, t0);
    }
  }

  private Outcome score(
      Bundled model,
      Dataset test,
      double[] labels,
      ClientIdentity identity,
      EncryptedProducer producer,
      long t0)
      throws Exception {
    int n = Math.min(model.records(), test.rows().length);
    double[][] rows = Arrays.copyOf(test.rows(), n);
    FheServer clear = FheServer.of(model.artifacts().server());
    ClientArtifact client = model.artifacts().client();
    List<CompletableFuture<DecryptedPrediction>> answers = new ArrayList<>(n);
    Semaphore window = new Semaphore(inFlight);
    long inputBytes = 0;
    long start = System.nanoTime();
    try (ProgressBar bar =
        System.console() != null ? new ProgressBar(model.registryName(), n) : null) {
      for (double[] row : rows) {
        window.acquire();
        byte[] encrypted = identity.client().quantizeEncrypt(row);
        inputBytes += encrypted.length;
        CompletableFuture<DecryptedPrediction> answer = producer.sendEncrypted(encrypted);
        answer.whenComplete(
            (p, e) -> {
              window.release();
              if (bar != null) {
                bar.step();
              }
            });
        answers.add(answer);
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    step(t0, "sent " + n + " encrypted records and decrypted " + n + " predictions");

    Prediction[] fp32 = model.floatModel().apply(rows);
    int mismatches = 0;
    int correctFloat = 0;
    int correctEncrypted = 0;
    double[] latencies = new double[n];
    double[] server = new double[n];
    long outputBytes = 0;
    for (int i = 0; i < n; i++) {
      DecryptedPrediction d = answers.get(i).get();
      long[] expected = clear.runClear(client.quantize(rows[i]));
      if (!Arrays.equals(expected, d.outputs())
          || !client.dequantize(expected).equals(d.prediction())) {
        mismatches++;
      }
      correctFloat += fp32[i].label() == (long) labels[i] ? 1 : 0;
      correctEncrypted += d.prediction().label() == (long) labels[i] ? 1 : 0;
      latencies[i] = d.endToEnd().toNanos() / 1e6;
      server[i] = d.serverProcessing().toNanos() / 1e6;
      outputBytes += d.outputCiphertextBytes();
    }
    Arrays.sort(latencies);
    Arrays.sort(server);
    Outcome o =
        new Outcome(
            model.registryName(),
            n,
            mismatches,
            (double) correctFloat / n,
            (double) correctEncrypted / n,
            percentile(latencies, 0.50),
            percentile(latencies, 0.99),
            n / seconds);
    out.println();
    row(
        "model",
        model.registryName()
            + " ("
            + client.featureNames().size()
            + " features, "
            + client.report().bootstraps()
            + " bootstraps/sample, "
            + client.parameterSetId()
            + ")");
    row("records scored through Kafka", Integer.toString(n));
    row("accuracy fp32 (clear, float)", String.format("%.2f %%", 100 * o.accuracyFloat()));
    row(
        "accuracy encrypted (decrypted answers)",
        String.format("%.2f %%", 100 * o.accuracyEncrypted()));
    row("encrypted == clear-quantized", (n - mismatches) + " / " + n);
    row(
        "end-to-end latency p50 / p99",
        String.format("%.1f ms / %.1f ms (%d in flight)", o.p50Millis(), o.p99Millis(), inFlight));
    row(
        "server processing p50 / p99",
        String.format("%.2f ms / %.2f ms", percentile(server, 0.5), percentile(server, 0.99)));
    row("throughput", String.format("%.2f records/s", o.recordsPerSecond()));
    row("client secret key (stays in this process)", bytes(client.report().clientKeyBytes()));
    row("evaluation keys (uploaded once)", bytes(identity.evaluationKeys().length));
    row("input ciphertext per record", bytes(inputBytes / n));
    row("output ciphertext per record", bytes(outputBytes / n));
    out.println();
    return o;
  }

  private void row(String label, String value) {
    out.printf("  %-44s %s%n", label, value);
  }

  private void step(long t0, String what) {
    out.printf("[%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
  }

  private static String bytes(long n) {
    return n < 10_240
        ? n + " B"
        : n < 10L << 20
            ? String.format("%.1f KiB (%d B)", n / 1024.0, n)
            : String.format("%.1f MiB (%d B)", n / 1048576.0, n);
  }

  /** The value at quantile {@code q} of sorted {@code values} (nearest rank). */
  public static double percentile(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
