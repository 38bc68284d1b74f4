package io.fhestreams.registry.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A version number of a model, from 1; numbers are never reused, even after a delete. */
public record ModelVersion(int number) {
  /** Refuses a number below 1. */
  public ModelVersion {
    if (number < 1) {
      throw RegistryException.invalid("model version must be >= 1, found " + number);
    }
  }

  /** The version {@code number}. */
  @JsonCreator
  public static ModelVersion of(int number) {
    return new ModelVersion(number);
  }

  /** Parses a decimal version as it appears in a URL path. */
  public static ModelVersion parse(String text) {
    try {
      return new ModelVersion(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      throw RegistryException.invalid(
          "model version must be a positive integer, found '"
              + Names.printable(String.valueOf(text))
              + "'");
    }
  }

  @JsonValue
  @Override
  public int number() {
    return number;
  }

  @Override
  public String toString() {
    return Integer.toString(number);
  }
}
