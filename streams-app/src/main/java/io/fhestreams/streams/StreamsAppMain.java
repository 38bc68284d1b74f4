package io.fhestreams.streams;

import com.sun.net.httpserver.HttpServer;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.topics.TopicPlan;
import io.fhestreams.streams.topics.TopicSetup;
import io.fhestreams.streams.topology.InferenceApplication;
import io.fhestreams.streams.topology.InferenceBackend;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the streams application: {@code StreamsAppMain --config FILE}.
 *
 * <p>Configuration: see {@link AppConfig} (properties file, {@code FHE_*} environment overrides).
 * The resolver and evaluator come from the {@link InferenceBackend.Provider} found on the class
 * path (chosen by {@value #BACKEND} if there are several). With {@code app.metrics.port} set,
 * Prometheus metrics are served at {@code /metrics}. Before the streams start, the topics are
 * checked ({@link TopicSetup}): missing ones are created with {@value TopicPlan#CREATE}{@code
 * =true}, else the app exits naming them and the command that creates them. A shutdown hook closes
 * the streams within {@code app.shutdown.timeout.ms}. Errors print one line to stderr and exit with
 * status 2.
 */
public final class StreamsAppMain implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsAppMain.class);

  /** Config key naming the backend provider to use when several are on the class path. */
  public static final String BACKEND = "app.backend";

  private final InferenceApplication app;
  private final InferenceBackend<?> backend;
  private final HttpServer metricsServer;
  private final CountDownLatch closed = new CountDownLatch(1);

  private StreamsAppMain(
      InferenceApplication app, InferenceBackend<?> backend, HttpServer metricsServer) {
    this.app = app;
    this.backend = backend;
    this.metricsServer = metricsServer;
  }

  /** Entry point. */
  public static void main(String[] args) throws InterruptedException {
    int status = run(args, System.getenv(), System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Starts, installs the shutdown hook and waits for it; returns the exit status (2 with one line
   * on {@code err} for bad arguments or configuration). Used by {@code fhe app}.
   */
  public static int run(String[] args, Map<String, String> environment, PrintStream err)
      throws InterruptedException {
    StreamsAppMain running;
    try {
      running = start(args, environment);
    } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
      err.println("fhe app: " + e.getMessage());
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "fhe-app-shutdown"));
    running.closed.await();
    return 0;
  }

  /** Parses the arguments, loads the configuration and starts the application. */
  static StreamsAppMain start(String[] args, Map<String, String> environment) {
    if (args.length != 2 || !args[0].equals("--config")) {
      throw new IllegalArgumentException("usage: StreamsAppMain --config FILE");
    }
    AppConfig config = AppConfig.load(Path.of(args[1]), environment);
    // the backend checks its own settings first: a bad one is named before any broker is asked
    InferenceBackend<?> backend = backendProvider(config).open(config);
    try {
      ensureTopics(config);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServer metricsServer =
        config.metricsPort() == 0
            ? null
            : serveMetrics(meters, config.metricsHost(), config.metricsPort());
    return new StreamsAppMain(startApp(config, backend, meters), backend, metricsServer);
  }

  /** The running application. */
  InferenceApplication application() {
    return app;
  }

  /** Port of the metrics endpoint, or -1 if there is none. */
  int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.getAddress().getPort();
  }

  /** Address the metrics endpoint is bound to, or null if there is none. */
  InetSocketAddress metricsAddress() {
    return metricsServer == null ? null : metricsServer.getAddress();
  }

  /** Closes the streams (within the configured timeout), the backend and the metrics endpoint. */
  @Override
  public void close() {
    app.close();
    backend.close();
    if (metricsServer != null) {
      metricsServer.stop(0);
    }
    closed.countDown();
  }

  private static <M> InferenceApplication startApp(
      AppConfig config, InferenceBackend<M> backend, PrometheusMeterRegistry meters) {
    return InferenceApplication.start(config, backend.resolver(), backend.evaluator(), meters);
  }

  private static void ensureTopics(AppConfig config) {
    String servers = config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    Map<String, Object> adminSettings = new HashMap<>(config.asMap());
    adminSettings.keySet().retainAll(AdminClientConfig.configNames());
    try (Admin admin = Admin.create(adminSettings)) {
      TopicSetup.Outcome outcome =
          TopicSetup.ensure(
              admin,
              TopicPlan.fromSettings(config::get),
              Boolean.parseBoolean(config.get(TopicPlan.CREATE)));
      if (!outcome.missing().isEmpty()) {
        throw new IllegalStateException(
            TopicSetup.missingTopicsMessage(outcome.missing(), servers));
      }
      outcome.created().forEach(t -> LOG.info("created topic {}", t));
      outcome
          .tooSmall()
          .forEach(
              (topic, limit) ->
                  LOG.warn(
                      "topic {} accepts records of at most {} bytes: large requests or predictions"
                          + " will fail (fhe topics sets max.message.bytes on new topics)",
                      topic,
                      limit));
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "cannot check the topics on " + servers + ": " + e.getMessage(), e);
    }
  }

  private static InferenceBackend.Provider backendProvider(AppConfig config) {
    List<InferenceBackend.Provider> providers =
        ServiceLoader.load(InferenceBackend.Provider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    String wanted = config.get(BACKEND);
    List<InferenceBackend.Provider> matching =
        wanted == null
            ? providers
            : providers.stream().filter(p -> p.name().equals(wanted)).toList();
    if (matching.size() != 1) {
      throw new IllegalStateException(
          "expected exactly one InferenceBackend provider"
              + (wanted == null ? "" : " named " + wanted)
              + " on the class path, found "
              + providers.stream().map(InferenceBackend.Provider::name).toList()
              + " (the registry/FHE-server adapter registers one in META-INF/services)");
    }
    return matching.get(0);
  }

  private static HttpServer serveMetrics(PrometheusMeterRegistry meters, String host, int port) {
    try {
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (address.isUnresolved()) {
        throw new ConfigException(AppConfig.METRICS_HOST, host, "unknown host");
      }
      HttpServer server = HttpServer.create(address, 0);
      server.createContext(
          "/metrics",
          exchange -> {
            byte[] body = meters.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }
}
