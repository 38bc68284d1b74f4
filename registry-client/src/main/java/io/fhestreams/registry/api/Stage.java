package io.fhestreams.registry.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The life-cycle stage of a model version; a new version starts in {@link #STAGING}. Several
 * versions may share a stage: the stage's <em>current</em> version, the one a request addressed to
 * the stage gets, is the highest-numbered of them ({@link #currentVersion}). So promoting a newer
 * version moves the stage to it at once, and archiving it moves the stage back to the previous one
 * (a rollback), while the previous one keeps serving the records encrypted for it until it is
 * archived too.
 */
public enum Stage {
  STAGING,
  PRODUCTION,
  ARCHIVED;

  /** Longest stage name a request may carry (the names are far shorter). */
  public static final int MAX_NAME_LENGTH = 32;

  /** The stage's current version among {@code versions} (any order): its highest-numbered one. */
  public Optional<ModelVersionInfo> currentVersion(Collection<ModelVersionInfo> versions) {
    return versions.stream()
        .filter(v -> v.stage() == this)
        .max(Comparator.comparingInt(v -> v.version().number()));
  }

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
