package io.fhestreams.clients.cli;

import io.fhestreams.clients.producer.KafkaEndpoints;
import picocli.CommandLine.Option;

/** Where the brokers and the serdes' schema registry are, shared by send and watch. */
final class KafkaOptions {

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers")
  String bootstrapServers;

  @Option(names = "--schema-registry", paramLabel = "URL",
      description = "Confluent-compatible schema registry of the Avro serdes (default: the model registry's URL, which serves that API)")
  String schemaRegistry;

  /** The endpoints, with {@code fallbackRegistry} as schema registry when none was given. */
  KafkaEndpoints endpoints(String fallbackRegistry) {
    String url = schemaRegistry != null ? schemaRegistry : fallbackRegistry;
    if (url == null) {
      throw new IllegalArgumentException("--schema-registry is required");
    }
    return KafkaEndpoints.of(bootstrapServers, url);
  }
}
