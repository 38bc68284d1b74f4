package io.fhestreams.engine.entities;

import io.fhestreams.engine.params.LweDimension;

/**
 * A binary LWE secret key s_0..s_{n-1} (values 0/1). Secret material: {@link #data()} is the live
 * array; {@code toString} never prints it. End users reach keys through {@code keys.ClientKey}.
 */
public final class LweSecretKey {
  private final long[] data;
  private final LweDimension dimension;

  /** Wraps {@code data} (n binary values) without copying. */
  public LweSecretKey(long[] data, LweDimension dimension) {
    Shapes.requireLength("LweSecretKey", dimension.value(), data.length, "n=" + dimension.value());
    Shapes.requireBinary("LweSecretKey", data);
    this.data = data;
    this.dimension = dimension;
  }

  public long[] data() {
    return data;
  }

  public LweDimension dimension() {
    return dimension;
  }

  @Override
  public String toString() {
    return "LweSecretKey{n=" + dimension.value() + ", material not printed}";
  }
}
