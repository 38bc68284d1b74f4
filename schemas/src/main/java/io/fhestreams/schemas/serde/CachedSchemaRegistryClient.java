package io.fhestreams.schemas.serde;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A cache in front of another {@link SchemaRegistryClient}: schema id to schema, and (subject,
 * schema) to id.
 *
 * <p>Both mappings are immutable facts in a Confluent registry (an id never changes its schema), so
 * entries never expire. The latest version of a subject does change and is cached only until {@link
 * #forgetLatest}. Thread-safe; failures are not cached.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {

  private final SchemaRegistryClient delegate;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
  private final Map<String, SchemaVersion> latest = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, String schemaJson) {}

  /** Caches the answers of {@code delegate}. */
  public CachedSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public int register(String subject, Schema schema) {
    return registeredIds.computeIfAbsent(
        new SubjectSchema(subject, schema.toString()),
        k -> {
          int id = delegate.register(subject, schema);
          schemasById.putIfAbsent(id, schema);
          return id;
        });
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    return registeredIds.computeIfAbsent(
        new SubjectSchema(subject, schema.toString()),
        k -> {
          int id = delegate.lookupId(subject, schema);
          schemasById.putIfAbsent(id, schema);
          return id;
        });
  }

  @Override
  public Schema schemaById(int id) {
    return schemasById.computeIfAbsent(id, delegate::schemaById);
  }

  @Override
  public SchemaVersion latestVersion(String subject) {
    return latest.computeIfAbsent(subject, delegate::latestVersion);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return delegate.isCompatible(subject, schema);
  }

  /** Drops the cached latest version of {@code subject}, so the next call asks the registry. */
  public void forgetLatest(String subject) {
    latest.remove(subject);
  }

  @Override
  public String toString() {
    return "CachedSchemaRegistryClient["
        + delegate
        + ", "
        + schemasById.size()
        + " schemas cached]";
  }
}
