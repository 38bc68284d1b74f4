package io.fhestreams.streams.processor;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A decoded request together with the exact bytes it was decoded from, so that a request that fails
 * later is dead-lettered with its original bytes, not a re-encoding.
 *
 * @param rawValue the record value as read from the topic
 * @param request the decoded request
 */
public record SourcedRequest(byte[] rawValue, EncryptedInferenceRequest request) {
  /** Validates the fields. */
  public SourcedRequest {
    Objects.requireNonNull(rawValue, "rawValue");
    Objects.requireNonNull(request, "request");
  }

  /**
   * The source serde: its deserializer decodes with the Confluent Avro deserializer (undecodable
   * bytes throw, so they reach the deserialization exception handler) and keeps the bytes; its
   * serializer writes them back.
   */
  public static Serde<SourcedRequest> serde(Map<String, ?> configs) {
    ConfluentAvroDeserializer<EncryptedInferenceRequest> avro =
        new ConfluentAvroDeserializer<>(EncryptedInferenceRequest.class);
    avro.configure(configs, false);
    Deserializer<SourcedRequest> deserializer =
        (topic, bytes) ->
            bytes == null ? null : new SourcedRequest(bytes, avro.deserialize(topic, bytes));
    return Serdes.serdeFrom(
        (topic, sourced) -> sourced == null ? null : sourced.rawValue(), deserializer);
  }
}
