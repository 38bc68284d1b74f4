package io.fhestreams.streams.processor;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the processor blocks on a retryable failure (registry unavailable) before giving the
 * record back.
 *
 * <p>Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}; after {@code maxBlock}
 * in total the processor throws {@link RetriesExhaustedException}. {@code maxBlock} must stay below
 * the producer's {@code transaction.timeout.ms} (10 s by default under exactly-once in Kafka
 * Streams) and far below {@code max.poll.interval.ms}, so that blocking never fences the producer
 * nor evicts the consumer.
 *
 * @param initialBackoff first wait, > 0
 * @param maxBackoff longest single wait, >= initialBackoff
 * @param maxBlock total wait for one record before giving it back, >= 0
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxBlock) {
  /** Validates the durations. */
  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxBlock, "maxBlock");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initial backoff must be > 0, found " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + maxBackoff + " is below initial backoff " + initialBackoff);
    }
    if (maxBlock.isNegative()) {
      throw new IllegalArgumentException("max block must be >= 0, found " + maxBlock);
    }
  }

  /** The wait after {@code previous} (doubling, capped). */
  public Duration nextBackoff(Duration previous) {
    Duration doubled = previous.multipliedBy(2);
    return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
  }
}
