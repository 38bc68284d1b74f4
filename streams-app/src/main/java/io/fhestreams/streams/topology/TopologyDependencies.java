package io.fhestreams.streams.topology;

import io.fhestreams.streams.metrics.InferenceMetrics;
import io.fhestreams.streams.processor.CiphertextEvaluator;
import io.fhestreams.streams.processor.ModelResolver;
import io.fhestreams.streams.processor.WorkerPool;
import java.time.Clock;
import java.util.Objects;

/**
 * What the topology needs from outside: the resolver and the evaluator (the registry client and the
 * FHE server, adapted), the shared worker pool, the metrics and a clock.
 *
 * @param resolver finds model and keys; thread-safe
 * @param evaluator evaluates; thread-safe
 * @param pool the one worker pool shared by all stream threads
 * @param metrics where to count
 * @param clock wall clock for timestamps
 * @param <M> the model-and-keys type the resolver produces and the evaluator consumes
 */
public record TopologyDependencies<M>(
    ModelResolver<M> resolver,
    CiphertextEvaluator<M> evaluator,
    WorkerPool pool,
    InferenceMetrics metrics,
    Clock clock) {
  /** Validates the fields. */
  public TopologyDependencies {
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(clock, "clock");
  }
}
