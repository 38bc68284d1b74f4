package io.fhestreams.engine.math;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;

/**
 * Signed gadget decomposition with rounding, as tfhe-rs {@code SignedDecomposer}: a torus value x
 * is first rounded to its closest multiple of 2^(64 - baseLog*l), then written as Σ_{j=1..l} d_j
 * 2^(64 - j*baseLog) with digits d_j in [-B/2, B/2), B = 2^baseLog. The carry out of the top digit
 * has weight 2^64 ≡ 0 and is dropped.
 *
 * <p>Digits come least significant first: index t holds level l - t (the storage order of GGSW
 * levels and key-switching keys).
 */
public final class SignedDecomposer {
  private final int baseLog;
  private final int levels;
  private final int shift;

  public SignedDecomposer(DecompositionBaseLog baseLog, DecompositionLevelCount levels) {
    if (baseLog.value() * levels.value() > 64) {
      throw new IllegalArgumentException(
          "baseLog * levels must be <= 64, found " + baseLog.value() + " * " + levels.value());
    }
    this.baseLog = baseLog.value();
    this.levels = levels.value();
    this.shift = 64 - this.baseLog * this.levels;
  }

  /** The closest multiple of 2^(64 - baseLog*l) to x (ties up), mod 2^64. */
  public long closestRepresentable(long x) {
    return roundedState(x) << shift;
  }

  /**
   * x rounded and shifted down: the integer of baseLog*l bits (possibly 2^(baseLog*l)) to
   * decompose.
   */
  public long roundedState(long x) {
    if (shift == 0) {
      return x;
    }
    return ((x >>> (shift - 1)) + 1) >>> 1;
  }

  /** Writes the l digits of x into {@code digits[0..l)}, least significant (level l) first. */
  public void decompose(long x, long[] digits) {
    if (digits.length < levels) {
      throw new IllegalArgumentException(
          "digits needs " + levels + " slots, found " + digits.length);
    }
    long state = roundedState(x);
    long mask = (1L << baseLog) - 1;
    for (int t = 0; t < levels; t++) {
      long d = state & mask;
      long carry = (d >>> (baseLog - 1)) & 1;
      digits[t] = d - (carry << baseLog);
      state = (state >>> baseLog) + carry;
    }
  }

  /** Σ_t digits[t] * 2^(64 - (l - t)*baseLog) mod 2^64, the inverse of {@link #decompose}. */
  public long recompose(long[] digits) {
    long x = 0;
    for (int t = 0; t < levels; t++) {
      x += digits[t] << (64 - (levels - t) * baseLog);
    }
    return x;
  }

  public int baseLog() {
    return baseLog;
  }

  public int levels() {
    return levels;
  }
}
