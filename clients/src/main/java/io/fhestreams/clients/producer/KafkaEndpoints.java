package io.fhestreams.clients.producer;

import io.fhestreams.schemas.serde.SchemaRegistryConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where the client's Kafka traffic goes: the brokers, the Confluent-compatible schema registry of
 * the serdes ({@code mock://SCOPE} for an in-process one), and any further client properties
 * (security settings and the like), passed to the producer and consumer as they are.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param schemaRegistryUrl the serdes' {@code schema.registry.url}
 * @param extra further Kafka or serde properties
 */
public record KafkaEndpoints(
    String bootstrapServers, String schemaRegistryUrl, Map<String, Object> extra) {
  /** Refuses blank addresses. */
  public KafkaEndpoints {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "bootstrap servers must be host:port[,host:port...], found '" + bootstrapServers + "'");
    }
    if (schemaRegistryUrl == null || schemaRegistryUrl.isBlank()) {
      throw new IllegalArgumentException(
          "schema registry URL must be set, found '" + schemaRegistryUrl + "'");
    }
    extra = Map.copyOf(extra);
  }

  /** Names the extra keys, never their values (they may hold credentials). */
  @Override
  public String toString() {
    return "KafkaEndpoints["
        + bootstrapServers
        + ", schema registry "
        + schemaRegistryUrl
        + ", extra keys "
        + extra.keySet()
        + "]";
  }

  /** Endpoints without extra properties. */
  public static KafkaEndpoints of(String bootstrapServers, String schemaRegistryUrl) {
    return new KafkaEndpoints(bootstrapServers, schemaRegistryUrl, Map.of());
  }

  /**
   * Endpoints whose schema registry is authenticated with a bearer token, such as the model
   * registry's Confluent-compatible endpoints ({@code
   * bearer.auth.credentials.source=STATIC_TOKEN}).
   */
  public static KafkaEndpoints withBearerToken(
      String bootstrapServers, String schemaRegistryUrl, String token) {
    return new KafkaEndpoints(
        bootstrapServers,
        schemaRegistryUrl,
        Map.of(
            SchemaRegistryConfig.BEARER_AUTH_CREDENTIALS_SOURCE,
            "STATIC_TOKEN",
            SchemaRegistryConfig.BEARER_AUTH_TOKEN,
            token));
  }

  /** The common properties: the extra ones, then the bootstrap servers and the registry URL. */
  public Map<String, Object> properties() {
    Map<String, Object> p = new HashMap<>(extra);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    return p;
  }
}
