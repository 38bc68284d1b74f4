package io.fhestreams.streams.topology;

import io.fhestreams.schemas.serde.ConfluentRegistryTestServer;

/**
 * Where an integration scenario runs: a broker with the application's topics created, and a
 * Confluent-REST schema registry. {@link #embedded()}: an embedded KRaft broker and the in-test
 * registry; {@link ConfluentContainers#start()}: Confluent's images (Docker only).
 */
interface ScenarioCluster extends AutoCloseable {

  /** A client of the broker. */
  KafkaTestClient kafka();

  /** The schema registry's URL. */
  String registryUrl();

  /** Stops the registry, then the broker. */
  @Override
  void close() throws Exception;

  /** Starts an embedded KRaft broker and the in-test Confluent-REST registry. */
  static ScenarioCluster embedded() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    ConfluentRegistryTestServer registry;
    try {
      registry = ConfluentRegistryTestServer.start();
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
    return new ScenarioCluster() {
      @Override
      public KafkaTestClient kafka() {
        return kafka.client();
      }

      @Override
      public String registryUrl() {
        return registry.url();
      }

      @Override
      public void close() throws Exception {
        try {
          registry.close();
        } finally {
          kafka.close();
        }
      }
    };
  }
}
