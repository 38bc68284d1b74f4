package io.fhestreams.streams.processor;

import org.apache.kafka.streams.errors.StreamsException;

/**
 * A record met a retryable failure for longer than {@link RetryPolicy#maxBlock()}. Thrown out of
 * the processor on purpose: Kafka Streams fails the task, the application's uncaught-exception
 * handler replaces the stream thread, the open transaction is aborted, and the record is read again
 * from the last committed offset. Nothing is lost, nothing is reordered, nothing is dead-lettered.
 */
public class RetriesExhaustedException extends StreamsException {

  private static final long serialVersionUID = 1L;

  /** The failure that kept recurring. */
  public RetriesExhaustedException(String message, Throwable lastFailure) {
    super(message, lastFailure);
  }
}
