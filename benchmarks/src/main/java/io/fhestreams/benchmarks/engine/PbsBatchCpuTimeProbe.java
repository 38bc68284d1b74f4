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
 * layer of 16 ciphertexts through {@link ProgrammableBootstrap#parBootstrapNew} with each batch
 * size on 1 and 2 threads, the sizes alternated round by round, and reports per bootstrap the
 * summed thread CPU time of the workers (time spent descheduled does not count; memory stalls do)
 * and the wall time, minimum and median over the rounds. Run: {@code java -Xmx6g --add-modules
 * jdk.incubator.vector [-Dsets=id,id] -cp benchmarks/target/benchmarks.jar
 * io.fhestreams.benchmarks.engine.PbsBatchCpuTimeProbe [rounds [batch ...]]} (default: the 2-bit
 * and 4-bit sets, 8 rounds, batches 1 2 4 8 16).
 */
public final class PbsBatchCpuTimeProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int LAYER = 16;

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
        double[][] cpu = new double[batches.length][rounds];
        double[][] wall = new double[batches.length][rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms up
          for (int j = 0; j < batches.length; j++) {
            int b =
                (j + Math.max(r, 0))
                    % batches.length; // rotate the order so no size always goes first
            runner.cpuNanos.set(0);
            long c0 = THREADS.getCurrentThreadCpuTime(); // one worker runs inline in this thread
            long t0 = System.nanoTime();
            ProgrammableBootstrap.parBootstrapNew(
                keys.bootstrapKey(),
                keys.keyswitchKey(),
                p.modulusSwitch(),
                inputs,
                table,
                runner,
                batches[b]);
            if (r >= 0) {
              wall[b][r] = (System.nanoTime() - t0) / 1e6 / LAYER;
              long inline = THREADS.getCurrentThreadCpuTime() - c0;
              cpu[b][r] = (runner.cpuNanos.get() + inline) / 1e6 / LAYER;
            }
          }
        }
        for (int b = 0; b < batches.length; b++) {
          Arrays.sort(cpu[b]);
          Arrays.sort(wall[b]);
          System.out.printf(
              "%s threads %d batch %2d: cpu/PBS min %5.1f median %5.1f ms; wall/PBS min %5.1f median %5.1f ms%n",
              p.id(),
              threads,
              batches[b],
              cpu[b][0],
              cpu[b][rounds / 2],
              wall[b][0],
              wall[b][rounds / 2]);
        }
      }
    }
  }

  /** {@link TaskRunner#threads} that adds up the thread CPU time of the tasks it runs. */
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
      List<Runnable> timed = new ArrayList<>();
      for (Runnable task : tasks) {
        timed.add(
            () -> {
              long t0 = THREADS.getCurrentThreadCpuTime();
              task.run();
              cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - t0);
            });
      }
      threads.runAll(timed);
    }
  }
}
