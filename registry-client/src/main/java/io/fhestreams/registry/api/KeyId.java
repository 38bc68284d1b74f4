package io.fhestreams.registry.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The id of an evaluation-key blob: the lowercase hex SHA-256 of its bytes (64 characters). */
public record KeyId(String hex) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Refuses anything but 64 lowercase hex digits, quoting what was found. */
  public KeyId {
    if (hex == null || !SHA256_HEX.matcher(hex).matches()) {
      throw RegistryException.invalid(
          "key id must be 64 lowercase hex digits (SHA-256), found '"
              + Names.printable(String.valueOf(hex))
              + "'");
    }
  }

  /** Parses {@code hex}. */
  @JsonCreator
  public static KeyId of(String hex) {
    return new KeyId(hex);
  }

  /** The id of a blob whose SHA-256 digest is {@code digest}. */
  public static KeyId ofDigest(byte[] digest) {
    if (digest.length != 32) {
      throw RegistryException.invalid("a SHA-256 digest has 32 bytes, found " + digest.length);
    }
    return new KeyId(HexFormat.of().formatHex(digest));
  }

  @JsonValue
  @Override
  public String hex() {
    return hex;
  }

  @Override
  public String toString() {
    return hex;
  }
}
