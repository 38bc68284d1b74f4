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
 * Companion to {@link PbsThroughputBenchmark} for a shared, oversubscribed machine: bootstraps a
 * layer of 16 ciphertexts (or {@code -Dlayer=}) through {@link
 * ProgrammableBootstrap#parBootstrapNew} with each batch size on 1 and 2 threads, the sizes
 * alternated round by round, and reports per bootstrap the summed thread CPU time of the workers
 * (time spent descheduled does not count; memory stalls do) and the wall time, minimum and median
 * over the rounds. Run: {@code java -Xmx6g --add-modules jdk.incubator.vector [-Dsets=id,id] -cp
 * benchmarks/target/benchmarks.jar io.fhestreams.benchmarks.engine.PbsBatchCpuTimeProbe [rounds
 * [batch ...]]} (default: the 2-bit and 4-bit sets, 8 rounds, batches 1 2 4 8 16).
 */
public final class PbsBatchCpuTimeProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Ciphertexts per layer: 16, or {@code -Dlayer=}. */
  private static final int LAYER = Integer.getInteger("layer", 16);

  private PbsBatchCpuTimeProbe() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int[] batches =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 2, 4, 8, 16};
    String sets =
        System.getProperty(
            "sets",
            ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64.id()
                + ","
                + ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64.id());
    int cases = batches.length;
    for (String id : sets.split(",")) {
      ParameterSet p = ParameterSets.byId(id);
      ClientKey client = ClientKey.generate(p);
      EvaluationKeys keys = client.generateEvaluationKeys();
      SplittableRandom rnd = new SplittableRandom(42);
      LweCiphertext[] inputs = new LweCiphertext[LAYER];
      for (int i = 0; i < LAYER; i++) {
        inputs[i] = client.encrypt(rnd.nextLong(p.messageModulus()));
      }
      LookupTable[] table = {LookupTables.forFunction(p, x -> (x * x + 1) % p.messageModulus())};
      for (int threads = 1; threads <= 2; threads++) {
        CpuTimedRunner runner = new CpuTimedRunner(threads);
        double[][] cpu = new double[cases][rounds];
        double[][] wall = new double[cases][rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms up
          for (int j = 0; j < cases; j++) {
            int c = (j + Math.max(r, 0)) % cases; // rotate the order so no case always goes first
            runner.cpuNanos.set(0);
            long c0 = THREADS.getCurrentThreadCpuTime(); // one worker runs on this thread
            long t0 = System.nanoTime();
            ProgrammableBootstrap.parBootstrapNew(
                keys.bootstrapKey(),
                keys.keyswitchKey(),
                p.modulusSwitch(),
                inputs,
                table,
                runner,
                batches[c]);
            if (r >= 0) {
              wall[c][r] = (System.nanoTime() - t0) / 1e6 / LAYER;
              long inline = THREADS.getCurrentThreadCpuTime() - c0;
              cpu[c][r] = (runner.cpuNanos.get() + inline) / 1e6 / LAYER;
            }
          }
        }
        for (int c = 0; c < cases; c++) {
          Arrays.sort(cpu[c]);
          Arrays.sort(wall[c]);
          System.out.printf(
              "%s threads %d batch %2d: cpu/PBS min %5.2f median %5.2f ms;"
                  + " wall/PBS min %5.2f median %5.2f ms (%.0f PBS/s)%n",
              p.id(),
              threads,
              batches[c],
              cpu[c][0],
              cpu[c][rounds / 2],
              wall[c][0],
              wall[c][rounds / 2],
              1e3 / wall[c][rounds / 2]);
        }
      }
    }
  }

  /**
   * {@link TaskRunner#threads} that adds up the thread CPU time of the tasks it runs on its own
   * threads; a task it runs on the calling thread is in that thread's CPU time already.
   */
  private static final class CpuTimedRunner implements TaskRunner {
    private final TaskRunner threads;
    final AtomicLong cpuNanos = new AtomicLong();

    CpuTimedRunner(int threads) {
      this.threads = TaskRunner.threads(threads);
    }

    @Override
    public int parallelism() {
      return threads.parallelism();
    }

    @Override
    public void runAll(List<? extends Runnable> tasks) {
      Thread caller = Thread.currentThread();
      List<Runnable> timed = new ArrayList<>();
      for (Runnable task : tasks) {
        timed.add(
            () -> {
              long t0 = THREADS.getCurrentThreadCpuTime();
              task.run();
              if (Thread.currentThread() != caller) {
                cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - t0);
              }
            });
      }
      threads.runAll(timed);
    }
  }
}
