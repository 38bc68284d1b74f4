package io.fhestreams.streams.topology;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft cluster in this JVM (kafka-test-common-runtime), with the transaction
 * settings exactly-once needs on one broker, and the application's topics created.
 */
final class EmbeddedKafka implements AutoCloseable {

  private final KafkaClusterTestKit cluster;
  private final KafkaTestClient client;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.client = new KafkaTestClient(cluster.bootstrapServers());
  }

  static EmbeddedKafka start() throws Exception {
    EmbeddedKafka kafka = startWithoutTopics();
    kafka.client.createTopics();
    return kafka;
  }

  /** A cluster that holds none of the application's topics. */
  static EmbeddedKafka startWithoutTopics() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
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
    return new EmbeddedKafka(cluster);
  }

  KafkaTestClient client() {
    return client;
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  Admin admin() {
    return cluster.admin();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
