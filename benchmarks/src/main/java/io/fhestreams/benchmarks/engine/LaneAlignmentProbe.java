package io.fhestreams.benchmarks.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Each lane-batched kernel of {@link LaneWorkloads} with its lane sets at element offsets 0–7 of
 * the same arrays, the offsets alternated round by round in one JVM: one of the eight puts the
 * vectors on 64-byte boundaries (which one depends on where the JVM placed the arrays), the others
 * make every 512-bit load and store span two cache lines. Reports per offset the thread CPU time
 * per call, median over the rounds. Run: {@code java --add-modules jdk.incubator.vector -cp
 * benchmarks/target/benchmarks.jar io.fhestreams.benchmarks.engine.LaneAlignmentProbe [rounds
 * [reps]]}.
 */
public final class LaneAlignmentProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LaneAlignmentProbe() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    for (String kind : new String[] {"decompose", "forward", "backward", "multiplySum"}) {
      Runnable[] tasks = new Runnable[8];
      for (int o = 0; o < 8; o++) {
        tasks[o] = LaneWorkloads.of(new String[] {kind, String.valueOf(o)});
      }
      double[][] us = new double[8][rounds];
      for (int r = -2; r < rounds; r++) { // two rounds of warm-up
        for (int i = 0; i < 8; i++) {
          int o = (i + Math.max(r, 0)) % 8;
          long t0 = THREADS.getCurrentThreadCpuTime();
          for (int k = 0; k < reps; k++) {
            tasks[o].run();
          }
          if (r >= 0) {
            us[o][r] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / reps;
          }
        }
      }
      StringBuilder line = new StringBuilder(kind + " (us per lane set) by offset:");
      for (int o = 0; o < 8; o++) {
        Arrays.sort(us[o]);
        line.append(String.format(" %d: %.2f", o, us[o][rounds / 2]));
      }
      System.out.println(line);
    }
  }
}
