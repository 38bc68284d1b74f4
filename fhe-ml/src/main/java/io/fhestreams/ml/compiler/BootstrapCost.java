package io.fhestreams.ml.compiler;

import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.ProgrammableBootstrap;
import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ParameterSet;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Key switch + bootstrap times of a parameter set, measured on the running machine with the
 * engine's own {@link ProgrammableBootstrap#parBootstrapNew} on keys of the set's shape filled with
 * random values (the work does not depend on the values, and no secret key is made).
 *
 * <p>The key is as large as the set's, up to {@link #KEY_BUDGET_DOUBLES}: larger keys (the wide
 * sets, N ≥ 8192) are measured on their first n' GGSW ciphertexts and scaled by (n+1)/(n'+1), the
 * key switch and the blind rotation both being linear in n. The budget keeps the key far larger
 * than the caches, so it streams from memory as the real one does.
 *
 * @param aloneNanos one bootstrap, one thread, nothing else running
 * @param batchedNanos CPU time per bootstrap in full batches ({@link
 *     ProgrammableBootstrap#DEFAULT_MAX_BATCH}) with every one of {@code cores} threads busy
 * @param cores the threads the batched figure was measured with
 */
record BootstrapCost(double aloneNanos, double batchedNanos, int cores) {
  /** Largest Fourier key measured: 64 MiB of doubles. */
  static final long KEY_BUDGET_DOUBLES = 8L << 20;

  private static final int ALONE_RUNS = 7;
  private static final int BATCHED_RUNS = 3;
  private static final long WARM_UP_NANOS = 300_000_000L;
  private static final ConcurrentMap<String, BootstrapCost> MEASURED = new ConcurrentHashMap<>();

  /** The costs of {@code p} with {@code cores} threads (measured once per JVM, then cached). */
  static BootstrapCost of(ParameterSet p, int cores) {
    return MEASURED.computeIfAbsent(p.id() + "/" + cores, key -> measure(p, cores));
  }

  /**
   * CPU nanoseconds per bootstrap when each thread bootstraps {@code perThread} inputs: alone for
   * one, in batches for more, interpolated below a full batch (the gain grows with the batch).
   */
  double nanosPerBootstrap(long perThread) {
    int batch = (int) Math.min(perThread, ProgrammableBootstrap.DEFAULT_MAX_BATCH);
    return aloneNanos
        + (batchedNanos - aloneNanos) * (batch - 1) / (ProgrammableBootstrap.DEFAULT_MAX_BATCH - 1);
  }

  private static BootstrapCost measure(ParameterSet p, int cores) {
    int n = p.lweDimension().value();
    int ggsw = GgswCiphertext.sizeOf(p.glweDimension(), p.polynomialSize(), p.pbsLevel());
    int measuredN = (int) Math.max(1, Math.min(n, KEY_BUDGET_DOUBLES / ggsw));
    LweDimension small = new LweDimension(measuredN);
    SplittableRandom random = new SplittableRandom(1);
    // the magnitude of a real key's transform: torus values (±2^63) summed over N points
    double magnitude = Math.scalb(1.0, 63) * Math.sqrt(p.polynomialSize().value());
    FourierLweBootstrapKey bsk =
        FourierLweBootstrapKey.zeros(
            small, p.glweDimension(), p.polynomialSize(), p.pbsBaseLog(), p.pbsLevel());
    double[] fourier = bsk.data();
    for (int i = bsk.offset(); i < bsk.ggswOffset(measuredN); i++) {
      fourier[i] = random.nextDouble(-magnitude, magnitude);
    }
    int[][] rows = new int[p.bigLweDimension().value() * p.ksLevel().value()][];
    Arrays.setAll(rows, i -> random.ints(measuredN + 1L).toArray());
    LweKeyswitchKey ksk =
        new LweKeyswitchKey(rows, p.bigLweDimension(), small, p.ksBaseLog(), p.ksLevel());
    LookupTable[] identity = {LookupTables.forFunction(p, x -> x)};
    int batch = ProgrammableBootstrap.DEFAULT_MAX_BATCH * cores;
    LweCiphertext[] inputs = new LweCiphertext[batch];
    for (int i = 0; i < batch; i++) {
      inputs[i] = LweCiphertext.zeros(p.bigLweDimension());
      Arrays.setAll(inputs[i].data(), j -> random.nextLong());
    }
    LweCiphertext[] one = {inputs[0]};
    Runnable alone =
        () ->
            ProgrammableBootstrap.parBootstrapNew(
                bsk, ksk, p.modulusSwitch(), one, identity, TaskRunner.threads(1), 1);
    Runnable batched =
        () ->
            ProgrammableBootstrap.parBootstrapNew(
                bsk, ksk, p.modulusSwitch(), inputs, identity, TaskRunner.threads(cores));
    long end = System.nanoTime() + WARM_UP_NANOS;
    do {
      alone.run();
    } while (System.nanoTime() < end);
    batched.run();
    double scale = (n + 1.0) / (measuredN + 1.0);
    double aloneNanos = medianNanos(alone, ALONE_RUNS) * scale;
    // wall time of the batch times the busy threads, per bootstrap
    double batchedNanos = medianNanos(batched, BATCHED_RUNS) * cores / batch * scale;
    return new BootstrapCost(aloneNanos, batchedNanos, cores);
  }

  private static double medianNanos(Runnable work, int runs) {
    double[] samples = new double[runs];
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      work.run();
      samples[r] = System.nanoTime() - start;
    }
    Arrays.sort(samples);
    return samples[runs / 2];
  }
}
