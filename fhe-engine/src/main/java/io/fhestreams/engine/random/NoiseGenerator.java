package io.fhestreams.engine.random;

import io.fhestreams.engine.params.NoiseDistribution;

/**
 * Secret noise samples, exactly as tfhe-rs draws them (PARAMETERS.md section 2), from an AES-CTR
 * stream that must stay secret (seed it from {@link Seeder}). Noise is never regenerated.
 *
 * <ul>
 *   <li>TUniform(b): r = the first ceil((b+2)/8) stream bytes little-endian, masked to b+2 bits;
 *       the sample is (r >> 1) + (r & 1) - 2^b.
 *   <li>Gaussian(σ): Marsaglia's polar method on two doubles u, v, each an i64 of 8 stream bytes
 *       divided by 2^63; the pair (u, v)·sqrt(-2 ln s / s)·σ is mapped to the torus (times 2^64,
 *       rounded). The second value of each pair is kept for the next call.
 * </ul>
 *
 * <p>Not thread-safe.
 */
public final class NoiseGenerator {
  private final AesCtrGenerator generator;
  private double spareGaussian;
  private boolean hasSpare;

  private NoiseGenerator(AesCtrGenerator generator) {
    this.generator = generator;
  }

  /** A noise stream from a secret seed. */
  public static NoiseGenerator fromSeed(Seed seed) {
    return new NoiseGenerator(new AesCtrGenerator(seed));
  }

  /** A noise stream from a fresh secure seed. */
  public static NoiseGenerator fresh() {
    return fromSeed(Seeder.freshSeed());
  }

  /** One sample of {@code distribution} as a 64-bit torus value (wrapping). */
  public long sample(NoiseDistribution distribution) {
    if (distribution instanceof NoiseDistribution.TUniform t) {
      return sampleTUniform(t.boundLog2());
    }
    NoiseDistribution.Gaussian g = (NoiseDistribution.Gaussian) distribution;
    return Math.round(nextStandardGaussian() * g.stdDevTorus() * 0x1p64);
  }

  /** Adds one independent sample to each of {@code data[from, from+length)}. */
  public void addNoise(long[] data, int from, int length, NoiseDistribution distribution) {
    for (int i = from; i < from + length; i++) {
      data[i] += sample(distribution);
    }
  }

  /**
   * Fills {@code out} with independent uniform bits 0/1, one stream byte each ({@code byte & 1}, as
   * tfhe-rs).
   */
  public void fillBinary(long[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = generator.nextByte() & 1;
    }
  }

  private long sampleTUniform(int b) {
    int bits = b + 2;
    int bytes = (bits + 7) / 8;
    long r = 0;
    for (int i = 0; i < bytes; i++) {
      r |= ((long) generator.nextByte()) << (8 * i);
    }
    if (bits < 64) {
      r &= (1L << bits) - 1;
    }
    return (r >>> 1) + (r & 1) - (1L << b);
  }

  private double nextStandardGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    while (true) {
      double u = generator.nextLong() * 0x1p-63;
      double v = generator.nextLong() * 0x1p-63;
      double s = u * u + v * v;
      if (s > 0.0 && s < 1.0) {
        double m = Math.sqrt(-2.0 * Math.log(s) / s);
        spareGaussian = v * m;
        hasSpare = true;
        return u * m;
      }
    }
  }
}
