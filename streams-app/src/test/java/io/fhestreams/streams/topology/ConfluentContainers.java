package io.fhestreams.streams.topology;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/**
 * Confluent's Kafka and Schema Registry images on one Docker network, for the Testcontainers twins
 * of the embedded-broker tests. Only used where Docker is available.
 */
final class ConfluentContainers implements ScenarioCluster {

  private static final String CONFLUENT_VERSION = "7.9.0";

  private final Network network = Network.newNetwork();
  private final ConfluentKafkaContainer kafka =
      new ConfluentKafkaContainer("confluentinc/cp-kafka:" + CONFLUENT_VERSION)
          .withNetwork(network)
          .withListener("kafka:19092")
          .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
          .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
          .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
          .withEnv("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS", "1000");
  private final GenericContainer<?> registry =
      new GenericContainer<>("confluentinc/cp-schema-registry:" + CONFLUENT_VERSION)
          .withNetwork(network)
          .withExposedPorts(8081)
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
          .dependsOn(kafka)
          .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

  private KafkaTestClient client;

  private ConfluentContainers() {}

  /** Starts both containers and creates the application's topics. */
  static ConfluentContainers start() throws Exception {
    ConfluentContainers c = new ConfluentContainers();
    try {
      c.kafka.start();
      c.registry.start();
      c.client = new KafkaTestClient(c.kafka.getBootstrapServers());
      c.client.createTopics();
      ScenarioCluster.registerRecordSchemas(c.registryUrl());
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  public KafkaTestClient kafka() {
    return client;
  }

  @Override
  public String registryUrl() {
    return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
  }

  @Override
  public void close() {
    registry.stop();
    kafka.stop();
    network.close();
  }
}
