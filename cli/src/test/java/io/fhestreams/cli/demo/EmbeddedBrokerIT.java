package io.fhestreams.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerIT {

  @Test
  void shouldDeliverATransactionalRecordToAReadCommittedConsumer(@TempDir Path dir)
      throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir)) {
      Map<String, Object> common = Map.of("bootstrap.servers", broker.bootstrapServers());
      try (Admin admin = Admin.create(common)) {
        admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", broker.bootstrapServers(), "transactional.id", "tx-1"),
              new StringSerializer(),
              new StringSerializer())) {
        p.initTransactions();
        p.beginTransaction();
        p.send(new ProducerRecord<>("t", "k", "committed"));
        p.commitTransaction();
      }
      try (KafkaConsumer<String, String> c =
          new KafkaConsumer<>(
              Map.of(
                  "bootstrap.servers",
                  broker.bootstrapServers(),
                  "group.id",
                  "g",
                  "auto.offset.reset",
                  "earliest",
                  "isolation.level",
                  "read_committed"),
              new StringDeserializer(),
              new StringDeserializer())) {
        c.subscribe(List.of("t"));
        String value = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (value == null && System.nanoTime() < deadline) {
          ConsumerRecords<String, String> rs = c.poll(Duration.ofMillis(200));
          if (!rs.isEmpty()) {
            value = rs.iterator().next().value();
          }
        }
        assertThat(value).isEqualTo("committed");
      }
    }
  }
}
