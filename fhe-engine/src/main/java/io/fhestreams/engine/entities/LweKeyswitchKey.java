package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.LweDimension;

/**
 * An LWE key-switching key from an input key of dimension n_in to an output key of dimension n_out:
 * for each input coefficient i, l LWE ciphertexts (output dimension) of s_in[i] * 2^(64 -
 * j*baseLog), stored from level j = l down to 1 (tfhe-rs {@code lwe_keyswitch_key_generation.rs}):
 * n_in * l rows of n_out + 1 elements (mask, then body). Each row is its own array so that the key
 * switch indexes a row and its accumulator alike, the form the JIT's auto-vectorizer (C2 SuperWord,
 * JDK 17) accepts; with one flat array and a row offset it falls back to scalar code, several times
 * slower.
 *
 * <p>Elements are torus values modulo 2^32 (the top 32 bits of the 64-bit torus, rounded), as the
 * key-switching key of tfhe-rs's KS32 atomic pattern ({@code post_keyswitch_ciphertext_modulus:
 * CiphertextModulus32} in {@code
 * shortint/parameters/v1_5/ks32/tuniform/p_fail_2_minus_128/ks_pbs.rs}): the key switch reads only
 * the top baseLog*l bits of its input, so baseLog*l must be at most 32.
 */
public final class LweKeyswitchKey {
  /** Bits of one key element: the key lives on the torus modulo 2^32. */
  public static final int TORUS_BITS = 32;

  private final int[][] rows;
  private final LweDimension inputDimension;
  private final LweDimension outputDimension;
  private final DecompositionBaseLog baseLog;
  private final DecompositionLevelCount levelCount;

  /** Wraps {@code rows} (n_in * l rows of n_out + 1 elements) without copying. */
  public LweKeyswitchKey(
      int[][] rows,
      LweDimension inputDimension,
      LweDimension outputDimension,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    String shape =
        "n_in="
            + inputDimension.value()
            + ", n_out="
            + outputDimension.value()
            + ", l="
            + levelCount.value();
    Shapes.requireRows(
        "LweKeyswitchKey",
        Shapes.product("LweKeyswitchKey", inputDimension.value(), levelCount.value()),
        outputDimension.toLweSize(),
        rows,
        shape);
    if (baseLog.value() * levelCount.value() > TORUS_BITS) {
      throw new IllegalArgumentException(
          "key-switch baseLog * levels must be <= "
              + TORUS_BITS
              + ", found "
              + baseLog.value()
              + " * "
              + levelCount.value());
    }
    this.rows = rows;
    this.inputDimension = inputDimension;
    this.outputDimension = outputDimension;
    this.baseLog = baseLog;
    this.levelCount = levelCount;
  }

  /** The rows, torus values modulo 2^32 (live arrays). */
  public int[][] rows() {
    return rows;
  }

  public LweDimension inputDimension() {
    return inputDimension;
  }

  public LweDimension outputDimension() {
    return outputDimension;
  }

  public DecompositionBaseLog baseLog() {
    return baseLog;
  }

  public DecompositionLevelCount levelCount() {
    return levelCount;
  }

  @Override
  public String toString() {
    return "LweKeyswitchKey{n_in="
        + inputDimension.value()
        + ", n_out="
        + outputDimension.value()
        + ", baseLog="
        + baseLog.value()
        + ", l="
        + levelCount.value()
        + "}";
  }
}
