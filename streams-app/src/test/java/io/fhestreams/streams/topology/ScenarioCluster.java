package io.fhestreams.streams.topology;

import io.fhestreams.schemas.RecordSchemas;
import io.fhestreams.schemas.serde.ConfluentRegistryTestServer;
import io.fhestreams.schemas.serde.SchemaRegistryClient;
import io.fhestreams.schemas.serde.SchemaRegistryClients;
import io.fhestreams.schemas.serde.SchemaRegistryConfig;
import java.util.Map;

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

  /**
   * Registers the project's record schemas, as the project's registry does at startup: the
   * serializers of the scenario and the app only look their ids up ({@code auto.register.schemas}
   * defaults to false).
   */
  static void registerRecordSchemas(String registryUrl) {
    SchemaRegistryClient client =
        SchemaRegistryClients.create(
            SchemaRegistryConfig.fromMap(
                Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, registryUrl)));
    RecordSchemas.bySubject().forEach(client::register);
  }

  /** Stops the registry, then the broker. */
  @Override
  void close() throws Exception;

  /** Starts an embedded KRaft broker and the in-test Confluent-REST registry. */
  static ScenarioCluster embedded() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    ConfluentRegistryTestServer registry;
    try {
      registry = ConfluentRegistryTestServer.start();
      registerRecordSchemas(registry.url());
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
