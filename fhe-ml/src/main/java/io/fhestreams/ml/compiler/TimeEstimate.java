package io.fhestreams.ml.compiler;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Locale;

/**
 * What one sample is estimated to cost the server on the machine that compiled it, from operation
 * costs measured there (see {@link CostModel}): what {@code fhe bench} measures as "evaluate".
 *
 * @param wallMillis elapsed time of one sample with {@code cores} threads bootstrapping: each
 *     node's bootstraps shared among them, the nodes in sequence
 * @param cpuMillis CPU time of one sample summed over threads (what sizes a deployment)
 * @param leveledMillis of the above, what is not a bootstrap (one thread): reading the seeded
 *     inputs and regenerating their masks, the leveled operations, switching and writing the
 *     outputs
 * @param millisPerBootstrap one key switch + bootstrap alone on one otherwise idle core
 * @param cores the threads the estimate assumes: the compiling machine's processors
 */
public record TimeEstimate(
    double wallMillis,
    double cpuMillis,
    double leveledMillis,
    double millisPerBootstrap,
    int cores) {

  public TimeEstimate {
    if (!(isTime(wallMillis)
        && isTime(cpuMillis)
        && isTime(leveledMillis)
        && isTime(millisPerBootstrap)
        && cores >= 1)) {
      throw new IllegalArgumentException(
          "time estimate needs finite non-negative times and at least one core, found "
              + wallMillis
              + ", "
              + cpuMillis
              + ", "
              + leveledMillis
              + ", "
              + millisPerBootstrap
              + ", "
              + cores);
    }
  }

  private static boolean isTime(double millis) {
    return millis >= 0 && millis < Double.POSITIVE_INFINITY;
  }

  /** The line of the compile report, for a circuit of {@code bootstraps} bootstraps per sample. */
  String format(long bootstraps) {
    if (bootstraps == 0) {
      return String.format(
          Locale.ROOT,
          "%.3f ms/sample (no bootstrap: inputs, leveled operations, outputs)",
          wallMillis);
    }
    return String.format(
        Locale.ROOT,
        "%.1f ms/sample on %d %s, %.1f ms CPU (%d bootstraps, %.2f ms each alone;"
            + " the rest %.3f ms)",
        wallMillis,
        cores,
        cores == 1 ? "core" : "cores",
        cpuMillis,
        bootstraps,
        millisPerBootstrap,
        leveledMillis);
  }

  void write(DataOutput out) throws IOException {
    out.writeDouble(wallMillis);
    out.writeDouble(cpuMillis);
    out.writeDouble(leveledMillis);
    out.writeDouble(millisPerBootstrap);
    out.writeInt(cores);
  }

  /** Reads an estimate written by {@link #write}; refuses what the constructor refuses. */
  static TimeEstimate read(DataInput in) throws IOException {
    try {
      return new TimeEstimate(
          in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt());
    } catch (IllegalArgumentException e) {
      throw new IOException("compile report: " + e.getMessage(), e);
    }
  }
}
