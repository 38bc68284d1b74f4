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
      createTopicAndCommit(broker.bootstrapServers(), "committed");
      assertThat(readFirst(broker.bootstrapServers())).isEqualTo("committed");
    }
  }

  @Test
  void restartedOnItsDirectoryAndPorts_shouldStillHaveTheRecord(@TempDir Path dir)
      throws Exception {
    int port = EmbeddedBroker.freePort();
    int controllerPort = EmbeddedBroker.freePort();
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir, port, controllerPort)) {
      createTopicAndCommit(broker.bootstrapServers(), "before the restart");
    }
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir, port, controllerPort)) {
      assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
      assertThat(readFirst(broker.bootstrapServers())).isEqualTo("before the restart");
    }
  }

  private static void createTopicAndCommit(String bootstrapServers, String value) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrapServers, "transactional.id", "tx-1"),
            new StringSerializer(),
            new StringSerializer())) {
      p.initTransactions();
      p.beginTransaction();
      p.send(new ProducerRecord<>("t", "k", value));
      p.commitTransaction();
    }
  }

  /** The first record of topic t a read_committed consumer sees within 30 s, or null. */
  private static String readFirst(String bootstrapServers) {
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "group.id",
                "g",
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      c.subscribe(List.of("t"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        ConsumerRecords<String, String> rs = c.poll(Duration.ofMillis(200));
        if (!rs.isEmpty()) {
          return rs.iterator().next().value();
        }
      }
      return null;
    }
  }
}
