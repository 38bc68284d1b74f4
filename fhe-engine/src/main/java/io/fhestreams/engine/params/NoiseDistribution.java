package io.fhestreams.engine.params;

/**
 * The distribution of the noise added by an encryption. Both kinds are those of tfhe-rs ({@code
 * core_crypto/commons/math/random/t_uniform.rs} and {@code gaussian.rs}).
 */
public sealed interface NoiseDistribution {

  /** Variance of one sample in integer units (torus scaled by 2^64), squared. */
  double varianceInteger();

  /** Variance of one sample on the torus (integer variance / 2^128). */
  default double varianceTorus() {
    return varianceInteger() / 0x1p128;
  }

  /**
   * TUniform(b): integers in [-2^b, 2^b] added directly to the 64-bit value; interior values have
   * probability 2^-(b+1), the two endpoints 2^-(b+2). Variance (2^(2b+1) + 1) / 6.
   */
  record TUniform(int boundLog2) implements NoiseDistribution {
    public TUniform {
      if (boundLog2 < 0 || boundLog2 > 61) {
        throw new IllegalArgumentException(
            "TUniform bound log2 must be in [0, 61], found " + boundLog2);
      }
    }

    @Override
    public double varianceInteger() {
      return (Math.scalb(1.0, 2 * boundLog2 + 1) + 1.0) / 6.0;
    }
  }

  /**
   * Centered Gaussian with standard deviation {@code stdDevTorus} on the torus (times 2^64 in
   * integer units).
   */
  record Gaussian(double stdDevTorus) implements NoiseDistribution {
    public Gaussian {
      if (!(stdDevTorus > 0.0 && stdDevTorus < 0.5)) {
        throw new IllegalArgumentException(
            "Gaussian std dev on the torus must be in (0, 0.5), found " + stdDevTorus);
      }
    }

    @Override
    public double varianceInteger() {
      double s = stdDevTorus * 0x1p64;
      return s * s;
    }
  }
}
