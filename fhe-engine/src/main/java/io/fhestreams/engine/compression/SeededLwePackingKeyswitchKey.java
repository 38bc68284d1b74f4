package io.fhestreams.engine.compression;

import io.fhestreams.engine.random.Seed;
import java.util.Objects;

/**
 * An LWE packing key-switching key in seeded form: the mask seed and, for each input coefficient
 * and level (l..1), the body polynomial of its GLWE ciphertext (N elements): n_in·l·N elements
 * instead of n_in·l·(k+1)·N. {@link #bodies()} is the live array.
 */
public final class SeededLwePackingKeyswitchKey {
  private final Seed seed;
  private final long[] bodies;
  private final PackingKeyswitchParameters parameters;

  /** Wraps {@code bodies} without copying. */
  public SeededLwePackingKeyswitchKey(
      Seed seed, long[] bodies, PackingKeyswitchParameters parameters) {
    SeededLayout.requireLength(
        "SeededLwePackingKeyswitchKey",
        bodyCount(parameters),
        bodies.length,
        "n_in="
            + parameters.inputDimension().value()
            + ", N="
            + parameters.polynomialSize().value()
            + ", l="
            + parameters.levelCount().value());
    this.seed = Objects.requireNonNull(seed, "seed");
    this.bodies = bodies;
    this.parameters = parameters;
  }

  /** Number of body elements of a seeded key of this shape: n_in·l·N. */
  public static long bodyCount(PackingKeyswitchParameters p) {
    return (long) p.inputDimension().value() * p.levelCount().value() * p.polynomialSize().value();
  }

  public Seed seed() {
    return seed;
  }

  public long[] bodies() {
    return bodies;
  }

  public PackingKeyswitchParameters parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return "SeededLwePackingKeyswitchKey{" + parameters + "}";
  }
}
