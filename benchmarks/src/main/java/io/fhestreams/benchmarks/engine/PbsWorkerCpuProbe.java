package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.ProgrammableBootstrap;
import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a two-thread batch loses against one thread: per call of {@code 8·threads} KS-PBS (batches
 * of 8, one per worker) it measures the wall time and each worker's own thread CPU time, through a
 * {@link TaskRunner} that starts its threads like {@link TaskRunner#threads} and reads their CPU
 * time. CPU per bootstrap that rises with two workers is contention (caches, memory); worker CPU
 * below the call's wall time is waiting (descheduled, or finished before the other). For two
 * threads it splits the waiting per call: the start (call start to the later worker's first
 * instruction), descheduling inside the workers (a worker's run time less its CPU time, averaged),
 * the end spread (first worker done to last worker done) and the join (last worker done to the
 * call's return). Rounds alternate one and two threads. Run: {@code java -Xmx6g --add-modules
 * jdk.incubator.vector -XX:PerMethodTrapLimit=1000 -cp benchmarks/target/benchmarks.jar
 * io.fhestreams.benchmarks.engine.PbsWorkerCpuProbe rounds set}.
 */
public final class PbsWorkerCpuProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PbsWorkerCpuProbe() {}

  /**
   * Runs the first task of a call on the calling thread and starts one thread for each other, as
   * {@link TaskRunner#threads} does; sums the tasks' CPU time and keeps each one's start, end
   * ({@link System#nanoTime}) and CPU time.
   */
  private static final class TimedRunner implements TaskRunner {
    private final int threads;
    final AtomicLong workerCpuNanos = new AtomicLong();
    final long[] starts;
    final long[] ends;
    final long[] cpus;

    TimedRunner(int threads) {
      this.threads = threads;
      starts = new long[threads];
      ends = new long[threads];
      cpus = new long[threads];
    }

    @Override
    public int parallelism() {
      return threads;
    }

    @Override
    public void runAll(List<? extends Runnable> tasks) {
      List<Thread> started = new ArrayList<>();
      for (int w = 1; w < tasks.size(); w++) {
        Thread t = new Thread(timed(tasks.get(w), w), "fhe-pbs");
        t.start();
        started.add(t);
      }
      timed(tasks.get(0), 0).run();
      for (Thread t : started) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }

    private Runnable timed(Runnable task, int worker) {
      return () -> {
        starts[worker] = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        task.run();
        cpus[worker] = THREADS.getCurrentThreadCpuTime() - c0;
        ends[worker] = System.nanoTime();
        workerCpuNanos.addAndGet(cpus[worker]);
      };
    }
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "usage: PbsWorkerCpuProbe rounds set; found " + args.length);
    }
    int rounds = Integer.parseInt(args[0]);
    ParameterSet p = ParameterSets.byId(args[1]);
    ClientKey client = ClientKey.generate(p);
    EvaluationKeys keys = client.generateEvaluationKeys();
    SplittableRandom rnd = new SplittableRandom(42);
    int batch = 8;
    long modulus = p.messageModulus();
    long[] messages = rnd.longs(2 * batch, 0, modulus).toArray();
    LweCiphertext[] inputs = new LweCiphertext[2 * batch];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = client.encrypt(messages[i]);
    }
    LookupTable[] table = {LookupTables.forFunction(p, x -> (x * x + 1) % modulus)};
    double[][] cpuPerPbs = new double[3][rounds];
    double[][] wallPerPbs = new double[3][rounds];
    double[][] busy = new double[3][rounds];
    // two threads, per call, ms: start, descheduled inside a worker, end spread, join
    double[][] lost = new double[4][rounds];
    for (int r = -3; r < rounds; r++) {
      for (int threads = 1; threads <= 2; threads++) {
        LweCiphertext[] in = Arrays.copyOf(inputs, batch * threads);
        TimedRunner runner = new TimedRunner(threads);
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        LweCiphertext[] out =
            ProgrammableBootstrap.parBootstrapNew(
                keys.bootstrapKey(),
                keys.keyswitchKey(),
                p.modulusSwitch(),
                in,
                table,
                runner,
                batch);
        long t1 = System.nanoTime();
        long wall = t1 - t0;
        if (r == -3) { // the first call of each thread count: every output is the table's value
          for (int i = 0; i < out.length; i++) {
            long got = client.decrypt(out[i]);
            if (got != (messages[i] * messages[i] + 1) % modulus) {
              throw new IllegalStateException("input " + i + " decrypts to " + got);
            }
          }
        }
        // one worker alone runs on this thread without the runner; two run through it
        long cpu =
            threads == 1 ? THREADS.getCurrentThreadCpuTime() - c0 : runner.workerCpuNanos.get();
        if (r >= 0) {
          cpuPerPbs[threads][r] = cpu / 1e6 / in.length;
          wallPerPbs[threads][r] = wall / 1e6 / in.length;
          busy[threads][r] = cpu / (double) wall / threads;
          if (threads == 2) {
            long lastStart = Math.max(runner.starts[0], runner.starts[1]);
            long firstEnd = Math.min(runner.ends[0], runner.ends[1]);
            long lastEnd = Math.max(runner.ends[0], runner.ends[1]);
            double inside = 0;
            for (int w = 0; w < 2; w++) {
              inside += runner.ends[w] - runner.starts[w] - runner.cpus[w];
            }
            lost[0][r] = (lastStart - t0) / 1e6;
            lost[1][r] = inside / 2 / 1e6;
            lost[2][r] = (lastEnd - firstEnd) / 1e6;
            lost[3][r] = (t1 - lastEnd) / 1e6;
          }
        }
      }
    }
    for (int threads = 1; threads <= 2; threads++) {
      System.out.printf(
          "%s threads %d: per bootstrap CPU median %.3f ms (min %.3f), wall median %.3f ms (min"
              + " %.3f); worker CPU / (threads × wall) median %.3f%n",
          p.id(),
          threads,
          median(cpuPerPbs[threads]),
          min(cpuPerPbs[threads]),
          median(wallPerPbs[threads]),
          min(wallPerPbs[threads]),
          median(busy[threads]));
    }
    System.out.printf(
        "%s threads 2, per call of 16 (ms, median / max): start %.3f / %.3f, descheduled inside a"
            + " worker %.3f / %.3f, end spread %.3f / %.3f, join %.3f / %.3f%n",
        p.id(),
        median(lost[0]),
        max(lost[0]),
        median(lost[1]),
        max(lost[1]),
        median(lost[2]),
        max(lost[2]),
        median(lost[3]),
        max(lost[3]));
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] x) {
    return Arrays.stream(x).min().orElse(Double.NaN);
  }

  private static double max(double[] x) {
    return Arrays.stream(x).max().orElse(Double.NaN);
  }
}
