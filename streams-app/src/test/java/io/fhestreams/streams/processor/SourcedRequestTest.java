package io.fhestreams.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.serde.ConfluentAvroSerializer;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SourcedRequestTest {

  private final Map<String, Object> configs =
      Map.of("schema.registry.url", "mock://sr-" + UUID.randomUUID());

  @Test
  void shouldKeepTheExactBytesNextToTheDecodedRequest() {
    EncryptedInferenceRequest request = TestRequests.valid("r", new SplittableRandom(1), 2).build();
    ConfluentAvroSerializer<EncryptedInferenceRequest> ser = new ConfluentAvroSerializer<>();
    ser.configure(configs, false);
    byte[] bytes = ser.serialize("fhe.requests", request);
    Serde<SourcedRequest> serde =
        SourcedRequest.serde(
            configs,
            new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(50)));
    SourcedRequest sourced = serde.deserializer().deserialize("fhe.requests", bytes);
    assertThat(sourced.request()).isEqualTo(request);
    assertThat(sourced.rawValue()).isSameAs(bytes);
    assertThat(serde.serializer().serialize("fhe.requests", sourced)).isSameAs(bytes);
    assertThat(serde.deserializer().deserialize("fhe.requests", null)).isNull();
  }

  @Test
  void undecodableBytes_throwForTheDeserializationHandler() {
    Serde<SourcedRequest> serde =
        SourcedRequest.serde(
            configs,
            new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(50)));
    assertThatThrownBy(
            () -> serde.deserializer().deserialize("fhe.requests", new byte[] {1, 2, 3, 4, 5, 6}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0x01");
  }
}
