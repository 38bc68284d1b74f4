package io.fhestreams.streams;

import com.sun.net.httpserver.HttpServer;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.topology.InferenceApplication;
import io.fhestreams.streams.topology.InferenceBackend;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;

/**
 * Runs the streams application: {@code StreamsAppMain --config FILE}.
 *
 * <p>Configuration: see {@link AppConfig} (properties file, {@code FHE_*} environment overrides). The
 * resolver and evaluator come from the {@link InferenceBackend.Provider} found on the class path (chosen by
 * {@code app.backend} if there are several). With {@code app.metrics.port} set, Prometheus metrics are served
 * at {@code /metrics}. A shutdown hook closes the streams within {@code app.shutdown.timeout.ms}.
 * Errors print one line to stderr and exit non-zero.
 */
public final class StreamsAppMain {

    private StreamsAppMain() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("fhe app: " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--config")) {
            throw new IllegalArgumentException("usage: StreamsAppMain --config FILE");
        }
        AppConfig config = AppConfig.load(Path.of(args[1]), System.getenv());
        InferenceBackend<?> backend = openBackend(config);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpServer metricsServer = config.metricsPort() == 0 ? null : serveMetrics(meters, config.metricsPort());
        InferenceApplication app = start(config, backend, meters);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            backend.close();
            if (metricsServer != null) {
                metricsServer.stop(0);
            }
            stopped.countDown();
        }, "fhe-app-shutdown"));
        stopped.await();
    }

    private static <M> InferenceApplication start(AppConfig config, InferenceBackend<M> backend, PrometheusMeterRegistry meters) {
        return InferenceApplication.start(config, backend.resolver(), backend.evaluator(), meters);
    }

    private static InferenceBackend<?> openBackend(AppConfig config) {
        List<InferenceBackend.Provider> providers = ServiceLoader.load(InferenceBackend.Provider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        String wanted = config.get("app.backend");
        List<InferenceBackend.Provider> matching = wanted == null ? providers
                : providers.stream().filter(p -> p.name().equals(wanted)).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException("expected exactly one InferenceBackend provider"
                    + (wanted == null ? "" : " named " + wanted) + " on the class path, found "
                    + providers.stream().map(InferenceBackend.Provider::name).toList()
                    + " (the registry/FHE-server adapter registers one in META-INF/services)");
        }
        return matching.get(0).open(config);
    }

    private static HttpServer serveMetrics(PrometheusMeterRegistry meters, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/metrics", exchange -> {
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
            throw new IllegalStateException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
        }
    }
}
