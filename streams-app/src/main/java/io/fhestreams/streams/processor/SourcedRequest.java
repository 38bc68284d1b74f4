package io.fhestreams.streams.processor;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decoded request together with the exact bytes it was decoded from, so that a request that fails
 * later is dead-lettered with its original bytes, not a re-encoding.
 *
 * @param rawValue the record value as read from the topic
 * @param request the decoded request
 */
public record SourcedRequest(byte[] rawValue, EncryptedInferenceRequest request) {
  private static final Logger LOG = LoggerFactory.getLogger(SourcedRequest.class);

  /** Validates the fields. */
  public SourcedRequest {
    Objects.requireNonNull(rawValue, "rawValue");
    Objects.requireNonNull(request, "request");
  }

  /**
   * The source serde: its deserializer decodes with the Confluent Avro deserializer (undecodable
   * bytes throw, so they reach the deserialization exception handler) and keeps the bytes; its
   * serializer writes them back. A {@linkplain TransientFailures transient} schema-registry failure
   * (unreachable, 5xx, 401/403, 408/429) is retried with {@code retry}'s backoff while the record
   * waits, up to its {@link RetryPolicy#maxBlock()}; then the failure goes to the handler, which
   * fails the task so that the record is read again (never dead-lettered).
   */
  public static Serde<SourcedRequest> serde(Map<String, ?> configs, RetryPolicy retry) {
    ConfluentAvroDeserializer<EncryptedInferenceRequest> avro =
        new ConfluentAvroDeserializer<>(EncryptedInferenceRequest.class);
    avro.configure(configs, false);
    Deserializer<SourcedRequest> deserializer =
        (topic, bytes) ->
            bytes == null
                ? null
                : new SourcedRequest(bytes, decodeWithRetry(avro, topic, bytes, retry));
    return Serdes.serdeFrom(
        (topic, sourced) -> sourced == null ? null : sourced.rawValue(), deserializer);
  }

  private static EncryptedInferenceRequest decodeWithRetry(
      ConfluentAvroDeserializer<EncryptedInferenceRequest> avro,
      String topic,
      byte[] bytes,
      RetryPolicy retry) {
    long deadline = System.nanoTime() + retry.maxBlock().toNanos();
    Duration backoff = retry.initialBackoff();
    while (true) {
      try {
        return avro.deserialize(topic, bytes);
      } catch (RuntimeException e) {
        long remaining = deadline - System.nanoTime();
        if (!TransientFailures.isTransient(e) || remaining <= 0) {
          throw e;
        }
        LOG.warn("schema registry unavailable while decoding a request; retrying in {}", backoff);
        try {
          Thread.sleep(Math.max(1, Math.min(backoff.toMillis(), remaining / 1_000_000)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoff = retry.nextBackoff(backoff);
      }
    }
  }
}
