package io.fhestreams.engine.keys;

import io.fhestreams.engine.params.ParameterSet;

/**
 * Integer messages to torus plaintexts and back, per parameter set (see {@link ParameterSet}): PBS
 * sets encode m in [0, 2^bits) as m·Δ with Δ = 2^63/2^bits (one padding bit, tfhe-rs {@code
 * shortint/encoding.rs}) and decode c = round(x/Δ) mod 2·2^bits, message c mod 2^bits; leveled sets
 * encode signed m in [-2^(bits-1), 2^(bits-1)) as m·2^(64-bits) and decode to the signed residue of
 * round(x/2^(64-bits)) mod 2^bits.
 */
public final class MessageEncoding {
  private MessageEncoding() {}

  /** The plaintext of {@code message}; refuses messages outside the set's range. */
  public static long encode(ParameterSet params, long message) {
    requireInRange(params, message);
    return message * params.delta();
  }

  /** The message nearest to the phase {@code phase}. */
  public static long decode(ParameterSet params, long phase) {
    int bits = params.messageBits();
    if (params.supportsBootstrap()) {
      long c = io.fhestreams.engine.math.Torus.roundToBits(phase, bits + 1);
      return c & (params.messageModulus() - 1);
    }
    long c = io.fhestreams.engine.math.Torus.roundToBits(phase, bits);
    long half = 1L << (bits - 1);
    return c >= half ? c - params.messageModulus() : c;
  }

  /**
   * The circuit output nearest to {@code phase}: for PBS sets the signed residue of round(x/Δ) mod
   * 2·2^bits, in [-2^bits, 2^bits) (an output is never bootstrapped, so the padding bit holds its
   * sign and a negative output is not read as a large unsigned one); unsigned outputs in [0,
   * 2^bits) decode as with {@link #decode}. Leveled sets decode as {@link #decode}.
   */
  public static long decodeOutput(ParameterSet params, long phase) {
    if (!params.supportsBootstrap()) {
      return decode(params, phase);
    }
    int bits = params.messageBits();
    long c = io.fhestreams.engine.math.Torus.roundToBits(phase, bits + 1);
    return c >= params.messageModulus() ? c - 2 * params.messageModulus() : c;
  }

  /** The noise of {@code phase} around the plaintext of {@code message} (signed, torus units). */
  public static long noise(ParameterSet params, long phase, long message) {
    return phase - message * params.delta();
  }

  /** Smallest allowed message. */
  public static long minMessage(ParameterSet params) {
    return params.supportsBootstrap() ? 0 : -(1L << (params.messageBits() - 1));
  }

  /** Largest allowed message. */
  public static long maxMessage(ParameterSet params) {
    return params.supportsBootstrap()
        ? params.messageModulus() - 1
        : (1L << (params.messageBits() - 1)) - 1;
  }

  static void requireInRange(ParameterSet params, long message) {
    long min = minMessage(params);
    long max = maxMessage(params);
    if (message < min || message > max) {
      throw new IllegalArgumentException(
          "message "
              + message
              + " outside ["
              + min
              + ", "
              + max
              + "] of parameter set "
              + params.id());
    }
  }
}
