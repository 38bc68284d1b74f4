package io.fhestreams.registry.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which half of a compiled model: the client's (quantizers, parameters) or the server's (circuit).
 */
public enum ArtifactHalf {
  CLIENT,
  SERVER;

  /** The lowercase wire name, as in {@code /models/{name}/versions/{v}/client}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name, listing the accepted names when it is none of them. */
  public static ArtifactHalf parse(String text) {
    for (ArtifactHalf half : values()) {
      if (half.wireName().equals(text)) {
        return half;
      }
    }
    throw RegistryException.invalid(
        "artifact must be one of "
            + Arrays.stream(values()).map(ArtifactHalf::wireName).toList()
            + ", found '"
            + Names.printable(String.valueOf(text))
            + "'");
  }
}
