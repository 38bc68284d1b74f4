package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.params.ParameterSets;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Companion to {@link PbsBenchmark} for a shared, oversubscribed machine: KS-PBS of several
 * subjects ({@link PbsSubject}: classic sets, multi-bit sets, multi-bit sets with {@value
 * PbsSubject#HELPER_SUFFIX}) measured in the same run, alternating: each round runs a block of
 * bootstraps of every subject in turn, so that drift of the machine reaches all alike. Reports, per
 * subject, the median over rounds of the block medians of wall time and of the calling thread's CPU
 * time (CPU time ignores time spent descheduled; it does not count the helper thread, wall time
 * does), and the bootstrap key sizes. Run: {@code java --add-modules jdk.incubator.vector -Xmx8g
 * -cp benchmarks/target/benchmarks.jar io.fhestreams.benchmarks.engine.PbsCpuTimeProbe [rounds]
 * [subject ...]}.
 */
public final class PbsCpuTimeProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int BLOCK = 10;

  private PbsCpuTimeProbe() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    String[] names =
        args.length > 1
            ? Arrays.copyOfRange(args, 1, args.length)
            : new String[] {
              ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M128.id(),
              ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128.id()
            };
    List<PbsSubject> subjects = new ArrayList<>();
    for (String name : names) {
      long t0 = System.nanoTime();
      subjects.add(new PbsSubject(name));
      System.out.printf("keys of %s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    }
    for (PbsSubject s : subjects) {
      measure(s, 3 * BLOCK);
    }
    double[][] wall = new double[subjects.size()][rounds];
    double[][] cpu = new double[subjects.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < subjects.size(); i++) {
        double[] block = measure(subjects.get(i), BLOCK);
        wall[i][r] = block[0];
        cpu[i][r] = block[1];
      }
    }
    System.out.printf(
        "%-72s %9s %9s %10s %10s %10s%n",
        "subject (" + rounds + " rounds × " + BLOCK + ")",
        "wall ms",
        "cpu ms",
        "std MB",
        "fourier MB",
        "seeded MB");
    for (int i = 0; i < subjects.size(); i++) {
      PbsSubject s = subjects.get(i);
      System.out.printf(
          "%-72s %9.2f %9.2f %10.1f %10.1f %10.1f%n",
          s.name,
          median(wall[i]),
          median(cpu[i]),
          s.standardKeyBytes / 1e6,
          s.fourierKeyBytes / 1e6,
          s.seededKeyBytes / 1e6);
      s.close();
    }
  }

  /** Median wall and thread-CPU milliseconds of {@code runs} bootstraps. */
  private static double[] measure(PbsSubject s, int runs) {
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      s.run();
      wall[i] = (System.nanoTime() - w0) / 1e6;
      cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    return new double[] {median(wall), median(cpu)};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
