package io.fhestreams.cli.chaos;

import io.fhestreams.cli.demo.BundledModels;
import io.fhestreams.cli.demo.EndToEndDemo;
import io.fhestreams.cli.demo.TopicReader;
import io.fhestreams.clients.consumer.DeadLetteredException;
import io.fhestreams.clients.consumer.DecryptedPrediction;
import io.fhestreams.clients.consumer.PredictionConsumer;
import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.clients.producer.EncryptedProducer;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chaos scenario: a {@link ProcessStack} (broker, registry and app instances as processes), a
 * mixed load with real encryption (the bundled logistic regression and XGBoost ensemble, several
 * client identities each), and faults injected on a schedule while it runs. Then every request id
 * is checked: exactly one prediction on {@code fhe.predictions} (read_committed), decrypted equal
 * to the model run in the clear on the same quantized inputs, nothing on the dead-letter topic. The
 * report gives records/s, latency, and for each fault the longest silence of any prediction
 * partition after it (its recovery time).
 */
public final class ChaosRun {
  /** Registry names of the two bundled models. */
  static final String LINEAR_MODEL = "chaos-linear";

  static final String TREE_MODEL = "chaos-trees";

  /** Linear requests awaiting their answer at most, so that a stalled stack is not flooded. */
  private static final int LINEAR_IN_FLIGHT = 1000;

  /** Tree requests awaiting their answer at most, per tree client. */
  private static final int TREE_IN_FLIGHT_PER_CLIENT = 2;

