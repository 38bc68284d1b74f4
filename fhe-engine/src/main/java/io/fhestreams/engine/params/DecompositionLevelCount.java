package io.fhestreams.engine.params;

/** Number of levels (digits) l of a gadget decomposition. */
public record DecompositionLevelCount(int value) {
  public DecompositionLevelCount {
    if (value < 1 || value > 64) {
      throw new IllegalArgumentException(
          "DecompositionLevelCount must be in [1, 64], found " + value);
    }
  }
}
