package io.fhestreams.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.streams.processor.CacheLookup;
import io.fhestreams.streams.processor.FailureReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InferenceMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final InferenceMetrics metrics = new InferenceMetrics(registry);

  @Test
  void shouldCountPredictionsAndLatencies() {
    java.time.Instant done = java.time.Instant.ofEpochMilli(1_700_000_000_000L);
    metrics.recordPrediction(Duration.ofMillis(5), done.minusMillis(40), done);
    metrics.recordPrediction(Duration.ofMillis(7), done.plusMillis(1), done);
    // createdAt at the edge of timestamp-millis: ~292 million years do not fit a timer
    metrics.recordPrediction(
        Duration.ofMillis(7), java.time.Instant.ofEpochMilli(Long.MIN_VALUE), done);
    assertThat(registry.get(InferenceMetrics.PROCESSED).counter().count()).isEqualTo(3);
    assertThat(registry.get(InferenceMetrics.PROCESSING).timer().count()).isEqualTo(3);
    // a negative end-to-end time (client clock ahead) or one beyond the timer's range is not
    // recorded
    assertThat(registry.get(InferenceMetrics.LATENCY).timer().count()).isEqualTo(1);
    assertThat(
            registry
                .get(InferenceMetrics.LATENCY)
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(40);
  }

  @Test
  void shouldComputeCacheHitRatio() {
    assertThat(metrics.cacheHitRatio()).isZero();
    metrics.recordCacheLookup(CacheLookup.MISS);
    metrics.recordCacheLookup(CacheLookup.HIT);
    metrics.recordCacheLookup(CacheLookup.HIT);
    metrics.recordCacheLookup(CacheLookup.HIT);
    assertThat(metrics.cacheHitRatio()).isEqualTo(0.75);
    assertThat(registry.get(InferenceMetrics.CACHE_HIT_RATIO).gauge().value()).isEqualTo(0.75);
    assertThat(registry.get(InferenceMetrics.CACHE_LOOKUPS).tag("result", "hit").counter().count())
        .isEqualTo(3);
  }

  @Test
  void shouldCountDeadLettersByReason() {
    metrics.recordDeadLetter(FailureReason.UNKNOWN_KEY);
    metrics.recordDeadLetter(FailureReason.UNKNOWN_KEY);
    metrics.recordDeadLetter(FailureReason.UNDECODABLE);
    assertThat(
            registry
                .get(InferenceMetrics.DEAD_LETTERS)
                .tag("reason", "UNKNOWN_KEY")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(metrics.deadLetterCount(FailureReason.UNDECODABLE)).isEqualTo(1);
    assertThat(metrics.deadLetterCount(FailureReason.EVALUATION_ERROR)).isZero();
  }

  @Test
  void retryableReasonAsDeadLetter_fails() {
    assertThatThrownBy(() -> metrics.recordDeadLetter(FailureReason.REGISTRY_UNAVAILABLE))
        .hasMessageContaining("retryable");
  }

  @Test
  void shouldCountBootstrapsAndRetries() {
    metrics.recordBootstraps(12);
    metrics.recordBootstraps(30);
    metrics.recordRetry();
    metrics.recordThreadReplacement();
    assertThat(registry.get(InferenceMetrics.THREAD_REPLACEMENTS).counter().count()).isEqualTo(1);
    assertThat(registry.get(InferenceMetrics.BOOTSTRAPS).counter().count()).isEqualTo(42);
    assertThat(registry.get(InferenceMetrics.RETRIES).counter().count()).isEqualTo(1);
  }
}
