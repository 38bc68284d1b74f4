package io.fhestreams.registry.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The name of a model: 1..128 characters of letters, digits, '_', '-', '.', starting with a letter
 * or digit and without "..", so that it is safe as a path segment and in a URL.
 */
public record ModelName(String value) {
  /** Refuses a name that is not a safe segment, quoting it. */
  public ModelName {
    Names.checkSegment("model name", value);
  }

  /** Parses {@code value}; the same as the constructor, for Jackson and readers. */
  @JsonCreator
  public static ModelName of(String value) {
    return new ModelName(value);
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
