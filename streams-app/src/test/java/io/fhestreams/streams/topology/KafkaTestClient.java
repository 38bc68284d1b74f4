package io.fhestreams.streams.topology;

import io.fhestreams.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Topics, producers, read_committed readers and application settings for a broker at a bootstrap
 * address.
 */
final class KafkaTestClient {

  static final int REQUEST_PARTITIONS = 4;

  private final String bootstrapServers;

  KafkaTestClient(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates the application's three topics. */
  void createTopics() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(Topics.REQUESTS, REQUEST_PARTITIONS, (short) 1),
                  new NewTopic(Topics.PREDICTIONS, REQUEST_PARTITIONS, (short) 1),
                  new NewTopic(Topics.DEAD_LETTERS, 2, (short) 1)))
          .all()
          .get();
    }
  }

  KafkaProducer<String, byte[]> rawProducer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** A read_committed consumer from the beginning of {@code topic}. */
  KafkaConsumer<String, byte[]> committedConsumer(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /**
   * Reads {@code topic} (read_committed) until {@code done} holds for what was read, or {@code
   * timeout}; then keeps reading for {@code settle} more, so that duplicates arriving late are seen
   * too.
   */
  List<ConsumerRecord<String, byte[]>> readUntil(
      String topic,
      Predicate<List<ConsumerRecord<String, byte[]>>> done,
      Duration timeout,
      Duration settle) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = committedConsumer(topic)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && !done.test(out)) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      long settleEnd = System.nanoTime() + settle.toNanos();
      while (System.nanoTime() < settleEnd) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** Settings of an application instance against this broker. */
  Map<String, Object> appSettings(String registryUrl) {
    return appSettings(bootstrapServers, registryUrl);
  }

  /**
   * Settings of an application instance: fast failure detection (6 s session, 5 s transactions) and
   * a 3 s bound on blocking retries, below that transaction timeout.
   */
  static Map<String, Object> appSettings(String bootstrapServers, String registryUrl) {
    return Map.of(
        "bootstrap.servers", bootstrapServers,
        "application.id", "fhe-it",
        "schema.registry.url", registryUrl,
        "state.dir", System.getProperty("java.io.tmpdir") + "/fhe-it-state-" + UUID.randomUUID(),
        "consumer.session.timeout.ms", "6000",
        "consumer.heartbeat.interval.ms", "1000",
        "producer.transaction.timeout.ms", "5000",
        "app.retry.max.block.ms", "3000",
        "app.retry.max.backoff.ms", "500",
        "app.worker.threads", "2");
  }
}
