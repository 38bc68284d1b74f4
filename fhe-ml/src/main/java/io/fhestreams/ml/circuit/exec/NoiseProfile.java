package io.fhestreams.ml.circuit.exec;

import java.util.Arrays;

/**
 * Standard deviation of the decryption error of each node, in units of one message step (the
 * distance between two consecutive encoded integers), as the noise model predicts it under a
 * parameter set. Only nodes where noise can turn into a wrong integer carry a non-zero value:
 * inputs of lookups and roundings (where a bootstrap reads the value) and outputs (where the client
 * decrypts it).
 *
 * @param sigmas one standard deviation per node id, finite and &gt;= 0
 */
public record NoiseProfile(double[] sigmas) {

  public NoiseProfile {
    for (int i = 0; i < sigmas.length; i++) {
      if (!(sigmas[i] >= 0) || Double.isInfinite(sigmas[i])) {
        throw new IllegalArgumentException(
            "noise sigma of node #" + i + " must be finite and >= 0, found " + sigmas[i]);
      }
    }
    sigmas = sigmas.clone();
  }

  /** A profile with no noise anywhere (simulation then equals the clear executor). */
  public static NoiseProfile noiseless(int nodes) {
    return new NoiseProfile(new double[nodes]);
  }

  /** σ of node {@code id}. */
  public double sigma(int id) {
    return sigmas[id];
  }

  @Override
  public double[] sigmas() {
    return sigmas.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoiseProfile p && Arrays.equals(p.sigmas, sigmas);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sigmas);
  }
}
