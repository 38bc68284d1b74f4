package io.fhestreams.registry.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One configured bearer token: never the token itself, only its SHA-256.
 *
 * @param name the principal's name (owner of what it uploads)
 * @param sha256 lowercase hex SHA-256 of the token's UTF-8 bytes ({@code RegistryMain --hash-token}
 *     prints it)
 * @param roles the roles it grants
 */
public record TokenEntry(String name, String sha256, List<Role> roles) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** Checks the fields, quoting the name of a bad entry (never a hash). */
  public TokenEntry {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}")) {
      throw new IllegalArgumentException(
          "token name must match [A-Za-z0-9][A-Za-z0-9_.@-]{0,127}, found '" + name + "'");
    }
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "token '" + name + "': sha256 must be 64 lowercase hex digits");
    }
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("token '" + name + "' must have at least one role");
    }
    roles = List.copyOf(roles);
  }

  @Override
  public String toString() {
    return "TokenEntry[name=" + name + ", roles=" + roles + "]";
  }
}
