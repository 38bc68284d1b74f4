package io.fhestreams.schemas.serde;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One registered version of a subject: the subject, its version number, the registry-wide schema id
 * and the schema itself.
 *
 * @param subject subject name, e.g. {@code fhe.requests-value}
 * @param version version number within the subject, from 1
 * @param id registry-wide schema id, the one written after the magic byte
 * @param schema the Avro schema
 */
public record SchemaVersion(String subject, int version, int id, Schema schema) {
  /** Validates the fields. */
  public SchemaVersion {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, found " + version);
    }
  }
}
