package io.fhestreams.streams.topology;

import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.metrics.InferenceMetrics;
import io.fhestreams.streams.processor.BoundedWorkerPool;
import io.fhestreams.streams.processor.CiphertextEvaluator;
import io.fhestreams.streams.processor.CostBudget;
import io.fhestreams.streams.processor.DeadLetterDeserializationHandler;
import io.fhestreams.streams.processor.ModelResolver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the application: the shared worker pool, the metrics, and a {@link
 * KafkaStreams} running {@link InferenceTopology}.
 *
 * <p>A stream thread that dies (for instance after {@code RetriesExhaustedException} while the
 * registry is down) is replaced: its open transaction is aborted and its records are read again
 * from the last committed offset, so no record is lost or duplicated. {@link #close(Duration)}
 * closes the streams with a timeout (committing what is done), then the pool.
 */
public final class InferenceApplication implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceApplication.class);

  private final KafkaStreams streams;
  private final BoundedWorkerPool pool;
  private final InferenceMetrics metrics;
  private final Duration shutdownTimeout;

  private InferenceApplication(
      KafkaStreams streams,
      BoundedWorkerPool pool,
      InferenceMetrics metrics,
      Duration shutdownTimeout) {
    this.streams = streams;
    this.pool = pool;
    this.metrics = metrics;
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * Builds and starts an instance; returns once the streams are starting (not necessarily running).
   */
  public static <M> InferenceApplication start(
      AppConfig config,
      ModelResolver<M> resolver,
      CiphertextEvaluator<M> evaluator,
      MeterRegistry meterRegistry) {
    InferenceMetrics metrics = new InferenceMetrics(meterRegistry);
    BoundedWorkerPool pool = new BoundedWorkerPool(config.workerPoolSize());
    // the deserialization handler is created by Kafka Streams; it finds the metrics in its config
    // map
    AppConfig wired = config.with(DeadLetterDeserializationHandler.METRICS_CONFIG, metrics);
    TopologyDependencies<M> deps =
        new TopologyDependencies<>(resolver, evaluator, pool, metrics, Clock.systemUTC());
    // the processors and the stream threads' consumers share one budget and one book of costs
    CostBudget budget = config.costBudget();
    KafkaStreams streams;
    try {
      streams =
          new KafkaStreams(
              InferenceTopology.build(wired, deps, budget),
              wired.toProperties(),
              new CostBoundedClientSupplier(wired.asMap(), budget));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.warn("stream thread failed; replacing it (its records will be read again)", e);
          metrics.recordThreadReplacement();
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    return new InferenceApplication(streams, pool, metrics, config.shutdownTimeout());
  }

  /** The running streams, e.g. to watch its state. */
  public KafkaStreams streams() {
    return streams;
  }

  /** The application's meters. */
  public InferenceMetrics metrics() {
    return metrics;
  }

  /** Closes the streams, waiting at most {@code timeout}, then the worker pool. Idempotent. */
  public void close(Duration timeout) {
    boolean clean = streams.close(timeout);
    if (!clean) {
      LOG.warn("streams did not close within {}", timeout);
    }
    pool.close();
  }

  /** Closes with the configured {@code app.shutdown.timeout.ms}. */
  @Override
  public void close() {
    close(shutdownTimeout);
  }
}