  /** The scenario's parameters; see {@code fhe chaos --help}. */
  public record Settings(
      int apps,
      int partitions,
      int linearRecords,
      int treeRecords,
      int linearClients,
      int treeClients,
      double linearRate,
      int kills,
      int registryRestarts,
      int registryOutages,
      Duration outage,
      int brokerRestarts,
      Duration firstFault,
      Duration faultInterval,
      Duration restartDelay,
      Duration answerTimeout,
      boolean pinApps) {
    public Settings {
      requireAtLeast("apps", apps, 1);
      requireAtLeast("partitions", partitions, apps);
      requireAtLeast("linear records", linearRecords, 1);
      requireAtLeast("tree records", treeRecords, 0);
      requireAtLeast("linear clients", linearClients, 1);
      requireAtLeast("tree clients", treeClients, treeRecords > 0 ? 1 : 0);
      requireAtLeast("kills", kills, 0);
      requireAtLeast("registry restarts", registryRestarts, 0);
      requireAtLeast("registry outages", registryOutages, 0);
      requireAtLeast("broker restarts", brokerRestarts, 0);
      if (linearClients > 64 || treeClients > 16) {
        throw new IllegalArgumentException(
            "at most 64 linear and 16 tree clients, got " + linearClients + " and " + treeClients);
      }
      for (Duration d : List.of(outage, firstFault, faultInterval, restartDelay)) {
        if (d.isNegative()) {
          throw new IllegalArgumentException("times must not be negative, got " + d);
        }
      }
      if (answerTimeout.isNegative() || answerTimeout.isZero()) {
        throw new IllegalArgumentException("answer timeout must be positive, got " + answerTimeout);
      }
      if (!(linearRate > 0 && linearRate <= 10_000)) {
        throw new IllegalArgumentException(
            "linear rate must be in (0, 10000] records/s, got " + linearRate);
      }
    }

    private static void requireAtLeast(String what, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
      }
    }
  }

  /** One injected fault: what, on which process, when (ms since the epoch), and its recovery. */
  public record InjectedFault(
      Fault fault,
      String target,
      long injectedAtMillis,
      long restoredAtMillis,
      double longestGapSeconds,
      int gapPartition,
      boolean underLoad) {}

  /** What the scenario measured and found; {@link #clean()} when nothing was wrong. */
  public record Report(
      int sentLinear,
      int sentTrees,
      int answered,
      int lost,
      int duplicated,
      int mismatched,
      int deadLettered,
      List<String> problems,
      double seconds,
      double recordsPerSecond,
      double[] linearP50P99Millis,
      double[] treeP50P99Millis,
      double baselineGapSeconds,
      List<InjectedFault> faults) {
    /** Every request answered exactly once and exactly, nothing dead-lettered, nothing broke. */
    public boolean clean() {
      return lost == 0
          && duplicated == 0
          && mismatched == 0
          && deadLettered == 0
          && answered == sentLinear + sentTrees
          && problems.isEmpty();
    }
  }

  /** A model under load: its artifacts, its clear reference and its clients. */
  private record Load(
      String kind,
      ModelArtifacts artifacts,
      FheServer clear,
      double[][] rows,
      List<EncryptedProducer> producers) {}

  /** A prediction received: which model, on which partition, when, and its end-to-end latency. */
  private record Arrival(String kind, int partition, long atMillis, double latencyMillis) {}

  private final PrintStream out;
  private final Path workDir;
  private final Path fheJar;
  private final Settings settings;
  private final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
  private final List<CompletableFuture<?>> answers =
      Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger mismatched = new AtomicInteger();
  private final AtomicInteger deadLetteredAnswers = new AtomicInteger();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final long t0 = System.nanoTime();

  public ChaosRun(PrintStream out, Path workDir, Path fheJar, Settings settings) {
    this.out = out;
    this.workDir = workDir;
    this.fheJar = fheJar;
    this.settings = settings;
  }

  /** Runs the scenario; the processes it started are gone when it returns or throws. */
  public Report run() throws Exception {
    BundledModels bundled = new BundledModels(workDir.resolve("bundled"));
    Dataset train = bundled.train();
    double[][] rows = bundled.test().rows();
    ModelArtifacts linear = bundled.linear(train).artifacts();
    ModelArtifacts trees = settings.treeRecords() > 0 ? bundled.trees(train).artifacts() : null;
    step("compiled the bundled models");
    try (ProcessStack stack =
        ProcessStack.start(
            workDir, fheJar, settings.apps(), settings.partitions(), settings.pinApps())) {
      step(
          "processes up: fhe broker on "
              + stack.bootstrapServers()
              + ", fhe registry on "
              + stack.registryUri()
              + ", "
              + settings.apps()
              + " x fhe app (group.instance.id app-1..app-"
              + settings.apps()
              + (settings.pinApps() ? ", instance i on core i - 1" : "")
              + ")");
      RegistryClient registry = stack.registryClient();
      List<Load> loads = new ArrayList<>();
      try {
        loads.add(
            load(stack, registry, "linear", LINEAR_MODEL, linear, rows, settings.linearClients()));
        if (trees != null) {
          loads.add(load(stack, registry, "tree", TREE_MODEL, trees, rows, settings.treeClients()));
        }
        int warmUps = warmUp(loads);
        step("warm-up: every client answered once (keys fetched, every instance in the group)");
        return drive(stack, loads, warmUps);
      } finally {
        loads.forEach(l -> l.producers().forEach(EncryptedProducer::close));
      }
    }
  }

  private Load load(
      ProcessStack stack,
      RegistryClient registry,
      String kind,
      String registryName,
      ModelArtifacts artifacts,
      double[][] rows,
      int clients)
      throws Exception {
    Path dir = workDir.resolve("models").resolve(registryName);
    artifacts.save(dir);
    ModelName name = ModelName.of(registryName);
    registry.createModel(name, "bundled " + kind + " model under chaos (fhe chaos)");
    ModelVersion version =
        registry
            .publishVersion(
                name,
                dir.resolve(ModelArtifacts.CLIENT_FILE),
                dir.resolve(ModelArtifacts.SERVER_FILE))
            .version();
    // the app serves production versions only (registry.served.stages)
    registry.setStage(name, version, Stage.PRODUCTION);
    List<EncryptedProducer> producers = new ArrayList<>();
    Set<Integer> partitions = new HashSet<>();
    for (int attempt = 0; producers.size() < clients; attempt++) {
      if (attempt == 8 * clients + 32) {
        throw new IllegalStateException(
            "after "
                + attempt
                + " keys, only "
                + producers.size()
                + " "
                + kind
                + " clients on distinct partitions");
      }
      ClientIdentity identity = ClientIdentity.generate(artifacts.client());
      // each client on a partition of its own while there are partitions left, so every instance
      // has work
      if (!partitions.add(partitionOf(identity)) && partitions.size() < settings.partitions()) {
        continue;
      }
      producers.add(
          EncryptedProducer.open(
              stack.kafkaEndpoints(), identity, registry, name, version, settings.answerTimeout()));
    }
    step(
        producers.size()
            + " "
            + kind
            + " client(s), own keys each, on partitions "
            + producers.stream().map(p -> partitionOf(p.identity())).toList());
    return new Load(kind, artifacts, FheServer.of(artifacts.server()), rows, producers);
  }

  private int partitionOf(ClientIdentity identity) {
    return PredictionConsumer.partitionOf(identity.keyId().hex(), settings.partitions());
  }

  /** One request per client, awaited: the group has formed and every key is in the caches. */
  private int warmUp(List<Load> loads) throws Exception {
    List<CompletableFuture<?>> warm = new ArrayList<>();
    int n = 0;
    for (Load load : loads) {
      for (int i = 0; i < load.producers().size(); i++) {
        warm.add(send(load, load.producers().get(i), i));
        n++;
      }
    }
    CompletableFuture.allOf(warm.toArray(CompletableFuture[]::new))
        .get(settings.answerTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
    arrivals.clear();
    return n;
  }

  /** Sends one row through {@code producer}; the answer is checked and recorded when it comes. */
  private CompletableFuture<?> send(Load load, EncryptedProducer producer, int rowIndex) {
    double[] row = load.rows()[rowIndex % load.rows().length];
    long[] expected = load.clear().runClear(load.artifacts().client().quantize(row));
    int partition = partitionOf(producer.identity());
    CompletableFuture<DecryptedPrediction> answer =
        producer.sendEncrypted(producer.identity().client().quantizeEncrypt(row));
    CompletableFuture<?> checked =
        answer.handle(
            (p, e) -> {
              if (e == null) {
                if (!Arrays.equals(expected, p.outputs())) {
                  mismatched.incrementAndGet();
                }
                arrivals.add(
                    new Arrival(
                        load.kind(),
                        partition,
                        System.currentTimeMillis(),
                        p.endToEnd().toNanos() / 1e6));
              } else {
                onFailedAnswer(e instanceof CompletionException ? e.getCause() : e);
              }
              return null;
            });
    answers.add(checked);
    return checked;
  }

  private void onFailedAnswer(Throwable e) {
    if (e instanceof DeadLetteredException d) {
      deadLetteredAnswers.incrementAndGet();
      problem("request " + d.requestId() + " dead-lettered: " + d.reason() + " " + d.getMessage());
    } else if (!(e instanceof TimeoutException)) {
      // a timeout is counted as a loss by the topic scan; anything else is a failure of its own
      problem("an answer failed: " + e);
    }
  }

  private void problem(String what) {
    if (problems.size() < 20) {
      problems.add(what);
    }
  }

  private Report drive(ProcessStack stack, List<Load> loads, int warmUps) throws Exception {
    long loadStart = System.currentTimeMillis();
    double linearSeconds = settings.linearRecords() / settings.linearRate();
    AtomicReference<Long> loadEnd = new AtomicReference<>(Long.MAX_VALUE);
    List<Thread> senders = new ArrayList<>();
    senders.add(
        sender(
            loads.get(0), settings.linearRecords(), 1 / settings.linearRate(), LINEAR_IN_FLIGHT));
    if (loads.size() > 1) {
      senders.add(
          sender(
              loads.get(1),
              settings.treeRecords(),
              linearSeconds / settings.treeRecords(),
              TREE_IN_FLIGHT_PER_CLIENT * settings.treeClients()));
    }
    senders.forEach(Thread::start);
    List<InjectedFault> injected = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Exception> faultError = new AtomicReference<>();
    Thread faults =
        new Thread(() -> injectFaults(stack, injected, loadEnd, faultError), "chaos-faults");
    faults.start();
    for (Thread s : senders) {
      s.join();
    }
    loadEnd.set(System.currentTimeMillis());
    step("all " + (settings.linearRecords() + settings.treeRecords()) + " records sent");
    faults.join();
    if (faultError.get() != null) {
      throw faultError.get();
    }
    CompletableFuture<?>[] all = answers.toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(all)
        .get(settings.answerTimeout().toMillis() + 60_000, TimeUnit.MILLISECONDS);
    step("every answer in, or timed out");
    stack.unexpectedExits().forEach(this::problem);
    return report(stack, loads, warmUps, loadStart, injected);
  }

  /**
   * A thread sending {@code records} requests of {@code load}, one every {@code intervalSeconds},
   * round-robin over its clients, with at most {@code inFlight} unanswered.
   */
  private Thread sender(Load load, int records, double intervalSeconds, int inFlight) {
    Semaphore window = new Semaphore(inFlight);
    return new Thread(
        () -> {
          long start = System.nanoTime();
          try {
            for (int i = 0; i < records; i++) {
              long wait = start + (long) (i * intervalSeconds * 1e9) - System.nanoTime();
              if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
              }
              window.acquire();
              send(load, load.producers().get(i % load.producers().size()), i)
                  .whenComplete((v, e) -> window.release());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        "chaos-" + load.kind() + "-sender");
  }

  private void injectFaults(
      ProcessStack stack,
      List<InjectedFault> injected,
      AtomicReference<Long> loadEnd,
      AtomicReference<Exception> error) {
    List<Fault> plan =
        Fault.plan(
            settings.kills(),
            settings.registryRestarts(),
            settings.registryOutages(),
            settings.brokerRestarts());
    try {
      Thread.sleep(settings.firstFault().toMillis());
      int kills = 0;
      for (Fault fault : plan) {
        long at = System.currentTimeMillis();
        String target;
        switch (fault) {
          case APP_KILL -> {
            int index = kills++ % stack.apps().size();
            target = stack.apps().get(index).name();
            stack.killAndRestartApp(index, settings.restartDelay());
          }
          case REGISTRY_RESTART -> {
            target = "registry";
            stack.restartRegistry(Duration.ZERO);
          }
          case REGISTRY_OUTAGE -> {
            target = "registry";
            stack.restartRegistry(settings.outage());
          }
          case BROKER_RESTART -> {
            target = "broker";
            stack.restartBroker();
          }
          default -> throw new IllegalStateException("unknown fault " + fault);
        }
        long restored = System.currentTimeMillis();
        injected.add(new InjectedFault(fault, target, at, restored, 0, -1, at < loadEnd.get()));
        step(fault.description() + " (" + target + ") done in " + (restored - at) / 1000.0 + " s");
        Thread.sleep(settings.faultInterval().toMillis());
      }
    } catch (Exception e) {
      error.set(e);
    }
  }

  private Report report(
      ProcessStack stack,
      List<Load> loads,
      int warmUps,
      long loadStart,
      List<InjectedFault> injected) {
    Map<String, Integer> counts = new HashMap<>();
    for (EncryptedPrediction p :
        TopicReader.readAll(
            stack.kafkaEndpoints(),
            Topics.PREDICTIONS,
            EncryptedPrediction.class,
            Duration.ofMinutes(2))) {
      counts.merge(p.getRequestId(), 1, Integer::sum);
    }
    List<DeadLetter> deadLetters =
        TopicReader.readAll(
            stack.kafkaEndpoints(), Topics.DEAD_LETTERS, DeadLetter.class, Duration.ofMinutes(2));
    int sent = settings.linearRecords() + settings.treeRecords() + warmUps;
    int duplicated = counts.values().stream().mapToInt(c -> c - 1).sum();
    int lost = Math.max(0, sent - counts.size());
    List<Arrival> timeline = new ArrayList<>(arrivals);
    timeline.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
    long lastArrival =
        timeline.isEmpty() ? loadStart : timeline.get(timeline.size() - 1).atMillis();
    List<InjectedFault> faults = new ArrayList<>();
    for (int i = 0; i < injected.size(); i++) {
      InjectedFault f = injected.get(i);
      long windowEnd =
          i + 1 < injected.size() ? injected.get(i + 1).injectedAtMillis() : lastArrival;
      double[] gap = longestGap(timeline, loadStart, f.injectedAtMillis(), windowEnd);
      faults.add(
          new InjectedFault(
              f.fault(),
              f.target(),
              f.injectedAtMillis(),
              f.restoredAtMillis(),
              gap[0],
              (int) gap[1],
              f.underLoad()));
    }
    long firstFault = injected.isEmpty() ? lastArrival : injected.get(0).injectedAtMillis();
    double seconds = (lastArrival - loadStart) / 1e3;
    return new Report(
        settings.linearRecords(),
        settings.treeRecords(),
        timeline.size(),
        lost,
        duplicated,
        mismatched.get(),
        Math.max(deadLetteredAnswers.get(), deadLetters.size()),
        List.copyOf(problems),
        seconds,
        timeline.size() / Math.max(seconds, 1e-3),
        percentiles(timeline, "linear"),
        percentiles(timeline, "tree"),
        longestGap(
            timeline.stream().filter(a -> a.atMillis() <= firstFault).toList(),
            loadStart,
            loadStart,
            firstFault)[0],
        faults);
  }

  /**
   * The longest silence of one prediction partition that overlaps [from, to): the time between two
   * consecutive predictions on it (or the load's start and its first) when the later one came after
   * {@code from} and the earlier one before {@code to}: [seconds, partition].
   */
  private static double[] longestGap(List<Arrival> timeline, long loadStart, long from, long to) {
    Map<Integer, Long> last = new HashMap<>();
    double[] longest = {0, -1};
    for (Arrival a : timeline) {
      long previous = last.getOrDefault(a.partition(), loadStart);
      last.put(a.partition(), a.atMillis());
      if (a.atMillis() > from && previous < to) {
        double gap = (a.atMillis() - previous) / 1e3;
        if (gap > longest[0]) {
          longest[0] = gap;
          longest[1] = a.partition();
        }
      }
    }
    return longest;
  }

  private static double[] percentiles(List<Arrival> timeline, String kind) {
    double[] latencies =
        timeline.stream()
            .filter(a -> a.kind().equals(kind))
            .mapToDouble(Arrival::latencyMillis)
            .sorted()
            .toArray();
    return latencies.length == 0
        ? new double[0]
        : new double[] {
          EndToEndDemo.percentile(latencies, 0.50), EndToEndDemo.percentile(latencies, 0.99)
        };
  }

  private void step(String what) {
    out.printf("[%6.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    out.flush();
  }
}
