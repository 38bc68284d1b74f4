package io.fhestreams.streams.metrics;

import io.fhestreams.streams.processor.CacheLookup;
import io.fhestreams.streams.processor.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The application's Micrometer meters. Rates (records/s, bootstraps/s) are what a backend such as
 * Prometheus derives from the counters.
 *
 * <ul>
 *   <li>{@value #PROCESSED} (counter): requests answered with a prediction.
 *   <li>{@value #LATENCY} (timer, percentile histogram): end to end, request {@code createdAt} to
 *       prediction.
 *   <li>{@value #PROCESSING} (timer, percentile histogram): resolve + evaluate time inside the
 *       processor.
 *   <li>{@value #BOOTSTRAPS} (counter): bootstraps reported by the evaluator.
 *   <li>{@value #CACHE_LOOKUPS} (counter, tag {@code result=hit|miss}) and {@value
 *       #CACHE_HIT_RATIO} (gauge): resolver cache, as reported by the resolver.
 *   <li>{@value #DEAD_LETTERS} (counter, tag {@code reason}): records sent to the dead-letter
 *       topic.
 *   <li>{@value #RETRIES} (counter): waits on a retryable failure.
 *   <li>{@value #THREAD_REPLACEMENTS} (counter): stream threads replaced after a failure (e.g.
 *       retries exhausted); their records are read again.
 * </ul>
 *
 * Thread-safe.
 */
public final class InferenceMetrics {

  /** Counter of answered requests. */
  public static final String PROCESSED = "fhe.requests.processed";

  /** Timer of end-to-end latency. */
  public static final String LATENCY = "fhe.requests.latency";

  /** Timer of processing time. */
  public static final String PROCESSING = "fhe.requests.processing";

  /** Counter of bootstraps. */
  public static final String BOOTSTRAPS = "fhe.bootstraps";

  /** Counter of resolver cache lookups, tag {@code result}. */
  public static final String CACHE_LOOKUPS = "fhe.resolver.cache.lookups";

  /** Gauge of the resolver cache hit ratio since start. */
  public static final String CACHE_HIT_RATIO = "fhe.resolver.cache.hit.ratio";

  /** Counter of dead-lettered records, tag {@code reason}. */
  public static final String DEAD_LETTERS = "fhe.dlq.records";

  /** Counter of retry waits. */
  public static final String RETRIES = "fhe.retries";

  /** Counter of replaced stream threads. */
  public static final String THREAD_REPLACEMENTS = "fhe.stream.thread.replacements";

  /** Longest duration a timer can take: its nanoseconds must fit a long. */
  private static final Duration MAX_TIMER_DURATION = Duration.ofNanos(Long.MAX_VALUE);

  private final MeterRegistry registry;
  private final Counter processed;
  private final Timer latency;
  private final Timer processing;
  private final Counter bootstraps;
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter retries;
  private final Counter threadReplacements;
  private final Map<FailureReason, Counter> deadLetters = new EnumMap<>(FailureReason.class);

  /** Registers the meters in {@code registry}. */
  public InferenceMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    processed =
        Counter.builder(PROCESSED)
            .description("requests answered with a prediction")
            .register(registry);
    latency =
        Timer.builder(LATENCY)
            .description("request createdAt to prediction")
            .publishPercentileHistogram()
            .register(registry);
    processing =
        Timer.builder(PROCESSING)
            .description("resolve and evaluate time")
            .publishPercentileHistogram()
            .register(registry);
    bootstraps = Counter.builder(BOOTSTRAPS).description("bootstraps performed").register(registry);
    cacheHits = Counter.builder(CACHE_LOOKUPS).tag("result", "hit").register(registry);
    cacheMisses = Counter.builder(CACHE_LOOKUPS).tag("result", "miss").register(registry);
    Gauge.builder(CACHE_HIT_RATIO, this, m -> m.cacheHitRatio()).register(registry);
    retries =
        Counter.builder(RETRIES).description("waits on a retryable failure").register(registry);
    threadReplacements =
        Counter.builder(THREAD_REPLACEMENTS)
            .description("stream threads replaced")
            .register(registry);
    for (FailureReason reason : FailureReason.values()) {
      if (!reason.retryable()) {
        deadLetters.put(
            reason, Counter.builder(DEAD_LETTERS).tag("reason", reason.name()).register(registry));
      }
    }
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * One request answered, with its processing time and the request's {@code createdAt} (set by the
   * sender: any instant, so a latency below zero or beyond the timer's range of nanoseconds, about
   * 292 years, is not recorded).
   */
  public void recordPrediction(Duration processingTime, Instant createdAt, Instant completed) {
    processed.increment();
    processing.record(processingTime);
    Duration endToEnd = Duration.between(createdAt, completed);
    if (!endToEnd.isNegative() && endToEnd.compareTo(MAX_TIMER_DURATION) <= 0) {
      latency.record(endToEnd);
    }
  }

  /** Bootstraps done for one request, as the evaluator reported. */
  public void recordBootstraps(long count) {
    bootstraps.increment(count);
  }

  /** One resolution, answered by the cache or not, as the resolver reported. */
  public void recordCacheLookup(CacheLookup lookup) {
    (lookup == CacheLookup.HIT ? cacheHits : cacheMisses).increment();
  }

  /** One record sent to the dead-letter topic; {@code reason} must not be retryable. */
  public void recordDeadLetter(FailureReason reason) {
    Counter c = deadLetters.get(reason);
    if (c == null) {
      throw new IllegalArgumentException(reason + " is retryable and never dead-lettered");
    }
    c.increment();
  }

  /** One wait on a retryable failure. */
  public void recordRetry() {
    retries.increment();
  }

  /** One stream thread replaced after a failure. */
  public void recordThreadReplacement() {
    threadReplacements.increment();
  }

  /** Hits / lookups since start, 0 before the first lookup. */
  public double cacheHitRatio() {
    double hits = cacheHits.count();
    double total = hits + cacheMisses.count();
    return total == 0 ? 0 : hits / total;
  }

  /** Dead letters counted for {@code reason} since start. */
  public double deadLetterCount(FailureReason reason) {
    Counter c = deadLetters.get(reason);
    return c == null ? 0 : c.count();
  }
}
