package io.fhestreams.registry.schema;

import io.fhestreams.registry.api.RegistryException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Parsing of schema texts received over the Confluent REST API. */
public final class AvroSchemas {
  private AvroSchemas() {}

  /**
   * Parses an Avro schema.
   *
   * @throws RegistryException (UNPROCESSABLE) naming the parse error for text that is not a schema
   */
  public static Schema parse(String text) {
    if (text == null || text.isBlank()) {
      throw new RegistryException(
          RegistryException.Kind.UNPROCESSABLE,
          "invalid schema: the 'schema' field is missing or empty");
    }
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException | NullPointerException | IllegalArgumentException e) {
      throw new RegistryException(
          RegistryException.Kind.UNPROCESSABLE, "invalid schema: " + e.getMessage(), e);
    }
  }

  /**
   * The form stored and compared: Avro's own JSON rendering, so that spacing does not make a new
   * id.
   */
  public static String canonical(Schema schema) {
    return schema.toString();
  }
}
