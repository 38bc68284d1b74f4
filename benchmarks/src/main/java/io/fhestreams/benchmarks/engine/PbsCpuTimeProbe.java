package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.algorithms.BootstrapWorkspace;
import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.LweKeyswitch;
import io.fhestreams.engine.algorithms.ProgrammableBootstrap;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Companion to {@link PbsBenchmark} for a shared, oversubscribed machine: measures the thread CPU
 * time (not wall time) of one key switch and one KS-PBS, and reports the minimum and median over
 * many runs, so that time spent descheduled by other processes does not count. Run: {@code java
 * --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * io.fhestreams.benchmarks.engine.PbsCpuTimeProbe [setId ...]}.
 */
public final class PbsCpuTimeProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PbsCpuTimeProbe() {}

  public static void main(String[] args) {
    String[] ids =
        args.length > 0
            ? args
            : new String[] {
              ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M128.id(),
              ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128.id()
            };
    for (String id : ids) {
      ParameterSet p = ParameterSets.byId(id);
      ClientKey client = ClientKey.generate(p);
      EvaluationKeys keys = client.generateEvaluationKeys();
      LweCiphertext in = client.encrypt(1);
      LweCiphertext out = LweCiphertext.zeros(in.dimension());
      LweCiphertext small = LweCiphertext.zeros(p.lweDimension());
      LookupTable lut = LookupTables.forFunction(p, x -> x);
      BootstrapWorkspace ws = BootstrapWorkspace.forKey(keys.bootstrapKey());
      Runnable pbs =
          () ->
              ProgrammableBootstrap.bootstrapInPlace(
                  keys.bootstrapKey(), keys.keyswitchKey(), p.modulusSwitch(), in, lut, out, ws);
      Runnable ks = () -> LweKeyswitch.keyswitchInPlace(keys.keyswitchKey(), in, small);
      measure(pbs, 30);
      measure(ks, 30);
      double[] pbsMs = measure(pbs, 60);
      double[] ksMs = measure(ks, 60);
      System.out.printf(
          "%s: KS+PBS cpu min %.1f ms, median %.1f ms; KS alone cpu min %.1f ms, median %.1f ms%n",
          id, pbsMs[0], pbsMs[1], ksMs[0], ksMs[1]);
    }
  }

  private static double[] measure(Runnable r, int runs) {
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      r.run();
      ms[i] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(ms);
    return new double[] {ms[0], ms[runs / 2]};
  }
}
