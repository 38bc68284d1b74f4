package io.fhestreams.engine.params;

import java.util.Objects;

/**
 * An immutable, published TFHE parameter set (see {@link ParameterSets} for the named ones).
 *
 * <p>Shape (tfhe-rs shortint classic KS-PBS, {@code EncryptionKeyChoice::Big}): ciphertexts at rest
 * are LWE under the big key of dimension k*N with the GLWE noise; a bootstrap key-switches them to
 * the small key of dimension n (LWE noise), switches the modulus to 2N, blind-rotates with the
 * bootstrap key (GLWE noise, PBS decomposition) and sample-extracts back under the big key.
 *
 * <p>Message space: for {@link Kind#PROGRAMMABLE_BOOTSTRAP} sets, integers in [0, 2^messageBits)
 * with one padding bit, {@code Δ = 2^63 / 2^messageBits} (tfhe-rs {@code shortint/encoding.rs},
 * where messageBits = log2(message_modulus * carry_modulus)). For {@link Kind#LEVELED} sets, signed
 * integers modulo 2^messageBits, {@code Δ = 2^(64 - messageBits)}, no padding bit and no bootstrap.
 *
 * @param id stable identifier, used in serialized headers; {@link ParameterSets#byId(String)} finds
 *     it
 * @param kind whether the set is meant for bootstrapping or only for leveled arithmetic
 * @param messageBits log2 of the message space (lookup precision for PBS sets)
 * @param lweDimension n, the small LWE dimension (key-switch output, blind-rotation input)
 * @param glweDimension k
 * @param polynomialSize N
 * @param lweNoise noise of the key-switching key (small key)
 * @param glweNoise noise of the bootstrap key and of fresh encryptions under the big key
 * @param pbsBaseLog bootstrap decomposition base log
 * @param pbsLevel bootstrap decomposition level count
 * @param ksBaseLog key-switch decomposition base log
 * @param ksLevel key-switch decomposition level count
 * @param modulusSwitch the modulus-switch technique the failure probability was computed for
 * @param log2PFailPerPbs log2 of the failure probability of one KS-PBS as published; for a leveled
 *     set {@code Double.NEGATIVE_INFINITY}: it has no bootstrap, and its fresh noise is bounded
 * @param source citation: repository, path and constant name of the published set
 */
public record ParameterSet(
    String id,
    Kind kind,
    int messageBits,
    LweDimension lweDimension,
    GlweDimension glweDimension,
    PolynomialSize polynomialSize,
    NoiseDistribution lweNoise,
    NoiseDistribution glweNoise,
    DecompositionBaseLog pbsBaseLog,
    DecompositionLevelCount pbsLevel,
    DecompositionBaseLog ksBaseLog,
    DecompositionLevelCount ksLevel,
    ModulusSwitchKind modulusSwitch,
    double log2PFailPerPbs,
    String source) {

  /** What a parameter set is for. */
  public enum Kind {
    /** Key switch + programmable bootstrap on padded messages of {@code messageBits} bits. */
    PROGRAMMABLE_BOOTSTRAP,
    /**
     * Leveled integer arithmetic only (add, scale, dot product) on signed {@code messageBits}-bit
     * integers.
     */
    LEVELED
  }

  public ParameterSet {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(lweDimension, "lweDimension");
    Objects.requireNonNull(glweDimension, "glweDimension");
    Objects.requireNonNull(polynomialSize, "polynomialSize");
    Objects.requireNonNull(lweNoise, "lweNoise");
    Objects.requireNonNull(glweNoise, "glweNoise");
    Objects.requireNonNull(pbsBaseLog, "pbsBaseLog");
    Objects.requireNonNull(pbsLevel, "pbsLevel");
    Objects.requireNonNull(ksBaseLog, "ksBaseLog");
    Objects.requireNonNull(ksLevel, "ksLevel");
    Objects.requireNonNull(modulusSwitch, "modulusSwitch");
    Objects.requireNonNull(source, "source");
    if (id.isBlank()) {
      throw new IllegalArgumentException("ParameterSet id must not be blank");
    }
    if (messageBits < 1 || messageBits > 32) {
      throw new IllegalArgumentException("messageBits must be in [1, 32], found " + messageBits);
    }
    if (kind == Kind.PROGRAMMABLE_BOOTSTRAP && (1 << messageBits) > polynomialSize.value()) {
      throw new IllegalArgumentException(
          "a PBS set needs 2^messageBits <= N: 2^"
              + messageBits
              + " > N = "
              + polynomialSize.value());
    }
    if (pbsBaseLog.value() * pbsLevel.value() > 64) {
      throw new IllegalArgumentException(
          "PBS base log * level must be <= 64, found "
              + pbsBaseLog.value()
              + " * "
              + pbsLevel.value());
    }
    if (ksBaseLog.value() * ksLevel.value() > 64) {
      throw new IllegalArgumentException(
          "KS base log * level must be <= 64, found "
              + ksBaseLog.value()
              + " * "
              + ksLevel.value());
    }
    if (!(log2PFailPerPbs <= 0.0)) {
      throw new IllegalArgumentException("log2PFailPerPbs must be <= 0, found " + log2PFailPerPbs);
    }
  }

  /** The big LWE dimension k*N: ciphertexts at rest and fresh encryptions live under this key. */
  public LweDimension bigLweDimension() {
    return polynomialSize.toLweDimension(glweDimension);
  }

  /** Size of the message space, 2^messageBits. */
  public long messageModulus() {
    return 1L << messageBits;
  }

  /**
   * The scaling factor Δ between a message and its plaintext: 2^63 / 2^messageBits for PBS sets
   * (one padding bit), 2^64 / 2^messageBits for leveled sets.
   */
  public long delta() {
    return kind == Kind.PROGRAMMABLE_BOOTSTRAP
        ? 1L << (63 - messageBits)
        : 1L << (64 - messageBits);
  }

  /** True when the set supports bootstrapping. */
  public boolean supportsBootstrap() {
    return kind == Kind.PROGRAMMABLE_BOOTSTRAP;
  }

  @Override
  public String toString() {
    return id
        + "{"
        + kind
        + ", messageBits="
        + messageBits
        + ", n="
        + lweDimension.value()
        + ", k="
        + glweDimension.value()
        + ", N="
        + polynomialSize.value()
        + ", lweNoise="
        + lweNoise
        + ", glweNoise="
        + glweNoise
        + ", pbs="
        + pbsBaseLog.value()
        + "/"
        + pbsLevel.value()
        + ", ks="
        + ksBaseLog.value()
        + "/"
        + ksLevel.value()
        + ", modulusSwitch="
        + modulusSwitch
        + ", log2PFailPerPbs="
        + log2PFailPerPbs
        + ", source="
        + source
        + "}";
  }
}
