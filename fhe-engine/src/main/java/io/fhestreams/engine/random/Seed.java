package io.fhestreams.engine.random;

import java.util.Arrays;

/**
 * A 16-byte seed of the AES-CTR generator: the AES-128 key, i.e. the little-endian bytes of a
 * tfhe-csprng {@code Seed(u128)}. Immutable; {@code toString} never prints the bytes.
 */
public final class Seed {
  /** Length of a seed in bytes. */
  public static final int BYTES = 16;

  private final byte[] bytes;

  private Seed(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A seed from exactly 16 bytes (copied). */
  public static Seed fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a Seed needs " + BYTES + " bytes, found " + bytes.length);
    }
    return new Seed(bytes.clone());
  }

  /** A copy of the 16 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Seed s && java.security.MessageDigest.isEqual(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Seed(16 bytes, not printed)";
  }
}
