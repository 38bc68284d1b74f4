package io.fhestreams.registry.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A schema-registry subject, e.g. {@code fhe.requests-value} (Confluent's TopicNameStrategy):
 * 1..255 characters, none of them a control character or '/', which never name a file here.
 */
public record Subject(String value) {
  /** Refuses an empty or over-long subject, or one with a control character or '/'. */
  public Subject {
    if (value == null || value.isEmpty() || value.length() > 255) {
      throw RegistryException.invalid(
          "subject must have 1..255 characters, found "
              + (value == null ? "null" : value.length()));
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
        throw RegistryException.invalid(
            "subject must not contain control characters, '/' or '\\', found '"
                + Names.printable(value)
                + "'");
      }
    }
  }

  /** Parses {@code value}. */
  @JsonCreator
  public static Subject of(String value) {
    return new Subject(value);
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
