package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.math.LaneBatchFft;
import io.fhestreams.engine.math.NegacyclicFft;
import io.fhestreams.engine.params.PolynomialSize;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Companion to {@link FftBenchmark} for a shared machine, in the manner of {@link PbsCpuTimeProbe}:
 * thread CPU time (min and median over 300 rounds of 2,000 calls) of the three loops of an external
 * product — the forward transform of a digit polynomial, the inverse with rounding (after a copy,
 * as the blind rotation destroys its accumulator), and the decomposition of X^a·ACC - ACC (baseLog
 * 23, one level) — for N = 512 and 2048, with the bytes each call allocates: a Vector API value
 * passed to a method C2 did not inline is boxed on the heap, so anything but 0 points at a missed
 * inlining. Then the same three on {@link LaneBatchFft} (a lane set of one polynomial per vector
 * lane, the forward after a copy as it works in place), per lane set and per polynomial. Run:
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * io.fhestreams.benchmarks.engine.FftCpuTimeProbe}.
 */
public final class FftCpuTimeProbe {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final String[] KINDS = {"forward", "copy+inverse", "decompose"};

  private FftCpuTimeProbe() {}

  public static void main(String[] args) {
    for (int n : new int[] {512, 2048}) {
      NegacyclicFft fft = NegacyclicFft.of(new PolynomialSize(n));
      SplittableRandom rnd = new SplittableRandom(1);
      double[] digits = rnd.ints(n, -(1 << 22), 1 << 22).asDoubleStream().toArray();
      long[] acc = rnd.longs(n).toArray();
      double[] work = new double[n];
      for (int kind = 0; kind < KINDS.length; kind++) {
        int reps = 2000;
        double[] us = new double[300];
        long allocated = 0;
        for (int round = 0; round < us.length; round++) {
          long bytes = THREADS.getCurrentThreadAllocatedBytes();
          long t0 = THREADS.getCurrentThreadCpuTime();
          for (int i = 0; i < reps; i++) {
            run(fft, kind, i, digits, acc, work);
          }
          us[round] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / reps;
          // the last rounds run compiled code
          allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
        }
        Arrays.sort(us);
        System.out.printf(
            "N=%d %s (%s kernel): cpu min %.3f us, median %.3f us; %.0f bytes allocated per call%n",
            n,
            KINDS[kind],
            fft.isVectorized() ? "vector" : "scalar",
            us[0],
            us[us.length / 2],
            (double) allocated / reps);
      }
      LaneBatchFft lanes = LaneBatchFft.of(new PolynomialSize(n));
      if (lanes != null) {
        probeLanes(lanes, rnd);
      }
    }
  }

  private static void probeLanes(LaneBatchFft lanes, SplittableRandom rnd) {
    int n = lanes.polynomialSize();
    int set = n * lanes.lanes();
    double[] digits = rnd.ints(set, -(1 << 22), 1 << 22).asDoubleStream().toArray();
    long[] acc = rnd.longs(set).toArray();
    double[] work = new double[set];
    int[] powers = new int[lanes.lanes()];
    long[] scratch = new long[lanes.decompositionScratchLength()];
    for (int kind = 0; kind < KINDS.length; kind++) {
      int reps = 250;
      double[] us = new double[300];
      long allocated = 0;
      for (int round = 0; round < us.length; round++) {
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
          switch (kind) {
            case 0 -> {
              System.arraycopy(digits, 0, work, 0, set);
              lanes.forwardInPlace(work, 0);
            }
            case 1 -> {
              System.arraycopy(digits, 0, work, 0, set);
              lanes.backwardAddInPlace(work, 0, acc, 0);
            }
            default -> {
              for (int l = 0; l < powers.length; l++) {
                powers[l] = (77 + 13 * i + 101 * l) % (2 * n);
              }
              lanes.decomposeRotated(acc, 0, powers, 23, 1, work, 0, set, scratch);
            }
          }
        }
        us[round] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / reps;
        allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
      }
      Arrays.sort(us);
      System.out.printf(
          "N=%d lanes %s (%d polynomials): cpu min %.3f us, median %.3f us (%.3f us per"
              + " polynomial); %.0f bytes allocated per call%n",
          n,
          KINDS[kind],
          lanes.lanes(),
          us[0],
          us[us.length / 2],
          us[us.length / 2] / lanes.lanes(),
          (double) allocated / reps);
    }
  }

  private static void run(
      NegacyclicFft fft, int kind, int i, double[] digits, long[] acc, double[] work) {
    int n = acc.length;
    switch (kind) {
      case 0 -> fft.forward(digits, 0, work, 0);
      case 1 -> {
        System.arraycopy(digits, 0, work, 0, n);
        fft.backwardAddInPlace(work, 0, acc, 0);
      }
      default -> fft.decompose(acc, 0, (77 + 13 * i) % (2 * n), 23, 1, work, 0, n);
    }
  }
}
