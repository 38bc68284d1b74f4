package io.fhestreams.cli.demo;

import io.fhestreams.clients.producer.KafkaEndpoints;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.auth.TokenEntry;
import io.fhestreams.registry.client.RegistryClient;
import io.fhestreams.registry.server.RegistryConfig;
import io.fhestreams.registry.server.RegistryServer;
import io.fhestreams.schemas.serde.SchemaRegistryConfig;
import io.fhestreams.streams.backend.RegistryBackendProvider;
import io.fhestreams.streams.backend.RegistryBackendSettings;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.topics.TopicPlan;
import io.fhestreams.streams.topics.TopicSetup;
import io.fhestreams.streams.topology.InferenceApplication;
import io.fhestreams.streams.topology.InferenceBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything a deployment runs, in this process, on a working directory: a KRaft broker with the
 * application's topics, the model registry (directory storage, one random token with every role),
 * which also serves as the serdes' schema registry, and the streams app with the registry backend.
 * What the demo and the end-to-end tests start.
 */
public final class LocalStack implements AutoCloseable {
  /** Name of the backend provider the app is started with. */
  public static final String BACKEND = RegistryBackendProvider.NAME;

  /** Partitions of the request and prediction topics. */
  public static final int PARTITIONS = 4;

  private final EmbeddedBroker broker;
  private final RegistryServer registry;
  private final String token;
  private final InferenceBackend<?> backend;
  private final InferenceApplication app;

  private LocalStack(
      EmbeddedBroker broker,
      RegistryServer registry,
      String token,
      InferenceBackend<?> backend,
      InferenceApplication app) {
    this.broker = broker;
    this.registry = registry;
    this.token = token;
    this.backend = backend;
    this.app = app;
  }

  /**
   * Starts the broker, creates the topics, starts the registry and the app, and waits until it
   * runs.
   */
  public static LocalStack start(Path workDir) throws Exception {
    return start(workDir, 1);
  }

  /**
   * As {@link #start(Path)}, the app with {@code streamThreads} stream threads ({@code
   * num.stream.threads}).
   */
  public static LocalStack start(Path workDir, int streamThreads) throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.start(workDir.resolve("kafka"));
    RegistryServer registry = null;
    InferenceBackend<?> backend = null;
    try {
      createTopics(broker.bootstrapServers(), PARTITIONS);
      String token = randomToken();
      registry =
          RegistryServer.start(
              RegistryConfig.inDirectory(
                  workDir.resolve("registry"),
                  List.of(
                      new TokenEntry(
                          "demo", TokenAuthenticator.hashToken(token), List.of(Role.values())))));
      AppConfig config =
          appConfig(workDir, broker.bootstrapServers(), registry.uri(), token, streamThreads);
      backend = openBackend(config);
      InferenceApplication app = startApp(config, backend);
      awaitRunning(app.streams());
      return new LocalStack(broker, registry, token, backend, app);
    } catch (Exception | Error e) {
      if (backend != null) {
        backend.close();
      }
      if (registry != null) {
        registry.close();
      }
      broker.close();
      throw e;
    }
  }

  /** {@code host:port} of the broker. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /**
   * What a client needs to reach the broker and, with the token, the registry's schema endpoints.
   */
  public KafkaEndpoints kafkaEndpoints() {
    return KafkaEndpoints.withBearerToken(
        broker.bootstrapServers(), registry.uri().toString(), token);
  }

  /** Base URL of the model registry. */
  public URI registryUri() {
    return registry.uri();
  }

  /** The registry's token (every role). */
  public String token() {
    return token;
  }

  /** A registry client with the token. */
  public RegistryClient registryClient() {
    return RegistryClient.builder(registry.uri()).token(token).build();
  }

  /** The running app. */
  public InferenceApplication app() {
    return app;
  }

  /**
   * Creates the request and prediction topics with {@code partitions} partitions each, and the
   * dead-letter topic, replication factor 1, as the app's {@link TopicPlan} says.
   */
  public static void createTopics(String bootstrapServers, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      TopicSetup.ensure(
          admin, new TopicPlan(partitions, (short) 1, TopicPlan.DEFAULT_MAX_MESSAGE_BYTES), true);
    }
  }

  private static AppConfig appConfig(
      Path workDir, String bootstrapServers, URI registryUrl, String token, int streamThreads) {
    Map<String, Object> s = new HashMap<>();
    s.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    s.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
    s.put(StreamsConfig.APPLICATION_ID_CONFIG, "fhe-local");
    s.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("streams-state").toString());
    s.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, registryUrl.toString());
    s.put(SchemaRegistryConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN");
    s.put(SchemaRegistryConfig.BEARER_AUTH_TOKEN, token);
    s.put("app.backend", BACKEND);
    s.put(RegistryBackendSettings.URL, registryUrl.toString());
    s.put(RegistryBackendSettings.TOKEN, token);
    return AppConfig.of(s);
  }

  private static InferenceBackend<?> openBackend(AppConfig config) {
    for (InferenceBackend.Provider p : ServiceLoader.load(InferenceBackend.Provider.class)) {
      if (p.name().equals(BACKEND)) {
        return p.open(config);
      }
    }
    throw new IllegalStateException(
        "no inference backend named '" + BACKEND + "' on the class path");
  }

  private static <M> InferenceApplication startApp(AppConfig config, InferenceBackend<M> backend) {
    return InferenceApplication.start(
        config, backend.resolver(), backend.evaluator(), new SimpleMeterRegistry());
  }

  private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (streams.state() != KafkaStreams.State.RUNNING) {
      KafkaStreams.State state = streams.state();
      if (System.nanoTime() > deadline
          || state == KafkaStreams.State.ERROR
          || state == KafkaStreams.State.NOT_RUNNING
          || state == KafkaStreams.State.PENDING_ERROR) {
        throw new IllegalStateException("streams app did not reach RUNNING, state " + state);
      }
      Thread.sleep(50);
    }
  }

  /** A fresh random bearer token (24 bytes, hex). */
  public static String randomToken() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Stops the app, the backend, the registry and the broker, in that order. */
  @Override
  public void close() {
    try {
      app.close();
    } finally {
      try {
        backend.close();
      } finally {
        try {
          registry.close();
        } finally {
          broker.close();
        }
      }
    }
  }
}
