package io.fhestreams.streams.topology;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import io.fhestreams.streams.processor.CostBudget;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' clients, as its default supplier makes them, except that each stream thread's main
 * consumer polls by cost ({@link CostBoundedConsumer}).
 */
final class CostBoundedClientSupplier implements KafkaClientSupplier {

  private final Map<String, ?> serdeConfig;
  private final CostBudget budget;

  /**
   * @param serdeConfig the application's settings, for the request deserializer's schema registry
   * @param budget the budget the topology's processors share
   */
  CostBoundedClientSupplier(Map<String, ?> serdeConfig, CostBudget budget) {
    this.serdeConfig = serdeConfig;
    this.budget = budget;
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    ConfluentAvroDeserializer<EncryptedInferenceRequest> requests =
        new ConfluentAvroDeserializer<>(EncryptedInferenceRequest.class);
    requests.configure(serdeConfig, false);
    return new CostBoundedConsumer(config, requests, budget);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
