package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.LweDimension;

/**
 * An LWE ciphertext: mask a_0..a_{n-1} followed by body b, torus elements mod 2^64, with phase b -
 * Σ a_i s_i = Δm + e. {@link #data()} is the live backing array (length n+1), not a copy.
 */
public final class LweCiphertext {
  private final long[] data;
  private final LweDimension dimension;

  /** Wraps {@code data} (length n+1) without copying. */
  public LweCiphertext(long[] data, LweDimension dimension) {
    if (data.length != dimension.toLweSize()) {
      // the shape's text only on failure: every ciphertext of an evaluation passes here
      Shapes.requireLength(
          "LweCiphertext", dimension.toLweSize(), data.length, "n=" + dimension.value());
    }
    this.data = data;
    this.dimension = dimension;
  }

  /** A zero ciphertext (trivial encryption of 0) of dimension n. */
  public static LweCiphertext zeros(LweDimension dimension) {
    return new LweCiphertext(new long[dimension.toLweSize()], dimension);
  }

  public long[] data() {
    return data;
  }

  public LweDimension dimension() {
    return dimension;
  }

  /** The body b (last element). */
  public long body() {
    return data[dimension.value()];
  }

  /** A deep copy. */
  public LweCiphertext copy() {
    return new LweCiphertext(data.clone(), dimension);
  }

  @Override
  public String toString() {
    return "LweCiphertext{n=" + dimension.value() + "}";
  }
}
