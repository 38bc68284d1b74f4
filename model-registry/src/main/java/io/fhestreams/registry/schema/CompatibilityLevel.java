package io.fhestreams.registry.schema;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Confluent's compatibility levels between a new schema and the subject's latest one (Confluent
 * Schema Registry documentation, "Schema Evolution and Compatibility"): BACKWARD means consumers
 * using the new schema can read data written with the latest one.
 */
public enum CompatibilityLevel {
  /** The new schema reads data written with the latest (the default). */
  BACKWARD,
  /** The latest schema reads data written with the new one. */
  FORWARD,
  /** Both directions. */
  FULL,
  /** No check. */
  NONE;

  /**
   * Whether {@code candidate} may follow {@code latest} at this level; Avro's own {@link
   * SchemaCompatibility} decides each direction.
   *
   * @return empty when compatible, otherwise a message saying what is incompatible
   */
  public java.util.Optional<String> check(Schema candidate, Schema latest) {
    return switch (this) {
      case BACKWARD ->
          problem(candidate, latest, "the new schema cannot read data written with the latest");
      case FORWARD ->
          problem(latest, candidate, "the latest schema cannot read data written with the new one");
      case FULL ->
          problem(candidate, latest, "the new schema cannot read data written with the latest")
              .or(
                  () ->
                      problem(
                          latest,
                          candidate,
                          "the latest schema cannot read data written with the new one"));
      case NONE -> java.util.Optional.empty();
    };
  }

  private static java.util.Optional<String> problem(Schema reader, Schema writer, String what) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        what
            + ": "
            + result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                .toList());
  }
}
