package io.fhestreams.engine.noise;

/**
 * A predicted noise level and what it means for decoding.
 *
 * @param variance noise variance on the torus
 * @param log2PFail log2 of the probability that the value decodes (or bootstraps) wrongly
 */
public record NoiseEstimate(double variance, double log2PFail) {
  /** Checks the fields. */
  public NoiseEstimate {
    if (!(variance >= 0.0) || Double.isNaN(log2PFail) || log2PFail > 0.0) {
      throw new IllegalArgumentException(
          "invalid estimate: variance " + variance + ", log2PFail " + log2PFail);
    }
  }

  /** True when the failure probability is at most 2^{@code log2Target}. */
  public boolean meets(double log2Target) {
    return log2PFail <= log2Target;
  }

  @Override
  public String toString() {
    return String.format(
        "NoiseEstimate{variance=2^%.3f, log2PFail=%.3f}",
        Math.log(variance) / Math.log(2), log2PFail);
  }
}
