package io.fhestreams.benchmarks.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times one workload of {@link EngineWorkloads} built from two jars (an old and a new build of the
 * engine) in ONE JVM, rounds alternated A, B, B, A, ..., so that both see the same machine load:
 * each jar gets its own class loader (parent: the platform loader, so that jdk.incubator.vector
 * resolves and nothing of the engine is shared). Reports per call the thread CPU time, the wall
 * time and the process CPU time (worker threads included; also the JIT's and GC's), minimum and
 * median over the rounds. Run: {@code java -Xmx6g --add-modules jdk.incubator.vector -cp
 * benchmarks/target/benchmarks.jar io.fhestreams.benchmarks.engine.AbJarProbe old.jar new.jar
 * rounds reps workload set [threads]}, the workload and its arguments as {@link
 * EngineWorkloads#of}.
 */
public final class AbJarProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU time of the whole process: a workload's worker threads besides the calling one. */
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);

  private AbJarProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      throw new IllegalArgumentException(
          "usage: AbJarProbe jarA jarB rounds reps workload set [threads]; found "
              + args.length
              + " args");
    }
    String[] jars = {args[0], args[1]};
    int rounds = Integer.parseInt(args[2]);
    int reps = Integer.parseInt(args[3]);
    String[] workload = Arrays.copyOfRange(args, 4, args.length);
    Runnable[] tasks = new Runnable[2];
    for (int s = 0; s < 2; s++) {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {Path.of(jars[s]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> c = loader.loadClass(EngineWorkloads.class.getName());
      tasks[s] = (Runnable) c.getMethod("of", String[].class).invoke(null, (Object) workload);
    }
    double[][] cpu = new double[2][rounds];
    double[][] wall = new double[2][rounds];
    double[][] process = new double[2][rounds];
    for (int r = -2; r < rounds; r++) { // two rounds of warm-up
      for (int i = 0; i < 2; i++) {
        int s = (r & 1) == 0 ? i : 1 - i; // A B, then B A
        long c0 = THREADS.getCurrentThreadCpuTime();
        long p0 = PROCESS.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int k = 0; k < reps; k++) {
          tasks[s].run();
        }
        if (r >= 0) {
          wall[s][r] = (System.nanoTime() - t0) / 1e3 / reps;
          cpu[s][r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e3 / reps;
          process[s][r] = (PROCESS.getProcessCpuTime() - p0) / 1e3 / reps;
        }
      }
    }
    for (int s = 0; s < 2; s++) {
      Arrays.sort(cpu[s]);
      Arrays.sort(wall[s]);
      Arrays.sort(process[s]);
      System.out.printf(
          "%s %s: cpu/call min %.2f median %.2f us; wall/call min %.2f median %.2f us;"
              + " process cpu/call min %.2f median %.2f us%n",
          String.join(" ", workload),
          jars[s],
          cpu[s][0],
          cpu[s][rounds / 2],
          wall[s][0],
          wall[s][rounds / 2],
          process[s][0],
          process[s][rounds / 2]);
    }
  }
}
