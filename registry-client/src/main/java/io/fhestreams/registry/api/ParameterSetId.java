package io.fhestreams.registry.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The id of a TFHE parameter set, as written in a blob header by the engine: 1..64 printable ASCII
 * characters; here further limited to letters, digits, '_', '-', '.' so that it is safe in URLs,
 * paths and SQL text.
 */
public record ParameterSetId(String value) {
  /** Refuses an id that is empty, too long or has other characters. */
  public ParameterSetId {
    Names.checkSegment("parameter-set id", value);
    if (value.length() > 64) {
      throw RegistryException.invalid(
          "parameter-set id must have at most 64 characters, found " + value.length());
    }
  }

  /** Parses {@code value}. */
  @JsonCreator
  public static ParameterSetId of(String value) {
    return new ParameterSetId(value);
  }

  @JsonValue
  @Override
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
