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
 * below the call's wall time is waiting (descheduled, or finished before the other). Rounds
 * alternate one and two threads. Run: {@code java -Xmx6g --add-modules jdk.incubator.vector
 * -XX:PerMethodTrapLimit=1000 -cp benchmarks/target/benchmarks.jar
 * io.fhestreams.benchmarks.engine.PbsWorkerCpuProbe rounds set}.
 */
public final class PbsWorkerCpuProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PbsWorkerCpuProbe() {}

  /**
   * Starts one thread per task per call, as {@link TaskRunner#threads}, and sums their CPU time.
   */
  private static final class TimedRunner implements TaskRunner {
    private final int threads;
    final AtomicLong workerCpuNanos = new AtomicLong();

    TimedRunner(int threads) {
      this.threads = threads;
    }

    @Override
    public int parallelism() {
      return threads;
    }

    @Override
    public void runAll(List<? extends Runnable> tasks) {
      List<Thread> started = new ArrayList<>();
      for (Runnable task : tasks) {
        Thread t =
            new Thread(
                () -> {
                  long c0 = THREADS.getCurrentThreadCpuTime();
                  task.run();
                  workerCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
                },
                "fhe-pbs");
        t.start();
        started.add(t);
      }
      for (Thread t : started) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
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
        long wall = System.nanoTime() - t0;
        if (r == -3) { // the first call of each thread count: every output is the table's value
          for (int i = 0; i < out.length; i++) {
            long got = client.decrypt(out[i]);
            if (got != (messages[i] * messages[i] + 1) % modulus) {
              throw new IllegalStateException("input " + i + " decrypts to " + got);
            }
          }
        }
        // one thread runs inline on this thread; two run on the runner's threads
        long cpu =
            threads == 1 ? THREADS.getCurrentThreadCpuTime() - c0 : runner.workerCpuNanos.get();
        if (r >= 0) {
          cpuPerPbs[threads][r] = cpu / 1e6 / in.length;
          wallPerPbs[threads][r] = wall / 1e6 / in.length;
          busy[threads][r] = cpu / (double) wall / threads;
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
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] x) {
    return Arrays.stream(x).min().orElse(Double.NaN);
  }
}
