package io.fhestreams.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka Streams {@link Serde} for one generated Avro class in the Confluent wire format: a {@link
 * ConfluentAvroSerializer} and a {@link ConfluentAvroDeserializer}, configured together from the
 * same map (see {@link SchemaRegistryConfig} for the keys).
 *
 * @param <T> the generated record class
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final ConfluentAvroSerializer<T> serializer;
  private final ConfluentAvroDeserializer<T> deserializer;

  /** An unconfigured serde for {@code type}; {@link #configure} must follow. */
  public ConfluentAvroSerde(Class<T> type) {
    this.serializer = new ConfluentAvroSerializer<>();
    this.deserializer = new ConfluentAvroDeserializer<>(type);
  }

  /**
   * A serde for {@code type} configured from {@code configs}, for values ({@code isKey=false}) or
   * keys.
   */
  public static <T extends SpecificRecord> ConfluentAvroSerde<T> configured(
      Class<T> type, Map<String, ?> configs, boolean isKey) {
    ConfluentAvroSerde<T> serde = new ConfluentAvroSerde<>(type);
    serde.configure(configs, isKey);
    return serde;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
