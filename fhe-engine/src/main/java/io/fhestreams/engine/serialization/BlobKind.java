package io.fhestreams.engine.serialization;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a blob holds. The numeric {@link #code()} is what the header stores; it never changes once
 * published, and codes are grouped (1x ciphertexts, 2x keys, 3x key bundles, 4x keystore, 5x model
 * artifacts) so that new kinds fit in without renumbering.
 */
public enum BlobKind {
  /** A list of LWE ciphertexts, every mask and body coefficient stored. */
  LWE_CIPHERTEXT_LIST(10),
  /** A list of LWE ciphertexts encrypted from one mask seed: the seed, then the bodies only. */
  SEEDED_LWE_CIPHERTEXT_LIST(11),
  /**
   * A list of LWE ciphertexts switched to a modulus 2^b chosen by the noise model: b bits per
   * coefficient (outputs).
   */
  MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST(12),
  /**
   * LWE ciphertexts packed into GLWE ciphertexts by a packing key switch, then switched to 2^b:
   * masks and the body slots in use, b bits each (outputs).
   */
  MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST(13),
  /**
   * One GLWE ciphertext encrypted from one mask seed: the seed, then its N body coefficients (the
   * inputs of a coefficient-encoded linear model, a vector in one polynomial).
   */
  SEEDED_GLWE_CIPHERTEXT(14),
  /**
   * Retired: an LWE key-switching key with 64-bit elements (key-switch format 1). Recognised only
   * so that an old blob is refused with a message naming its format ({@link #replacement()}).
   */
  LWE_KEYSWITCH_KEY_64(20, "key-switching key format 1, 64-bit elements"),
  /** Retired: the seeded form of {@link #LWE_KEYSWITCH_KEY_64}, refused likewise. */
  SEEDED_LWE_KEYSWITCH_KEY_64(21, "seeded key-switching key format 1, 64-bit elements"),
  /** An LWE bootstrapping key (GGSW list) in the standard domain, every coefficient stored. */
  LWE_BOOTSTRAP_KEY(22),
  /** An LWE bootstrapping key: one mask seed, then the GLWE bodies. */
  SEEDED_LWE_BOOTSTRAP_KEY(23),
  /**
   * An LWE key-switching key with 32-bit elements (key-switch format 2), every coefficient stored.
   */
  LWE_KEYSWITCH_KEY(24),
  /**
   * An LWE key-switching key with 32-bit elements (key-switch format 2): one mask seed, then the
   * bodies.
   */
  SEEDED_LWE_KEYSWITCH_KEY(25),
  /**
   * An LWE packing key-switching key (big key → the GLWE key outputs are packed under: the big
   * key's GLWE form, or the client's compression key): one mask seed, then the bodies.
   */
  SEEDED_LWE_PACKING_KEYSWITCH_KEY(26),
  /**
   * A multi-bit bootstrapping key (n/g·2^g GGSW ciphertexts) in the standard domain, every
   * coefficient stored.
   */
  MULTI_BIT_BOOTSTRAP_KEY(27),
  /** A multi-bit bootstrapping key: one mask seed, then the GLWE bodies. */
  SEEDED_MULTI_BIT_BOOTSTRAP_KEY(28),
  /**
   * The evaluation keys a server gets: a key-switching key blob followed by a bootstrapping key
   * blob.
   */
  EVALUATION_KEYS(30),
  /**
   * The evaluation keys in seeded form (for transport): seeded key-switching and bootstrapping key
   * blobs.
   */
  SEEDED_EVALUATION_KEYS(31),
  /** A client's secret keys, for its owner's keystore file only (optionally password-encrypted). */
  CLIENT_KEYSTORE(40),
  /** The client half of a compiled model. */
  CLIENT_ARTIFACT(50),
  /** The server half of a compiled model. */
  SERVER_ARTIFACT(51);

  private final int code;
  private final String retiredFormat;

  BlobKind(int code) {
    this(code, null);
  }

  BlobKind(int code, String retiredFormat) {
    this.code = code;
    this.retiredFormat = retiredFormat;
  }

  /** The kind that replaced this retired kind, or null for a kind this code reads. */
  public BlobKind replacement() {
    return switch (this) {
      case LWE_KEYSWITCH_KEY_64 -> LWE_KEYSWITCH_KEY;
      case SEEDED_LWE_KEYSWITCH_KEY_64 -> SEEDED_LWE_KEYSWITCH_KEY;
      default -> null;
    };
  }

  /** What a retired kind held, for the refusal message; null for a kind this code reads. */
  String retiredFormat() {
    return retiredFormat;
  }

  /** The 16-bit code stored in the header. */
  public int code() {
    return code;
  }

  /**
   * The kind with this header code.
   *
   * @throws BlobFormatException (reason {@link BlobFormatException.Reason#KIND}) for an unknown
   *     code
   */
  public static BlobKind fromCode(int code) {
    for (BlobKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new BlobFormatException(
        BlobFormatException.Reason.KIND,
        "Unknown blob kind code "
            + code
            + "; known codes: "
            + Arrays.stream(values()).map(k -> k.code + "=" + k).collect(Collectors.joining(", ")));
  }
}
