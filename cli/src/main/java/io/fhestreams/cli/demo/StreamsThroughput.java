package io.fhestreams.cli.demo;

import io.fhestreams.clients.consumer.DecryptedPrediction;
import io.fhestreams.clients.consumer.PredictionConsumer;
import io.fhestreams.clients.consumer.SentRequests;
import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.clients.producer.EncryptedProducer;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * Throughput and latency of a compiled model through the whole stack of {@link LocalStack} (KRaft
 * broker, model registry, the streams app with the registry backend, exactly-once, read_committed
 * clients), for each number of stream threads asked: a fresh stack, one client (own keys, own key
 * id, so its own partition of {@code fhe.requests}) per stream thread or as many as asked, a
 * warm-up burst that is not timed (keys fetched and decoded, the whole path compiled by the JIT:
 * without it a cheap model's burst measures the interpreter and the compiler threads), then a burst
 * of pre-encrypted requests (latency there is mostly queueing), then pre-encrypted requests sent at
 * a steady rate below the burst's throughput (latency there is mostly service time).
 *
 * <p>Per phase it prints records/s, end-to-end latency (request created → prediction decrypted by
 * its client) p50/p99, the CPU time of the app's threads per record (the shared worker pool and the
 * stream threads, from the JVM's per-thread CPU clocks) and the load average. Afterwards it reads
 * {@code fhe.predictions} from the beginning (read_committed) and counts the predictions of every
 * request id: a lost or duplicated record, or a decrypted answer differing from the clear circuit,
 * is counted and fails the run.
 */
public final class StreamsThroughput {
  /** Registry name the model is published under. */
  private static final String MODEL_NAME = "throughput-model";

  /** How long one answer may take; a burst of tree samples queues for minutes. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(15);

  /** One phase's figures. */
  public record Figures(
      int streamThreads,
      String mode,
      int records,
      double recordsPerSecond,
      double p50Millis,
      double p99Millis,
      /* the worker pool and the deadline threads */
      double workerCpuSecondsPerRecord,
      double streamThreadCpuSecondsPerRecord,
      double loadBefore,
      double loadAfter) {}

  /** Whole-run result: the figures, and what went wrong (all zero for a good run). */
  public record Outcome(List<Figures> figures, int mismatches, int lost, int duplicated) {
    /** Whether every request got exactly one prediction equal to the clear circuit's. */
    public boolean clean() {
      return mismatches == 0 && lost == 0 && duplicated == 0;
    }
  }

  private final PrintWriter out;
  private final Path workDir;
  private final ModelArtifacts artifacts;
  private final double[][] rows;
  private final int warmupRecords;
  private final int records;
  private final int steadyRecords;
  private final double steadyFraction;
  private final int clients;
  private final List<ClientIdentity> identities = new ArrayList<>();

  /**
   * @param rows feature rows, cycled
   * @param warmupRecords requests sent and answered, untimed, before the burst (at least one per
   *     client is always sent)
   * @param records requests of the burst
   * @param steadyRecords requests of the steady phase (0: no steady phase)
   * @param steadyFraction the steady phase's rate as a fraction of the burst's throughput
   * @param clients how many clients send, each on its own partition; 0 for one per stream thread
   */
  public StreamsThroughput(
      PrintWriter out,
      Path workDir,
      ModelArtifacts artifacts,
      double[][] rows,
      int warmupRecords,
      int records,
      int steadyRecords,
      double steadyFraction,
      int clients) {
    if (records < 1 || steadyRecords < 0 || warmupRecords < 0) {
      throw new IllegalArgumentException(
          "burst records must be at least 1, steady and warm-up records at least 0, got "
              + records
              + ", "
              + steadyRecords
              + " and "
              + warmupRecords);
    }
    if (!(steadyFraction > 0 && steadyFraction < 1)) {
      throw new IllegalArgumentException(
          "steady fraction must be in (0, 1), got " + steadyFraction);
    }
    if (clients < 0 || clients > LocalStack.PARTITIONS) {
      throw new IllegalArgumentException(
          "clients must be 0 (one per stream thread) to "
              + LocalStack.PARTITIONS
              + " (one per partition), got "
              + clients);
    }
    this.out = out;
    this.workDir = workDir;
    this.artifacts = artifacts;
    this.rows = rows;
    this.warmupRecords = warmupRecords;
    this.records = records;
    this.steadyRecords = steadyRecords;
    this.steadyFraction = steadyFraction;
    this.clients = clients;
  }

  /** Runs every configuration in turn, each on a fresh stack. */
  public Outcome run(List<Integer> streamThreadCounts) throws Exception {
    List<Figures> figures = new ArrayList<>();
    int mismatches = 0;
    int lost = 0;
    int duplicated = 0;
    for (int threads : streamThreadCounts) {
      Outcome o = runWith(threads);
      figures.addAll(o.figures());
      mismatches += o.mismatches();
      lost += o.lost();
      duplicated += o.duplicated();
    }
    return new Outcome(figures, mismatches, lost, duplicated);
  }

  private Outcome runWith(int streamThreads) throws Exception {
    try (LocalStack stack =
        LocalStack.start(workDir.resolve("stack-" + streamThreads + "-threads"), streamThreads)) {
      ModelName name = ModelName.of(MODEL_NAME);
      ModelVersion version = publish(stack.registryClient(), name);
      List<ClientIdentity> senders = chooseClients(stack.app().streams());
      out.printf(
          "%d stream thread(s), %d worker(s), %d client(s) on partitions %s of %s%n",
          streamThreads,
          Runtime.getRuntime().availableProcessors(),
          senders.size(),
          senders.stream().map(s -> partitionOf(s)).toList(),
          Topics.REQUESTS);
      out.flush();
      List<EncryptedProducer> producers = new ArrayList<>();
      try {
        for (ClientIdentity s : senders) {
          producers.add(
              EncryptedProducer.open(
                  stack.kafkaEndpoints(),
                  s,
                  stack.registryClient(),
                  name,
                  version,
                  ANSWER_TIMEOUT,
                  SentRequests.inMemory(),
                  // one partition per client: the clients were chosen by the partition of their
                  // key id, so that each stream thread has its own
                  1));
        }
        Sent sent = new Sent();
        // warm-up: every client's keys fetched from the registry and decoded, then the whole path
        // (evaluation, serdes, producers, consumers, broker) run long enough to be compiled
        awaitAll(sendAll(producers, encrypt(producers, producers.size()), 0), sent);
        if (warmupRecords > producers.size()) {
          long warmupStart = System.nanoTime();
          awaitAll(
              sendAll(producers, encrypt(producers, warmupRecords - producers.size()), 0), sent);
          out.printf(
              "  warm-up: %d records in %.1f s (not timed)%n",
              warmupRecords, (System.nanoTime() - warmupStart) / 1e9);
          out.flush();
        }
        List<Figures> figures = new ArrayList<>();
        Figures burst = phase(streamThreads, "burst", producers, records, 0, sent);
        figures.add(burst);
        if (steadyRecords > 0) {
          figures.add(
              phase(
                  streamThreads,
                  "steady",
                  producers,
                  steadyRecords,
                  steadyFraction * burst.recordsPerSecond(),
                  sent));
        }
        int[] lostAndDuplicated = countPredictions(stack, sent.requestIds);
        out.printf(
            "  every request id counted on %s (read_committed): %d sent, %d lost, %d duplicated%n",
            Topics.PREDICTIONS, sent.requestIds.size(), lostAndDuplicated[0], lostAndDuplicated[1]);
        out.flush();
        return new Outcome(figures, sent.mismatches, lostAndDuplicated[0], lostAndDuplicated[1]);
      } finally {
        producers.forEach(EncryptedProducer::close);
      }
    }
  }

  private ModelVersion publish(RegistryClient registry, ModelName name) throws Exception {
    Path dir = workDir.resolve("model");
    if (!Files.isDirectory(dir)) {
      artifacts.save(dir);
    }
    registry.createModel(name, "model under load (fhe bench --kafka)");
    ModelVersion version =
        registry
            .publishVersion(
                name,
                dir.resolve(ModelArtifacts.CLIENT_FILE),
                dir.resolve(ModelArtifacts.SERVER_FILE))
            .version();
    // The app serves production versions only.
    registry.setStage(name, version, Stage.PRODUCTION);
    return version;
  }

  /**
   * The clients of one configuration, each with its own keys (kept across configurations) keyed to
   * its own partition: {@code clients} of them, or by default one on a partition of each stream
   * thread, so that every thread has work.
   */
  private List<ClientIdentity> chooseClients(KafkaStreams streams) throws Exception {
    Map<Integer, String> ownerOfPartition = new HashMap<>();
    for (ThreadMetadata t : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : t.activeTasks()) {
        for (TopicPartition p : task.topicPartitions()) {
          if (p.topic().equals(Topics.REQUESTS)) {
            ownerOfPartition.put(p.partition(), t.threadName());
          }
        }
      }
    }
    int wanted = clients > 0 ? clients : streams.metadataForLocalThreads().size();
    Set<String> busyThreads = new HashSet<>();
    Set<Integer> usedPartitions = new HashSet<>();
    List<ClientIdentity> chosen = new ArrayList<>();
    for (int i = 0; chosen.size() < wanted; i++) {
      if (i == 32) {
        throw new IllegalStateException(
            "after 32 client keys, still fewer than "
                + wanted
                + " on distinct partitions"
                + (clients > 0 ? "" : " of distinct stream threads")
                + "; partitions by thread: "
                + ownerOfPartition);
      }
      if (i == identities.size()) {
        identities.add(
            ClientIdentity.loadOrGenerate(
                workDir.resolve("keys").resolve("client-" + i + ".keystore"),
                null,
                artifacts.client()));
      }
      int partition = partitionOf(identities.get(i));
      String owner = ownerOfPartition.get(partition);
      if (owner != null
          && usedPartitions.add(partition)
          && (clients > 0 || busyThreads.add(owner))) {
        chosen.add(identities.get(i));
      }
    }
    return chosen;
  }

  private static int partitionOf(ClientIdentity identity) {
    return PredictionConsumer.partitionOf(identity.keyId().hex(), LocalStack.PARTITIONS);
  }

  /**
   * What was sent so far in this configuration, and how many decrypted answers differed from the
   * clear circuit.
   */
  private static final class Sent {
    final List<String> requestIds = new ArrayList<>();
    int mismatches;
  }

  /** One request to send: its client, its clear row and its ciphertexts. */
  private record Encrypted(EncryptedProducer producer, double[] row, byte[] ciphertexts) {}

  /** An answered request: when it completed (nanoTime) and what came back. */
  private record Answer(Encrypted request, DecryptedPrediction prediction, long completedNanos) {}

  /** Encrypts {@code n} rows before anything is timed, round-robin over the clients. */
  private List<Encrypted> encrypt(List<EncryptedProducer> producers, int n) {
    List<Encrypted> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      EncryptedProducer p = producers.get(i % producers.size());
      double[] row = rows[i % rows.length];
      list.add(new Encrypted(p, row, p.identity().client().quantizeEncrypt(row)));
    }
    return list;
  }

  /**
   * Sends {@code requests}: all at once when {@code rate} is 0, else one every 1/{@code rate}
   * seconds (each request's creation time is its send time).
   */
  private static List<CompletableFuture<Answer>> sendAll(
      List<EncryptedProducer> producers, List<Encrypted> requests, double rate)
      throws InterruptedException {
    List<CompletableFuture<Answer>> answers = new ArrayList<>(requests.size());
    long start = System.nanoTime();
    for (int i = 0; i < requests.size(); i++) {
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      Encrypted r = requests.get(i);
      // No flush per request at a steady rate: it would block this one sending thread for a
      // round trip to the broker per request and cap the offered rate below the one asked; the
      // clients' linger.ms (5 ms) bounds how long a request waits to leave.
      answers.add(
          r.producer()
              .sendEncrypted(r.ciphertexts())
              .thenApply(p -> new Answer(r, p, System.nanoTime())));
    }
    producers.forEach(EncryptedProducer::flush);
    return answers;
  }

  /** Waits for every answer (an unanswered request fails the run after {@link #ANSWER_TIMEOUT}). */
  private static List<Answer> awaitAll(List<CompletableFuture<Answer>> answers, Sent sent)
      throws Exception {
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .get(ANSWER_TIMEOUT.toMinutes() + 1, TimeUnit.MINUTES);
    List<Answer> done = new ArrayList<>(answers.size());
    for (CompletableFuture<Answer> a : answers) {
      done.add(a.get());
      sent.requestIds.add(a.get().prediction().requestId());
    }
    return done;
  }

  private Figures phase(
      int streamThreads,
      String mode,
      List<EncryptedProducer> producers,
      int records,
      double rate,
      Sent sent)
      throws Exception {
    List<Encrypted> requests = encrypt(producers, records);
    double loadBefore = loadAverage();
    Map<Long, Long> cpuBefore = appThreadCpu();
    long start = System.nanoTime();
    List<Answer> answers = awaitAll(sendAll(producers, requests, rate), sent);
    long end = answers.stream().mapToLong(Answer::completedNanos).max().orElseThrow();
    double[] cpu = cpuSince(cpuBefore);
    double loadAfter = loadAverage();
    FheServer clear = FheServer.of(artifacts.server());
    double[] latencies = new double[answers.size()];
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      if (!Arrays.equals(
          clear.runClear(artifacts.client().quantize(a.request().row())),
          a.prediction().outputs())) {
        sent.mismatches++;
      }
      latencies[i] = a.prediction().endToEnd().toNanos() / 1e6;
    }
    Arrays.sort(latencies);
    Figures f =
        new Figures(
            streamThreads,
            mode,
            records,
            records / ((end - start) / 1e9),
            EndToEndDemo.percentile(latencies, 0.50),
            EndToEndDemo.percentile(latencies, 0.99),
            cpu[0] / records,
            cpu[1] / records,
            loadBefore,
            loadAfter);
    out.printf(
        "FIGURES %s (%d bootstraps/sample, %s), %d stream thread(s), %s%s, %d records: %.3f records/s, "
            + "latency p50 %.1f ms, p99 %.1f ms, app CPU %.3f ms/record (workers and deadline threads"
            + " %.3f + stream threads %.3f), load average %.1f -> %.1f%n",
        artifacts.client().modelName(),
        artifacts.client().report().bootstraps(),
        artifacts.client().parameterSetId(),
        streamThreads,
        mode,
        rate > 0 ? String.format(" at %.3f/s", rate) : "",
        records,
        f.recordsPerSecond(),
        f.p50Millis(),
        f.p99Millis(),
        1e3 * (f.workerCpuSecondsPerRecord() + f.streamThreadCpuSecondsPerRecord()),
        1e3 * f.workerCpuSecondsPerRecord(),
        1e3 * f.streamThreadCpuSecondsPerRecord(),
        loadBefore,
        loadAfter);
    out.flush();
    return f;
  }

  /**
   * CPU nanoseconds so far of the app's threads: the shared worker pool and the stream threads, by
   * thread id.
   */
  private static Map<Long, Long> appThreadCpu() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (isWorker(t) || isStreamThread(t)) {
        cpu.put(t.getId(), mx.getThreadCpuTime(t.getId()));
      }
    }
    return cpu;
  }

  /**
   * CPU seconds since {@code before}: [workers, stream threads] (threads started since count from
   * zero).
   */
  private static double[] cpuSince(Map<Long, Long> before) {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] seconds = new double[2];
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (isWorker(t) || isStreamThread(t)) {
        long now = mx.getThreadCpuTime(t.getId());
        if (now >= 0) {
          seconds[isWorker(t) ? 0 : 1] += (now - before.getOrDefault(t.getId(), 0L)) / 1e9;
        }
      }
    }
    return seconds;
  }

  /**
   * The shared worker pool's threads and the deadline runner's, where evaluations that are not
   * cheap enough for the stream thread run (counting only the pool missed their leveled work).
   */
  private static boolean isWorker(Thread t) {
    return t.getName().startsWith("fhe-worker-") || t.getName().startsWith("fhe-evaluation-");
  }

  private static boolean isStreamThread(Thread t) {
    return t.getName().contains("-StreamThread-");
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Reads {@code fhe.predictions} from the beginning to its end with a read_committed consumer and
   * counts the predictions of each id in {@code requestIds}: [lost, duplicated].
   */
  private static int[] countPredictions(LocalStack stack, List<String> requestIds) {
    Map<String, Integer> counts = new HashMap<>();
    for (EncryptedPrediction p :
        TopicReader.readAll(
            stack.kafkaEndpoints(),
            Topics.PREDICTIONS,
            EncryptedPrediction.class,
            Duration.ofMinutes(1))) {
      counts.merge(p.getRequestId(), 1, Integer::sum);
    }
    int lost = 0;
    int duplicated = 0;
    for (String id : requestIds) {
      int c = counts.getOrDefault(id, 0);
      lost += c == 0 ? 1 : 0;
      duplicated += Math.max(0, c - 1);
    }
    return new int[] {lost, duplicated};
  }
}
