package io.fhestreams.engine.compression;

import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.random.Seed;

/**
 * An LWE key-switching key in seeded form: the mask seed and the n_in·l bodies, in the storage
 * order of {@link io.fhestreams.engine.entities.LweKeyswitchKey} (input coefficient by coefficient,
 * levels l..1), modulo 2^32 like the key. {@link #bodies()} is the live array.
 */
public final class SeededLweKeyswitchKey {
  private final Seed seed;
  private final int[] bodies;
  private final LweDimension inputDimension;
  private final LweDimension outputDimension;
  private final DecompositionBaseLog baseLog;
  private final DecompositionLevelCount levelCount;

  /** Wraps {@code bodies} (n_in·l elements) without copying. */
  public SeededLweKeyswitchKey(
      Seed seed,
      int[] bodies,
      LweDimension inputDimension,
      LweDimension outputDimension,
      DecompositionBaseLog baseLog,
      DecompositionLevelCount levelCount) {
    SeededLayout.requireLength(
        "SeededLweKeyswitchKey",
        (long) inputDimension.value() * levelCount.value(),
        bodies.length,
        "n_in=" + inputDimension.value() + ", l=" + levelCount.value());
    this.seed = java.util.Objects.requireNonNull(seed, "seed");
    this.bodies = bodies;
    this.inputDimension = inputDimension;
    this.outputDimension = outputDimension;
    this.baseLog = baseLog;
    this.levelCount = levelCount;
  }

  public Seed seed() {
    return seed;
  }

  public int[] bodies() {
    return bodies;
  }

  public LweDimension inputDimension() {
    return inputDimension;
  }

  public LweDimension outputDimension() {
    return outputDimension;
  }

  public DecompositionBaseLog baseLog() {
    return baseLog;
  }

  public DecompositionLevelCount levelCount() {
    return levelCount;
  }

  @Override
  public String toString() {
    return "SeededLweKeyswitchKey{n_in="
        + inputDimension.value()
        + ", n_out="
        + outputDimension.value()
        + ", baseLog="
        + baseLog.value()
        + ", l="
        + levelCount.value()
        + "}";
  }
}
