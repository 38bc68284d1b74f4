package io.fhestreams.registry.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a bearer token to its {@link Principal} by comparing the token's SHA-256 with every
 * configured hash in constant time, so neither tokens nor timing reveal which entry matched.
 */
public final class TokenAuthenticator {
  private final List<TokenEntry> entries;
  private final List<byte[]> hashes;

  /** An authenticator over {@code entries}; two entries may not share a name or a hash. */
  public TokenAuthenticator(List<TokenEntry> entries) {
    this.entries = List.copyOf(entries);
    this.hashes = this.entries.stream().map(e -> HexFormat.of().parseHex(e.sha256())).toList();
    for (int i = 0; i < this.entries.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (this.entries.get(i).name().equals(this.entries.get(j).name())) {
          throw new IllegalArgumentException(
              "two tokens are named '" + this.entries.get(i).name() + "'");
        }
        if (MessageDigest.isEqual(hashes.get(i), hashes.get(j))) {
          throw new IllegalArgumentException(
              "tokens '"
                  + this.entries.get(j).name()
                  + "' and '"
                  + this.entries.get(i).name()
                  + "' have the same hash");
        }
      }
    }
  }

  /** The principal of {@code token}, or empty when no configured hash matches. */
  public Optional<Principal> authenticate(String token) {
    byte[] hash = sha256(token);
    TokenEntry match = null;
    for (int i = 0; i < hashes.size(); i++) {
      // No early exit: every entry is compared.
      if (MessageDigest.isEqual(hashes.get(i), hash)) {
        match = entries.get(i);
      }
    }
    return Optional.ofNullable(match).map(e -> new Principal(e.name(), EnumSet.copyOf(e.roles())));
  }

  /** The lowercase hex SHA-256 of {@code token}, as the config file stores it. */
  public static String hashToken(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
