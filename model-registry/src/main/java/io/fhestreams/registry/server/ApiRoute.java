package io.fhestreams.registry.server;

import io.fhestreams.registry.auth.Role;
import java.util.Set;

/**
 * One HTTP endpoint of the registry and who may call it: the table the server enforces, the OpenAPI
 * document describes and the tests walk.
 *
 * @param method HTTP method
 * @param path Javalin path pattern, e.g. {@code /keys/{id}}
 * @param roles roles allowed; empty for a public endpoint
 * @param ownerOnlyForKeyOwner whether a principal whose only allowing role is {@code key-owner}
 *     must also own the key
 */
public record ApiRoute(String method, String path, Set<Role> roles, boolean ownerOnlyForKeyOwner) {
  /** Copies the roles. */
  public ApiRoute {
    roles = Set.copyOf(roles);
  }

  /** Whether the endpoint needs no token. */
  public boolean isPublic() {
    return roles.isEmpty();
  }
}
