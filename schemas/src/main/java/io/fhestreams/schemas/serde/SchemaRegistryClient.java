package io.fhestreams.schemas.serde;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API that the Avro serdes use.
 *
 * <p>Implementations: {@link RestSchemaRegistryClient} (HTTP), {@link CachedSchemaRegistryClient}
 * (a cache in front of another client) and {@link InMemorySchemaRegistry} (the {@code mock://}
 * scope, one JVM). Every method throws {@link SchemaRegistryException} on an error answer or when
 * the registry cannot be reached.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject} (or finds it there) and returns its schema id.
   */
  int register(String subject, Schema schema);

  /**
   * Returns the id of {@code schema} if it is already registered under {@code subject}; never
   * registers.
   */
  int lookupId(String subject, Schema schema);

  /** Returns the schema with this registry-wide id (error code 40403 if there is none). */
  Schema schemaById(int id);

  /**
   * Returns the latest version of {@code subject} (error code 40401 if the subject does not exist).
   */
  SchemaVersion latestVersion(String subject);

  /** True when {@code schema} may be registered as the next version of {@code subject}. */
  boolean isCompatible(String subject, Schema schema);
}
