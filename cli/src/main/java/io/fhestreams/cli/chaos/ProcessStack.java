package io.fhestreams.cli.chaos;

import io.fhestreams.cli.demo.EmbeddedBroker;
import io.fhestreams.cli.demo.LocalStack;
import io.fhestreams.clients.producer.KafkaEndpoints;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.client.RegistryClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment as separate processes of the {@code fhe} command, on free local ports and a working
 * directory: {@code fhe broker}, {@code fhe registry} (directory store, one random token with every
 * role, also the serdes' schema registry) and {@code apps} instances of {@code fhe app}, each
 * configured as a service of {@code docker/compose.yaml} is: the same {@code FHE_*} variables
 * ({@link #appEnvironment}), its own {@code group.instance.id} and state directory.
 */
final class ProcessStack implements AutoCloseable {
  /** Application id of the instances: one consumer group. */
  static final String APPLICATION_ID = "fhe-streams";

  /** Worker threads of each instance's bootstrap pool, as in the compose file. */
  static final int WORKER_THREADS = 2;

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);
  private static final String BROKER_READY = "broker: listening on";
  private static final String REGISTRY_READY = "registry: listening on";
  private static final int ANY_CORE = -1;

  private final Path workDir;
  private final String token = LocalStack.randomToken();
  private final int brokerPort = EmbeddedBroker.freePort();
  private final int registryPort = EmbeddedBroker.freePort();
  private final FheProcess broker;
  private final FheProcess registry;
  private final List<FheProcess> apps = new ArrayList<>();
  private final Thread killOnExit = new Thread(this::killAll, "fhe-chaos-kill-processes");

  private ProcessStack(Path workDir, Path fheJar, int appCount, boolean pinApps)
      throws IOException {
    this.workDir = workDir;
    Path logs = workDir.resolve("logs");
    this.broker =
        new FheProcess(
            "broker",
            fheJar,
            List.of("-Xmx1g"),
            List.of(
                "broker",
                "--data-dir",
                workDir.resolve("broker").toString(),
                "--port",
                Integer.toString(brokerPort),
                "--controller-port",
                Integer.toString(EmbeddedBroker.freePort())),
            Map.of(),
            logs.resolve("broker.log"),
            BROKER_READY,
            ANY_CORE);
    this.registry =
        new FheProcess(
            "registry",
            fheJar,
            List.of(
                "-Xmx1g", "--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000"),
            List.of("registry", "--config", writeRegistryConfig().toString()),
            Map.of(),
            logs.resolve("registry.log"),
            REGISTRY_READY,
            ANY_CORE);
    Path appConfig =
        Files.writeString(
            workDir.resolve("app.properties"),
            "# every setting comes from FHE_* variables, as in docker/compose.yaml\n");
    for (int i = 1; i <= appCount; i++) {
      String name = "app-" + i;
      apps.add(
          new FheProcess(
              name,
              fheJar,
              List.of(
                  "-Xmx2g", "--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=1000"),
              List.of("app", "--config", appConfig.toString()),
              appEnvironment(name),
              logs.resolve(name + ".log"),
              null,
              pinApps ? (i - 1) % Runtime.getRuntime().availableProcessors() : ANY_CORE));
    }
  }

  /**
   * Starts the broker, creates the topics ({@code partitions} each for requests and predictions),
   * starts the registry and the app instances; with {@code pinApps}, instance i runs on core (i -
   * 1) mod the cores of this machine (to measure scaling per core).
   */
  static ProcessStack start(
      Path workDir, Path fheJar, int appCount, int partitions, boolean pinApps) throws Exception {
    ProcessStack stack = new ProcessStack(workDir, fheJar, appCount, pinApps);
    // the processes die with this JVM even when it exits without closing the stack
    Runtime.getRuntime().addShutdownHook(stack.killOnExit);
    try {
      stack.broker.start(START_TIMEOUT);
      LocalStack.createTopics(stack.bootstrapServers(), partitions);
      stack.registry.start(START_TIMEOUT);
      for (FheProcess app : stack.apps) {
        app.start(START_TIMEOUT);
      }
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  /**
   * The environment of app instance {@code instanceId} in this stack: the variables of an app
   * service of {@code docker/compose.yaml}, with this machine's addresses.
   */
  Map<String, String> appEnvironment(String instanceId) {
    return appEnvironment(
        bootstrapServers(),
        registryUri(),
        token,
        instanceId,
        workDir.resolve("state").resolve(instanceId),
        EmbeddedBroker.freePort());
  }

  /**
   * The {@code FHE_*} variables of one app instance: the same names as an app service of {@code
   * docker/compose.yaml} (a test keeps them in step).
   */
  static Map<String, String> appEnvironment(
      String bootstrapServers,
      URI registry,
      String token,
      String instanceId,
      Path stateDir,
      int metricsPort) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FHE_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("FHE_APPLICATION_ID", APPLICATION_ID);
    env.put("FHE_GROUP_INSTANCE_ID", instanceId);
    env.put("FHE_NUM_STREAM_THREADS", "1");
    env.put("FHE_STATE_DIR", stateDir.toString());
    env.put("FHE_SCHEMA_REGISTRY_URL", registry.toString());
    env.put("FHE_BEARER_AUTH_CREDENTIALS_SOURCE", "STATIC_TOKEN");
    env.put("FHE_BEARER_AUTH_TOKEN", token);
    env.put("FHE_APP_BACKEND", "registry");
    env.put("FHE_REGISTRY_URL", registry.toString());
    env.put("FHE_REGISTRY_TOKEN", token);
    env.put("FHE_REGISTRY_CACHE_MAX_BYTES", Long.toString(1L << 30));
    env.put("FHE_APP_WORKER_THREADS", Integer.toString(WORKER_THREADS));
    env.put("FHE_APP_METRICS_PORT", Integer.toString(metricsPort));
    return env;
  }

  private Path writeRegistryConfig() throws IOException {
    Path dir = Files.createDirectories(workDir.resolve("registry"));
    return Files.writeString(
        dir.resolve("registry.yaml"),
        String.join(
            "\n",
            "host: 127.0.0.1",
            "port: " + registryPort,
            "storage: {type: directory, directory: \"" + dir.resolve("data") + "\"}",
            "tokens:",
            "  - {name: chaos, sha256: "
                + TokenAuthenticator.hashToken(token)
                + ", roles: [publisher, key-owner, reader, admin]}",
            ""));
  }

  String bootstrapServers() {
    return "localhost:" + brokerPort;
  }

  URI registryUri() {
    return URI.create("http://127.0.0.1:" + registryPort);
  }

  /** What a client needs: the broker, and the registry as schema registry with the token. */
  KafkaEndpoints kafkaEndpoints() {
    return KafkaEndpoints.withBearerToken(bootstrapServers(), registryUri().toString(), token);
  }

  /** A registry client with the token (every role). */
  RegistryClient registryClient() {
    return RegistryClient.builder(registryUri()).token(token).build();
  }

  /** The app instances, {@code app-1} first. */
  List<FheProcess> apps() {
    return apps;
  }

  /** SIGKILL of app instance {@code index}, which stays down. */
  void killApp(int index) throws InterruptedException {
    apps.get(index).kill();
  }

  /** SIGKILL of app instance {@code index}, then its restart after {@code delay}. */
  void killAndRestartApp(int index, Duration delay) throws Exception {
    FheProcess app = apps.get(index);
    app.kill();
    Thread.sleep(delay.toMillis());
    app.start(START_TIMEOUT);
  }

  /** Stops the registry (SIGTERM), keeps it down for {@code downtime}, starts it again. */
  void restartRegistry(Duration downtime) throws Exception {
    registry.stop(STOP_GRACE);
    Thread.sleep(downtime.toMillis());
    registry.start(START_TIMEOUT);
  }

  /** Stops the broker (SIGTERM: controlled shutdown) and starts it again on the same data. */
  void restartBroker() throws Exception {
    broker.stop(STOP_GRACE);
    broker.start(START_TIMEOUT);
  }

  /** Processes that exited without being asked to, with their status. */
  List<String> unexpectedExits() {
    List<String> out = new ArrayList<>();
    for (FheProcess p : all()) {
      if (p.unexpectedExit() != null) {
        out.add(p.unexpectedExit());
      }
    }
    return out;
  }

  private List<FheProcess> all() {
    List<FheProcess> all = new ArrayList<>(apps);
    all.add(registry);
    all.add(broker);
    return all;
  }

  /** Kills every process (apps first, broker last). */
  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs anyway
    }
  }

  private void killAll() {
    all().forEach(FheProcess::close);
  }
}
