package io.fhestreams.registry.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a bearer token may do. A token may hold several roles. */
public enum Role {
  /** Creates models, publishes versions, sets stages, deletes versions, registers schemas. */
  PUBLISHER,
  /** Uploads evaluation keys, and reads and deletes its own; reads models' client halves. */
  KEY_OWNER,
  /** What the streams app needs: reads models (both halves), any evaluation keys and metrics. */
  READER,
  /** Everything, including other owners' keys. */
  ADMIN;

  /** The wire name: lowercase with '-' ({@code key-owner}). */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a wire name, listing the accepted names when it is none of them. */
  @JsonCreator
  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.wireName().equals(text)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "role must be one of "
            + Arrays.stream(values()).map(Role::wireName).toList()
            + ", found '"
            + text
            + "'");
  }
}
