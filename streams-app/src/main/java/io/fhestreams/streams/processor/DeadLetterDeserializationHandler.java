package io.fhestreams.streams.processor;

import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.serde.ConfluentAvroSerializer;
import io.fhestreams.streams.metrics.InferenceMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records whose bytes cannot be decoded to the dead-letter topic as a {@link DeadLetter} with
 * reason {@link FailureReason#UNDECODABLE}, the deserializer's message and the original key and
 * value bytes, and lets the stream go on.
 *
 * <p>It uses the dead-letter support of Kafka Streams 4.x (KIP-1034): {@code handleError} returns
 * {@link Response#resume(List)} with the dead-letter record, which Streams produces with the task's
 * own producer, inside the exactly-once transaction. The topic is {@value
 * StreamsConfig#ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG}; the DeadLetter value is written with
 * the Confluent Avro serializer configured from the same map.
 *
 * <p>A dead letter whose original bytes would exceed the record limit ({@code
 * app.output.max.bytes}) leaves them out, so that writing it never fails the producer.
 *
 * <p>When the schema registry cannot be reached, refuses the credentials (401/403) or throttles
 * (408/429) the bytes may well be fine (the deserializer has already retried with backoff): the
 * handler waits {@value #REGISTRY_BACKOFF_MS} ms and answers {@link Response#fail()}; the
 * application then replaces the stream thread and the record is read again, so a good record is
 * never dead-lettered for a registry outage.
 *
 * <p>The {@link InferenceMetrics} to count into may be passed as an object under {@value
 * #METRICS_CONFIG}.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  /** Config key under which the application passes its {@link InferenceMetrics} instance. */
  public static final String METRICS_CONFIG = "fhe.internal.inference.metrics";

  /**
   * Largest record the application hands its producer, dead letters included ({@code
   * app.output.max.bytes}; validated by the application's configuration).
   */
  public static final String OUTPUT_MAX_BYTES_CONFIG = "app.output.max.bytes";

  /** The producer's default {@code max.request.size}. */
  public static final int DEFAULT_OUTPUT_MAX_BYTES = 1_048_576;

  /** Wait before failing on an unreachable schema registry. */
  public static final long REGISTRY_BACKOFF_MS = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  private String deadLetterTopic;
  private ConfluentAvroSerializer<DeadLetter> serializer;
  private InferenceMetrics metrics;
  private int maxOutputBytes;
  private final Clock clock = Clock.systemUTC();

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      throw new ConfigException(
          "DeadLetterDeserializationHandler needs "
              + StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
              + " (the dead-letter topic)");
    }
    deadLetterTopic = topic.toString();
    serializer = new ConfluentAvroSerializer<>();
    serializer.configure(configs, false);
    Object limit = configs.get(OUTPUT_MAX_BYTES_CONFIG);
    maxOutputBytes =
        limit == null ? DEFAULT_OUTPUT_MAX_BYTES : Integer.parseInt(limit.toString().trim());
    Object m = configs.get(METRICS_CONFIG);
    metrics = m instanceof InferenceMetrics im ? im : null;
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (TransientFailures.isTransient(exception)) {
      LOG.warn(
          "schema registry unavailable while decoding {}-{}@{}; failing the task so that the record is read again",
          record.topic(),
          record.partition(),
          record.offset(),
          exception);
      try {
        Thread.sleep(REGISTRY_BACKOFF_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Response.fail();
    }
    DeadLetter letter =
        DeadLetters.newDeadLetter(
            FailureReason.UNDECODABLE,
            exception.getClass().getSimpleName() + ": " + exception.getMessage(),
            null,
            new DeadLetters.RecordOrigin(record.topic(), record.partition(), record.offset()),
            record.key(),
            record.value(),
            clock.instant(),
            maxOutputBytes);
    LOG.info(
        "dead-lettering UNDECODABLE {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        exception.getMessage());
    byte[] value = serializer.serialize(deadLetterTopic, letter);
    if (metrics != null) {
      metrics.recordDeadLetter(FailureReason.UNDECODABLE);
    }
    return Response.resume(
        List.of(new ProducerRecord<>(deadLetterTopic, null, record.key(), value)));
  }
}
