package io.fhestreams.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
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
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft cluster in this JVM (kafka-test-common-runtime), with the transaction settings
 * exactly-once needs on one broker, and the application's three topics created.
 */
final class EmbeddedKafka implements AutoCloseable {

    static final int REQUEST_PARTITIONS = 4;

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static EmbeddedKafka start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "4")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // abort the transactions of a killed instance quickly
                .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(
                    new NewTopic(InferenceTopology.REQUESTS_TOPIC, REQUEST_PARTITIONS, (short) 1),
                    new NewTopic(InferenceTopology.PREDICTIONS_TOPIC, REQUEST_PARTITIONS, (short) 1),
                    new NewTopic(InferenceTopology.DEAD_LETTER_TOPIC, 2, (short) 1))).all().get();
        }
        return new EmbeddedKafka(cluster);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    KafkaProducer<String, byte[]> rawProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** A read_committed consumer from the beginning of {@code topic}. */
    KafkaConsumer<String, byte[]> committedConsumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * Reads {@code topic} (read_committed) until {@code done} holds for what was read, or {@code timeout}; then
     * keeps reading for {@code settle} more, so that duplicates arriving late are seen too.
     */
    List<ConsumerRecord<String, byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
            Duration timeout, Duration settle) {
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

    /** Base settings of an application instance against this cluster. */
    Map<String, Object> appSettings(String registryUrl) {
        return appSettings(bootstrapServers(), registryUrl);
    }

    /** Base settings of an application instance against the cluster at {@code bootstrapServers}. */
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

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
