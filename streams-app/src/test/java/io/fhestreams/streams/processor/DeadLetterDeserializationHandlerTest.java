package io.fhestreams.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import io.fhestreams.schemas.serde.InMemorySchemaRegistry;
import io.fhestreams.schemas.serde.SchemaRegistryException;
import io.fhestreams.streams.metrics.InferenceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {

  private final String scope = "h-" + UUID.randomUUID();

  {
    // registered beforehand, as the project's registry does at startup: the serializer looks it up
    InMemorySchemaRegistry.forScope(scope).register("dlq-value", DeadLetter.getClassSchema());
  }

  private final InferenceMetrics metrics = new InferenceMetrics(new SimpleMeterRegistry());

  private DeadLetterDeserializationHandler handler() {
    DeadLetterDeserializationHandler h = new DeadLetterDeserializationHandler();
    h.configure(
        Map.of(
            "errors.dead.letter.queue.topic.name",
            "dlq",
            "schema.registry.url",
            "mock://" + scope,
            DeadLetterDeserializationHandler.METRICS_CONFIG,
            metrics));
    return h;
  }

  @Test
  void shouldResumeWithADeadLetterCarryingTheOriginalBytes() {
    ConsumerRecord<byte[], byte[]> rec =
        new ConsumerRecord<>("fhe.requests", 3, 77L, new byte[] {1, 2}, new byte[] {9, 8, 7});
    DeserializationExceptionHandler.Response r =
        handler().handleError(null, rec, new SerializationException("bad magic"));
    assertThat(r.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(r.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> out = r.deadLetterQueueRecords().get(0);
    assertThat(out.topic()).isEqualTo("dlq");
    assertThat(out.key()).containsExactly(1, 2);
    ConfluentAvroDeserializer<DeadLetter> reader =
        new ConfluentAvroDeserializer<>(DeadLetter.class);
    reader.configure(Map.of("schema.registry.url", "mock://" + scope), false);
    DeadLetter dl = reader.deserialize("dlq", out.value());
    assertThat(dl.getReason()).isEqualTo("UNDECODABLE");
    assertThat(dl.getMessage()).contains("bad magic");
    assertThat(dl.getOriginalPartition()).isEqualTo(3);
    assertThat(dl.getOriginalOffset()).isEqualTo(77L);
    assertThat(dl.getOriginalValue()).isEqualTo(ByteBuffer.wrap(new byte[] {9, 8, 7}));
    assertThat(metrics.deadLetterCount(FailureReason.UNDECODABLE)).isEqualTo(1);
  }

  @Test
  void registryUnavailable_failsInsteadOfDeadLettering() {
    ConsumerRecord<byte[], byte[]> rec =
        new ConsumerRecord<>("fhe.requests", 0, 1L, null, new byte[] {0, 0, 0, 0, 1, 2});
    DeserializationExceptionHandler.Response r =
        handler()
            .handleError(
                null,
                rec,
                new SchemaRegistryException(
                    "schema registry unreachable", new java.net.ConnectException()));
    assertThat(r.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    assertThat(r.deadLetterQueueRecords()).isEmpty();
    assertThat(metrics.deadLetterCount(FailureReason.UNDECODABLE)).isZero();
  }

  @Test
  void registryRefusingCredentialsOrThrottling_failsInsteadOfDeadLettering() {
    ConsumerRecord<byte[], byte[]> rec =
        new ConsumerRecord<>("fhe.requests", 0, 1L, null, new byte[] {0, 0, 0, 0, 1, 2});
    DeadLetterDeserializationHandler handler = handler();
    for (int status : new int[] {401, 403, 408, 429}) {
      DeserializationExceptionHandler.Response r =
          handler.handleError(
              null,
              rec,
              new org.apache.kafka.common.errors.SerializationException(
                  "decoding failed", new SchemaRegistryException(status, status, "refused")));
      assertThat(r.result())
          .as("HTTP %d", status)
          .isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    }
    DeserializationExceptionHandler.Response unknownSchema =
        handler.handleError(
            null,
            rec,
            new org.apache.kafka.common.errors.SerializationException(
                "unknown schema id",
                new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "no")));
    assertThat(unknownSchema.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertThat(metrics.deadLetterCount(FailureReason.UNDECODABLE)).isEqualTo(1);
  }

  @Test
  void missingTopic_fails() {
    assertThatThrownBy(
            () ->
                new DeadLetterDeserializationHandler()
                    .configure(Map.of("schema.registry.url", "mock://x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("errors.dead.letter.queue.topic.name");
  }
}
