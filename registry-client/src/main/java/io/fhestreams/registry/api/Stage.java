package io.fhestreams.registry.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The life-cycle stage of a model version; a new version starts in {@link #STAGING}. */
public enum Stage {
  STAGING,
  PRODUCTION,
  ARCHIVED;

  /** The lowercase wire name. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name, case-insensitively, listing the accepted names when it is none of them. */
  @JsonCreator
  public static Stage parse(String text) {
    for (Stage stage : values()) {
      if (stage.wireName().equalsIgnoreCase(String.valueOf(text))) {
        return stage;
      }
    }
    throw RegistryException.invalid(
        "stage must be one of "
            + Arrays.stream(values()).map(Stage::wireName).toList()
            + ", found '"
            + Names.printable(String.valueOf(text))
            + "'");
  }
}
