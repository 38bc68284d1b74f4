package io.fhestreams.engine.math;

/**
 * The discretized torus T_q = Z/2^64: a {@code long} whose wrap-around arithmetic is arithmetic mod
 * 2^64. Helpers to move between torus values, signed integers and reals in [-1/2, 1/2).
 */
public final class Torus {
  private Torus() {}

  /** The torus value as a real in [-1/2, 1/2): the signed 64-bit value divided by 2^64. */
  public static double toSignedReal(long x) {
    return x * 0x1p-64;
  }

  /** The torus value nearest to the real {@code r} (taken mod 1). */
  public static long fromReal(double r) {
    double frac = r - Math.rint(r);
    return wrapRound(frac * 0x1p64);
  }

  /**
   * Rounds a double of any magnitude to the nearest integer and reduces it mod 2^64. Exact for |x|
   * < 2^116: x - 2^64·rint(x/2^64) is a multiple of ulp(x) of magnitude <= 2^63, hence
   * representable.
   */
  public static long wrapRound(double x) {
    double r = x - 0x1p64 * Math.rint(x * 0x1p-64);
    return (long) Math.rint(r);
  }

  /**
   * Rounds {@code x} to the nearest multiple of 2^(64 - bits) and returns the multiple's index mod
   * 2^bits (ties round up): {@code round(x / 2^(64-bits)) mod 2^bits}.
   */
  public static long roundToBits(long x, int bits) {
    if (bits < 1 || bits > 63) {
      throw new IllegalArgumentException("bits must be in [1, 63], found " + bits);
    }
    int shift = 64 - bits;
    long rounded = ((x >>> (shift - 1)) + 1) >>> 1;
    return rounded & ((1L << bits) - 1);
  }
}
