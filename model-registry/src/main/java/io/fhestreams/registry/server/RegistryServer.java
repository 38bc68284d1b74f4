package io.fhestreams.registry.server;

import static io.fhestreams.registry.auth.Role.ADMIN;
import static io.fhestreams.registry.auth.Role.READER;

import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.auth.TokenEntry;
import io.fhestreams.registry.store.RegistryStore;
import io.fhestreams.registry.validation.ArtifactLoadingValidator;
import io.fhestreams.registry.validation.UploadValidator;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.SizeUnit;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The registry's HTTP + JSON service on Javalin: models, evaluation keys, the Confluent schema
 * subset, {@code /health}, {@code /metrics} (Prometheus) and {@code /openapi.json}. Runs in process
 * ({@link #start(RegistryConfig)}, port 0 = a free port) or from {@code RegistryMain}.
 */
public final class RegistryServer implements AutoCloseable {
  private final Javalin app;
  private final RegistryStore store;
  private final Path uploadDirectory;
  private final boolean ownsUploadDirectory;
  private final PrometheusMeterRegistry meters;
  private final List<ApiRoute> routes;
  private final String host;
  private final String scheme;

  private RegistryServer(RegistryConfig config, RegistryStore store, UploadValidator validator)
      throws IOException {
    this.store = store;
    this.host = config.host();
    this.scheme = config.tls() == null ? "http" : "https";
    this.ownsUploadDirectory = config.uploadDirectory() == null;
    this.uploadDirectory =
        ownsUploadDirectory
            ? Files.createTempDirectory("fhe-registry-uploads")
            : Files.createDirectories(Path.of(config.uploadDirectory()));
    this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(meters);
    TokenAuthenticator tokens = new TokenAuthenticator(config.tokens());
    Uploads uploads = new Uploads(uploadDirectory, config.maxUploadBytes(), validator, meters);
    byte[] openApi = openApiDocument();
    Routes[] declared = new Routes[1];
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jetty.host = config.host();
              cfg.jetty.port = config.port();
              if (config.tls() != null) {
                // Javalin adds its plain HTTP connector only when none is configured.
                cfg.jetty.addConnector(
                    (server, http) ->
                        config.tls().connector(server, http, config.host(), config.port()));
              }
              // Blobs are high-entropy: compressing them costs CPU for nothing.
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              cfg.jetty.multipartConfig.cacheDirectory(uploadDirectory.toString());
              cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxInMemoryFileSize(64 * 1024, SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxTotalRequestSize(
                  2 * config.maxUploadBytes() + 64 * 1024, SizeUnit.BYTES);
              Routes r = new Routes(cfg.routes, tokens, meters);
              r.add(
                  HandlerType.GET,
                  "/health",
                  Set.of(),
                  Routes.ErrorStyle.REGISTRY,
                  (ctx, who) -> {
                    store.subjects();
                    Routes.json(ctx, 200, Map.of("status", "UP"), "application/json");
                  });
              r.add(
                  HandlerType.GET,
                  "/openapi.json",
                  Set.of(),
                  Routes.ErrorStyle.REGISTRY,
                  (ctx, who) -> ctx.status(200).contentType("application/json").result(openApi));
              r.add(
                  HandlerType.GET,
                  "/metrics",
                  Set.of(READER, ADMIN),
                  Routes.ErrorStyle.REGISTRY,
                  (ctx, who) ->
                      ctx.status(200)
                          .contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(meters.scrape()));
              new ModelEndpoints(store, uploads, meters, possibleModelOwners(config)).register(r);
              new KeyEndpoints(store, uploads, meters).register(r);
              SchemaEndpoints schemas = new SchemaEndpoints(store, config.schemaCompatibility());
              schemas.registerRecordSchemas();
              schemas.register(r);
              declared[0] = r;
            });
    this.routes = declared[0].declared();
  }

  /**
   * Starts a server on the store the configuration names, validating uploads with {@link
   * ArtifactLoadingValidator} under the configuration's artifact limits.
   */
  public static RegistryServer start(RegistryConfig config) {
    return start(config, config.storage().open(), new ArtifactLoadingValidator(config.limits()));
  }

  /**
   * Starts a server on {@code store} (closed with the server) and {@code validator}; answers once
   * the port is bound.
   */
  public static RegistryServer start(
      RegistryConfig config, RegistryStore store, UploadValidator validator) {
    try {
      RegistryServer server = new RegistryServer(config, store, validator);
      server.app.start();
      return server;
    } catch (IOException e) {
      store.close();
      throw new UncheckedIOException("cannot prepare the upload directory", e);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The bound port. */
  public int port() {
    return app.port();
  }

  /**
   * The base URI, {@code http://HOST:PORT} or {@code https://HOST:PORT} with TLS (a wildcard host
   * is reached through 127.0.0.1).
   */
  public URI uri() {
    String host = this.host.equals("0.0.0.0") || this.host.equals("::") ? "127.0.0.1" : this.host;
    return URI.create(
        scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /** The endpoints and who may call them. */
  public List<ApiRoute> routes() {
    return routes;
  }

  /** The server's meters (also served at {@code /metrics}). */
  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /** Stops serving, closes the store and removes staged uploads. */
  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      store.close();
      meters.close();
      if (ownsUploadDirectory) {
        try (Stream<Path> walk = Files.walk(uploadDirectory)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          // A temp directory left behind is harmless.
        }
      }
    }
  }

  /** The configured principals a model can be transferred to: those that may publish. */
  private static Set<String> possibleModelOwners(RegistryConfig config) {
    return config.tokens().stream()
        .filter(t -> t.roles().contains(Role.PUBLISHER) || t.roles().contains(ADMIN))
        .map(TokenEntry::name)
        .collect(Collectors.toSet());
  }

  private static byte[] openApiDocument() throws IOException {
    try (InputStream in = RegistryServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return in.readAllBytes();
    }
  }
}
