package io.fhestreams.engine.compression;

import io.fhestreams.engine.entities.MultiBitBootstrapKey;
import io.fhestreams.engine.params.LweDimension;

/**
 * A multi-bit bootstrap key in seeded form (for upload): the GGSW list of {@link
 * MultiBitBootstrapKey} as a {@link SeededLweBootstrapKey} over the n/g·2^g indicator bits (one
 * mask seed, then the GLWE bodies).
 */
public final class SeededMultiBitBootstrapKey {
  private final SeededLweBootstrapKey ggsws;
  private final LweDimension inputLweDimension;
  private final int groupingFactor;

  /** Wraps {@code ggsws} without copying. */
  public SeededMultiBitBootstrapKey(
      SeededLweBootstrapKey ggsws, LweDimension inputLweDimension, int groupingFactor) {
    MultiBitBootstrapKey.requireGgswCount(
        "SeededMultiBitBootstrapKey",
        ggsws.inputLweDimension().value(),
        inputLweDimension,
        groupingFactor);
    this.ggsws = ggsws;
    this.inputLweDimension = inputLweDimension;
    this.groupingFactor = groupingFactor;
  }

  /** The seeded GGSW list as a seeded classic key over indicator bits. */
  public SeededLweBootstrapKey ggsws() {
    return ggsws;
  }

  public LweDimension inputLweDimension() {
    return inputLweDimension;
  }

  public int groupingFactor() {
    return groupingFactor;
  }

  @Override
  public String toString() {
    return "SeededMultiBitBootstrapKey{n="
        + inputLweDimension.value()
        + ", g="
        + groupingFactor
        + ", "
        + ggsws
        + "}";
  }
}
