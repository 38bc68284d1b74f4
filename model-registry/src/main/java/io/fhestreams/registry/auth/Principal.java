package io.fhestreams.registry.auth;

import java.util.Set;

/**
 * Who made a request: the name its token was configured with (the owner recorded on keys and
 * versions) and the token's roles.
 */
public record Principal(String name, Set<Role> roles) {
  /** Copies the roles; a principal has a name and at least one role. */
  public Principal {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("principal name must not be blank");
    }
    roles = Set.copyOf(roles);
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("principal '" + name + "' must have at least one role");
    }
  }

  /** Whether this principal holds any of {@code allowed}. */
  public boolean hasAny(Set<Role> allowed) {
    return roles.stream().anyMatch(allowed::contains);
  }

  /** Whether this principal is an admin. */
  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }
}
