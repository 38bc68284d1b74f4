package io.fhestreams.cli;

import io.fhestreams.clients.consumer.DecryptedPrediction;
import io.fhestreams.clients.consumer.SentRequests;
import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.clients.producer.EncryptedProducer;
import io.fhestreams.clients.producer.KafkaEndpoints;
import io.fhestreams.clients.producer.RequestSpread;
import io.fhestreams.clients.producer.StageTarget;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.quantization.Prediction;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe send}: encrypts every row of a CSV with the client's key, sends each as a request
 * through Kafka, waits for the answers, decrypts them and writes one row per input row: {@code
 * request_id}, {@code prediction}, then the output values. Uploads the evaluation keys first if the
 * registry lacks them. Exit code 3 when some request failed (dead-lettered or timed out).
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description =
        "Encrypt the rows of a CSV, send them through Kafka, and write the decrypted predictions.")
public final class SendCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RegistryTlsOptions registryTls;

  @Mixin KeystoreOptions keys;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "CSV",
      description = "features: a header row, then one row per sample")
  Path input;

  @Option(
      names = "--registry",
      required = true,
      paramLabel = "URL",
      description = "base URL of the model registry")
  URI registry;

  @Option(
      names = "--token",
      required = true,
      defaultValue = "${env:FHE_REGISTRY_TOKEN}",
      paramLabel = "TOKEN",
      description = "bearer token with the key-owner role (default: $FHE_REGISTRY_TOKEN)")
  String token;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "model name in the registry (default: the compiled model's name)")
  String name;

  @Option(
      names = "--model-version",
      paramLabel = "V",
      description = "model version in the registry (default: the latest)")
  Integer version;

  @Option(
      names = "--stage",
      paramLabel = "STAGE",
      description =
          "address the stage (e.g. production) instead of a version: encrypts with the client"
              + " artifact of the stage's current version, downloaded from the registry; each"
              + " prediction names the version that answered")
  String stage;

  @Option(
      names = "--out",
      paramLabel = "CSV",
      description = "where to write the predictions (default: standard output)")
  Path out;

  @Option(
      names = "--in-flight",
      defaultValue = "32",
      paramLabel = "N",
      description = "requests awaiting an answer at once (default: ${DEFAULT-VALUE})")
  int inFlight;

  @Option(
      names = "--spread",
      defaultValue = "" + RequestSpread.DEFAULT,
      paramLabel = "S",
      description =
          "partitions the records are spread over (key id + one of S buckets, round-robin), so that up to S app"
              + " instances answer them in parallel, each caching the keys; 1: all on the key id's partition"
              + " (default: ${DEFAULT-VALUE})")
  int spread;

  @Option(
      names = "--timeout",
      defaultValue = "PT2M",
      paramLabel = "DURATION",
      description = "how long each request waits for its answer (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    if (inFlight < 1) {
      throw new IllegalArgumentException("--in-flight must be at least 1, got " + inFlight);
    }
    if (spread < 1 || spread > RequestSpread.MAX) {
      throw new IllegalArgumentException(
          "--spread must be in [1, " + RequestSpread.MAX + "], got " + spread);
    }
    if (stage != null && version != null) {
      throw new IllegalArgumentException("give --stage or --model-version, not both");
    }
    RegistryClient registryClient = registryTls.client(registry, token);
    StageTarget target =
        stage == null
            ? null
            : StageTarget.resolve(
                registryClient,
                ModelName.of(name != null ? name : keys.clientArtifact().modelName()),
                Stage.parse(stage));
    ClientIdentity identity =
        target == null
            ? keys.load()
            : ClientIdentity.load(keys.keystore, keys.password(), target.clientArtifact());
    Dataset data = Dataset.readCsv(input);
    List<String> expected = identity.client().artifact().featureNames();
    if (!data.columns().equals(expected)) {
      throw new IllegalArgumentException(
          input
              + ": columns "
              + data.columns()
              + " do not match the model's input schema "
              + expected);
    }
    ModelName modelName =
        target != null
            ? target.version().model()
            : ModelName.of(name != null ? name : identity.client().artifact().modelName());
    ModelVersion modelVersion =
        target != null
            ? target.version().version()
            : version != null ? ModelVersion.of(version) : latest(registryClient, modelName);
    // fhe watch decrypts only the answers to the ids in this journal
    SentRequests journal = SentRequests.journal(SentRequests.journalBeside(keys.keystore));
    KafkaEndpoints endpoints = kafka.endpoints(registry.toString(), token);
    double[][] rows = data.rows();
    List<CompletableFuture<DecryptedPrediction>> answers = new ArrayList<>(rows.length);
    Semaphore window = new Semaphore(inFlight);
    try (EncryptedProducer producer =
            target != null
                ? EncryptedProducer.open(
                    endpoints, identity, registryClient, target, timeout, journal, spread)
                : EncryptedProducer.open(
                    endpoints,
                    identity,
                    registryClient,
                    modelName,
                    modelVersion,
                    timeout,
                    journal,
                    spread);
        ProgressBar bar =
            System.console() != null
                ? new ProgressBar(
                    "send "
                        + modelName
                        + (target != null ? " " + target.stage().wireName() : "")
                        + " v"
                        + modelVersion,
                    rows.length)
                : null) {
      for (double[] row : rows) {
        window.acquire();
        CompletableFuture<DecryptedPrediction> answer = producer.send(row);
        answer.whenComplete(
            (p, e) -> {
              window.release();
              if (bar != null) {
                bar.step();
              }
            });
        answers.add(answer);
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .join();
    }
    return write(answers);
  }

  private int write(List<CompletableFuture<DecryptedPrediction>> answers) throws Exception {
    int failed = 0;
    String firstFailure = null;
    Map<String, Integer> answeredBy = new TreeMap<>();
    PrintWriter w =
        out == null
            ? spec.commandLine().getOut()
            : new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
    try {
      w.println("request_id,prediction,values");
      for (CompletableFuture<DecryptedPrediction> a : answers) {
        try {
          DecryptedPrediction d = a.join();
          answeredBy.merge(d.modelVersion(), 1, Integer::sum);
          w.println(d.requestId() + "," + label(d.prediction()) + "," + values(d.prediction()));
        } catch (CompletionException e) {
          failed++;
          if (firstFailure == null) {
            firstFailure = FheCommand.describe(e.getCause());
          }
        }
      }
    } finally {
      w.flush();
      if (out != null) {
        w.close();
      }
    }
    if (stage != null && !answeredBy.isEmpty()) {
      // which versions of the stage answered (a promotion during the run shows as two)
      spec.commandLine()
          .getErr()
          .println("fhe send: stage " + stage + " answered by version(s) " + answeredBy);
      spec.commandLine().getErr().flush();
    }
    if (failed > 0) {
      spec.commandLine()
          .getErr()
          .println(
              "fhe send: "
                  + failed
                  + " of "
                  + answers.size()
                  + " requests failed; first: "
                  + firstFailure);
      spec.commandLine().getErr().flush();
      return 3;
    }
    if (out != null) {
      spec.commandLine()
          .getOut()
          .println("wrote " + answers.size() + " decrypted predictions to " + out);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  private static ModelVersion latest(RegistryClient registry, ModelName name) {
    List<ModelVersionInfo> versions = registry.versions(name);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException(
          "model " + name + " has no version in the registry (run fhe publish first)");
    }
    return versions.get(versions.size() - 1).version();
  }

  static String label(Prediction p) {
    return p.classifier() ? Long.toString(p.label()) : Double.toString(p.values()[0]);
  }

  static String values(Prediction p) {
    StringBuilder s = new StringBuilder();
    for (double v : p.values()) {
      s.append(s.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.6g", v));
    }
    return s.toString();
  }
}
