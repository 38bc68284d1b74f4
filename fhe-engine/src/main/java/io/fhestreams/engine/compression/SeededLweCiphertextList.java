package io.fhestreams.engine.compression;

import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.random.Seed;

/**
 * A list of LWE ciphertexts of dimension n in seeded form: the 16-byte seed of the mask generator
 * that produced every mask, in encryption order, and the {@code count} bodies. 8 bytes per
 * ciphertext plus the seed, instead of 8·(n+1). {@link #bodies()} is the live array.
 */
public final class SeededLweCiphertextList {
  private final Seed seed;
  private final long[] bodies;
  private final LweDimension dimension;

  /** Wraps {@code bodies} (one per ciphertext) without copying. */
  public SeededLweCiphertextList(Seed seed, long[] bodies, LweDimension dimension) {
    this.seed = java.util.Objects.requireNonNull(seed, "seed");
    this.bodies = java.util.Objects.requireNonNull(bodies, "bodies");
    this.dimension = java.util.Objects.requireNonNull(dimension, "dimension");
  }

  /** The mask seed (public: it only determines masks). */
  public Seed seed() {
    return seed;
  }

  /** The bodies, one per ciphertext. */
  public long[] bodies() {
    return bodies;
  }

  /** LWE dimension n of every ciphertext. */
  public LweDimension dimension() {
    return dimension;
  }

  /** Number of ciphertexts. */
  public CiphertextCount count() {
    return new CiphertextCount(bodies.length);
  }

  @Override
  public String toString() {
    return "SeededLweCiphertextList{n=" + dimension.value() + ", count=" + bodies.length + "}";
  }
}
