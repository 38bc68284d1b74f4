package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierMultiBitBootstrapKey;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.math.NegacyclicFft;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Multi-bit blind rotation (Joye, Paillier, "Blind rotation in fully homomorphic encryption with
 * extended keys", CSCML 2022; tfhe-rs {@code lwe_multi_bit_programmable_bootstrapping.rs}): ACC ←
 * LUT·X^(-b̃), then for each group i of g key bits, with d_p the switched degree of pattern p
 * ({@link ModulusSwitch#switchMultiBitKeyTorus}) and G_p the group's GGSW of [bits = p],
 *
 * <pre>  S_i = G_0 + Σ_{p ≥ 1} X^{d_p}·G_p   (in the Fourier domain),   ACC ← S_i ⊡ ACC</pre>
 *
 * Exactly one G_p encrypts 1, so S_i encrypts X^{d_{bits}} and the rotation advances by the group's
 * share of Σ ã_i s_i: n/g external products instead of n. X^{d_p} is transformed by table lookup
 * ({@link NegacyclicFft#monomialTransform}); summing the 2^g GGSW ciphertexts reads the whole group
 * (2^g times the classic key per bit group), so the option {@link #blindRotate(
 * FourierMultiBitBootstrapKey, LookupTable, MultiBitWorkspace, PreparationThread)} builds S_{i+1}
 * on a second thread while S_i's external product runs.
 */
public final class MultiBitBlindRotation {
  /** Waits between the two threads spin this many steps, then yield (see {@link #pause}). */
  private static final int SPINS_BEFORE_YIELD = 1 << 12;

  private MultiBitBlindRotation() {}

  /**
   * Rotates {@code lut} by the switched input in {@code ws} (body {@code body}, degrees in {@code
   * ws.degrees}) into {@code ws.base.accumulator}, on the calling thread; allocation-free.
   */
  static void blindRotate(
      FourierMultiBitBootstrapKey bsk, int body, LookupTable lut, MultiBitWorkspace ws) {
    ws.requireShape(bsk);
    BlindRotation.loadRotatedTable(
        bsk.glweDimension(),
        bsk.polynomialSize(),
        "FourierMultiBitBootstrapKey",
        body,
        lut,
        ws.base.accumulator,
        0);
    long[] src = ws.base.accumulator;
    long[] dst = ws.otherAccumulator;
    double[] sum = ws.groupSums[0];
    for (int group = 0; group < ws.groupCount; group++) {
      prepareGroupSum(bsk, group, ws.degrees, ws.base.fft, ws.monomials, sum);
      externalProduct(bsk, sum, src, dst, ws);
      long[] t = src;
      src = dst;
      dst = t;
    }
    finish(src, ws);
  }

  /**
   * As {@link #blindRotate(FourierMultiBitBootstrapKey, int, LookupTable, MultiBitWorkspace)}, with
   * the group sums built on {@code helper}'s thread one group ahead of the external products (for
   * latency when a core is idle: both threads spin rather than sleep between groups). The result is
   * the same bit for bit.
   */
  static void blindRotate(
      FourierMultiBitBootstrapKey bsk,
      int body,
      LookupTable lut,
      MultiBitWorkspace ws,
      PreparationThread helper) {
    ws.requireShape(bsk);
    ws.prepared.set(0);
    ws.consumed.set(0);
    CompletableFuture<Void> producer =
        CompletableFuture.runAsync(() -> prepareAhead(bsk, ws), helper.executor);
    BlindRotation.loadRotatedTable(
        bsk.glweDimension(),
        bsk.polynomialSize(),
        "FourierMultiBitBootstrapKey",
        body,
        lut,
        ws.base.accumulator,
        0);
    long[] src = ws.base.accumulator;
    long[] dst = ws.otherAccumulator;
    for (int group = 0; group < ws.groupCount; group++) {
      for (int spins = 0; ws.prepared.get() <= group; spins++) {
        if (producer.isDone() && ws.prepared.get() <= group) {
          // the producer ended without preparing this group: it failed, join() rethrows
          producer.join();
          throw new IllegalStateException("group-sum thread stopped at group " + group);
        }
        pause(spins);
      }
      externalProduct(bsk, ws.groupSums[group & 1], src, dst, ws);
      ws.consumed.set(group + 1);
      long[] t = src;
      src = dst;
      dst = t;
    }
    producer.join();
    finish(src, ws);
  }

  /**
   * One wait step: a spin hint for the first {@link #SPINS_BEFORE_YIELD} steps (a group takes tens
   * of microseconds, so the wait is short when both threads have a core), then a yield, so that an
   * oversubscribed machine can run the thread being waited for.
   */
  private static void pause(int spins) {
    if (spins < SPINS_BEFORE_YIELD) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  /** The helper side: builds group i's sum in buffer i mod 2 once group i-2's product is done. */
  private static void prepareAhead(FourierMultiBitBootstrapKey bsk, MultiBitWorkspace ws) {
    for (int group = 0; group < ws.groupCount; group++) {
      for (int spins = 0; ws.consumed.get() < group - 1; spins++) {
        pause(spins);
      }
      prepareGroupSum(
          bsk, group, ws.degrees, ws.base.fft, ws.helperMonomials, ws.groupSums[group & 1]);
      ws.prepared.set(group + 1);
    }
  }

  /**
   * sum ← G_0 + Σ_{p ≥ 1} X^{d_p}·G_p for group {@code group}, in the Fourier domain: the 2^g - 1
   * monomials are transformed into {@code monomials}, then each polynomial of the sum is built in
   * one pass that reads each G_p once.
   */
  private static void prepareGroupSum(
      FourierMultiBitBootstrapKey bsk,
      int group,
      int[] degrees,
      NegacyclicFft fft,
      double[] monomials,
      double[] sum) {
    double[] key = bsk.data();
    int ggswSize = bsk.ggswSize();
    int n = bsk.polynomialSize().value();
    int patterns = bsk.ggswPerGroup();
    int first = bsk.groupOffset(group);
    int factorsOff = 0;
    for (int p = 1; p < patterns; p++, factorsOff += n) {
      fft.monomialTransform(degrees[group * (patterns - 1) + p - 1], monomials, factorsOff);
    }
    for (int poly = 0; poly < ggswSize; poly += n) {
      fft.rotatedSum(sum, poly, monomials, key, first + poly, ggswSize, patterns);
    }
  }

  /** dst ← sum ⊡ src. */
  private static void externalProduct(
      FourierMultiBitBootstrapKey bsk, double[] sum, long[] src, long[] dst, MultiBitWorkspace ws) {
    java.util.Arrays.fill(dst, 0L);
    ExternalProduct.addExternalProduct(
        sum, 0, bsk.baseLog().value(), bsk.levelCount().value(), src, dst, ws.base);
  }

  /** Leaves the result in {@code ws.base.accumulator}. */
  private static void finish(long[] result, MultiBitWorkspace ws) {
    if (result != ws.base.accumulator) {
      System.arraycopy(result, 0, ws.base.accumulator, 0, result.length);
    }
  }

  /**
   * The second thread of the two-thread option: one daemon thread that builds group sums for one
   * bootstrap at a time. Close it to stop the thread.
   */
  public static final class PreparationThread implements AutoCloseable {
    final ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "multi-bit-group-sums");
              t.setDaemon(true);
              return t;
            });

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
