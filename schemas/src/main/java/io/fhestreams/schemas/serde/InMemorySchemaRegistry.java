package io.fhestreams.schemas.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry held in this JVM, selected with {@code schema.registry.url=mock://SCOPE}: every
 * serde configured with the same scope shares one instance, as with Confluent's own {@code mock://}
 * URLs.
 *
 * <p>It keeps the registry's semantics: ids are registry-wide and start at 1, registering a schema
 * twice returns the same id, and a new version must be BACKWARD compatible (the new schema can read
 * data written with the latest one; Confluent's default), else error 409. For tests and
 * single-process demos; data is lost with the JVM. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final List<Schema> schemasById = new ArrayList<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

  /** A fresh, empty registry not bound to any scope. */
  public InMemorySchemaRegistry() {
    // state starts empty
  }

  /** The registry of {@code scope}, created empty on first use. */
  public static InMemorySchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
  }

  /** Forgets the registry of {@code scope} (tests use a fresh scope per case). */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer existing = idsBySchema.get(schema.toString());
    if (existing != null && versions.contains(existing)) {
      return existing;
    }
    if (!versions.isEmpty()
        && !compatible(schema, schemasById.get(versions.get(versions.size() - 1) - 1))) {
      throw new SchemaRegistryException(
          409,
          SchemaRegistryException.INCOMPATIBLE_SCHEMA,
          "schema being registered is incompatible with the latest version of subject " + subject);
    }
    int id = existing != null ? existing : newId(schema);
    versions.add(id);
    return id;
  }

  @Override
  public synchronized int lookupId(String subject, Schema schema) {
    Integer id = idsBySchema.get(schema.toString());
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SUBJECT_NOT_FOUND, "subject " + subject + " not found");
    }
    if (id == null || !versions.contains(id)) {
      throw new SchemaRegistryException(
          404,
          SchemaRegistryException.SCHEMA_NOT_FOUND,
          "schema not registered under subject " + subject);
    }
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    if (id < 1 || id > schemasById.size()) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SCHEMA_NOT_FOUND, "schema id " + id + " not found");
    }
    return schemasById.get(id - 1);
  }

  @Override
  public synchronized SchemaVersion latestVersion(String subject) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SUBJECT_NOT_FOUND, "subject " + subject + " not found");
    }
    int id = versions.get(versions.size() - 1);
    return new SchemaVersion(subject, versions.size(), id, schemasById.get(id - 1));
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SUBJECT_NOT_FOUND, "subject " + subject + " not found");
    }
    return compatible(schema, schemasById.get(versions.get(versions.size() - 1) - 1));
  }

  private int newId(Schema schema) {
    schemasById.add(schema);
    int id = schemasById.size();
    idsBySchema.put(schema.toString(), id);
    return id;
  }

  private static boolean compatible(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }
}
