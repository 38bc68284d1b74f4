package io.fhestreams.engine.noise;

/**
 * Probability that centered Gaussian noise of a given variance pushes a phase out of its decoding
 * interval, reported as log2 because the values of interest (2^-40 .. 2^-200) are far below what a
 * plain {@code double} subtraction {@code 1 - erf} can resolve.
 *
 * <p>Formula (tfhe-rs {@code core_crypto/commons/mod.rs}; PARAMETERS.md section 2): a value decodes
 * wrongly when |noise| &gt;= t, which for Gaussian noise of variance σ² happens with probability
 * erfc(t / (√2·σ)). For padded PBS encodings t = Δ/2 = 2^-(2 + messageBits) on the torus. TUniform
 * noise summed over many terms is close to Gaussian, so the same formula is used for it (as tfhe-rs
 * does when it publishes p_fail of TUniform sets).
 */
public final class FailureProbability {
  private static final double LN2 = Math.log(2.0);
  private static final double SQRT_PI = Math.sqrt(Math.PI);

  /** Below this argument the power series is used, above it the continued fraction. */
  private static final double SERIES_LIMIT = 2.5;

  private static final int CONTINUED_FRACTION_TERMS = 400;

  private FailureProbability() {}

  /**
   * log2 P(|X| &gt;= halfInterval) for X ~ N(0, variance), both on the torus.
   *
   * @param variance noise variance on the torus, &gt; 0
   * @param halfInterval the distance from a plaintext to the edge of its decoding interval, &gt; 0
   */
  public static double log2PFail(double variance, double halfInterval) {
    if (!(variance > 0.0) || !(halfInterval > 0.0)) {
      throw new IllegalArgumentException(
          "variance and halfInterval must be > 0, found " + variance + " and " + halfInterval);
    }
    return log2Erfc(halfInterval / Math.sqrt(2.0 * variance));
  }

  /**
   * log2 erfc(x) in double, accurate to about 1e-12 relative for every finite x, including
   * arguments whose erfc underflows a double (x &gt; 26.5): for x &gt;= 2.5 it evaluates ln erfc(x)
   * = -x² + ln erfcx(x), with the scaled complementary error function erfcx from its continued
   * fraction (Abramowitz and Stegun 7.1.14); below, erfc = 1 - erf from the all-positive series
   * erf(x) = 2/√π · e^(-x²) · Σ 2^n x^(2n+1) / (1·3·…·(2n+1)) (A&amp;S 7.1.6).
   */
  public static double log2Erfc(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("erfc of NaN");
    }
    if (x < 0.0) {
      // erfc(-x) = 2 - erfc(x), in [1, 2): no precision issue.
      return Math.log(2.0 - Math.exp(lnErfcPositive(-x))) / LN2;
    }
    return lnErfcPositive(x) / LN2;
  }

  private static double lnErfcPositive(double x) {
    if (x == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    if (x < SERIES_LIMIT) {
      double term = x;
      double sum = x;
      double twoXSquared = 2.0 * x * x;
      for (int n = 1; term > 1e-18 * sum; n++) {
        term *= twoXSquared / (2 * n + 1);
        sum += term;
      }
      double erf = 2.0 / SQRT_PI * Math.exp(-x * x) * sum;
      return Math.log1p(-erf);
    }
    // Backward evaluation of erfcx(x) = 1/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
    double f = x;
    for (int k = CONTINUED_FRACTION_TERMS; k >= 1; k--) {
      f = x + (k / 2.0) / f;
    }
    return -x * x - Math.log(SQRT_PI * f);
  }
}
