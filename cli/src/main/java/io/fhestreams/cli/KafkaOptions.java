package io.fhestreams.cli;

import io.fhestreams.clients.producer.KafkaEndpoints;
import picocli.CommandLine.Option;

/** Where the brokers and the serdes' schema registry are, shared by send and watch. */
final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Kafka brokers")
  String bootstrapServers;

  @Option(
      names = "--schema-registry",
      paramLabel = "URL",
      description =
          "Confluent-compatible schema registry of the Avro serdes (default: the model registry's URL, which serves that API)")
  String schemaRegistry;

  @Option(
      names = "--schema-registry-token",
      paramLabel = "TOKEN",
      description =
          "bearer token for the schema registry (default: none, or the model registry's token when it is the schema registry)")
  String schemaRegistryToken;

  /**
   * The endpoints; without {@code --schema-registry}, the model registry {@code fallbackRegistry}
   * with {@code fallbackToken} (both may be null when the command has no model registry).
   */
  KafkaEndpoints endpoints(String fallbackRegistry, String fallbackToken) {
    String url = schemaRegistry != null ? schemaRegistry : fallbackRegistry;
    if (url == null) {
      throw new IllegalArgumentException("--schema-registry is required");
    }
    String token =
        schemaRegistryToken != null
            ? schemaRegistryToken
            : schemaRegistry == null ? fallbackToken : null;
    return token == null
        ? KafkaEndpoints.of(bootstrapServers, url)
        : KafkaEndpoints.withBearerToken(bootstrapServers, url, token);
  }
}
