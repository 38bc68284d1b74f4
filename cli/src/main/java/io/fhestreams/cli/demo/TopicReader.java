package io.fhestreams.cli.demo;

import io.fhestreams.clients.producer.KafkaEndpoints;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic of Avro records once, from the beginning to its end, as a read_committed
 * consumer without a group sees it: what the checks of the drivers count.
 */
public final class TopicReader {
  private TopicReader() {}

  /**
   * Every committed record of {@code topic} in partition order, decoded as {@code type}; fails if
   * the end is not reached within {@code timeout}.
   */
  public static <T extends SpecificRecord> List<T> readAll(
      KafkaEndpoints endpoints, String topic, Class<T> type, Duration timeout) {
    Map<String, Object> props = endpoints.properties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<T> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      ConfluentAvroDeserializer<T> values = new ConfluentAvroDeserializer<>(type);
      values.configure(props, false);
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException(
            "topic " + topic + " does not exist on " + endpoints.bootstrapServers());
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + TimeUnit.NANOSECONDS.convert(timeout);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " to its end " + end + " within " + timeout);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records.add(values.deserialize(r.topic(), r.value()));
        }
      }
    }
    return records;
  }
}
