package io.fhestreams.engine.params;

/** log2 of the gadget decomposition base B; digits lie in [-B/2, B/2). */
public record DecompositionBaseLog(int value) {
  public DecompositionBaseLog {
    if (value < 1 || value > 63) {
      throw new IllegalArgumentException("DecompositionBaseLog must be in [1, 63], found " + value);
    }
  }

  /** The base B = 2^value. */
  public long base() {
    return 1L << value;
  }
}
