package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.math.CacheAligned;
import io.fhestreams.engine.math.NegacyclicFft;
import io.fhestreams.engine.params.PolynomialSize;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Companion to {@link FftBenchmark} for a shared machine, in the manner of {@link PbsCpuTimeProbe}:
 * thread CPU time (min and median over 300 rounds of 2,000 calls) of the three loops of an external
 * product — the forward transform of a digit polynomial, the inverse with rounding that keeps its
 * input (its first stage writes the work array, so nothing is copied; the blind rotation destroys
 * its accumulator otherwise), and the decomposition of X^a·ACC - ACC (baseLog 23, one level) — for
 * N = 512 and 2048, and the sum of an external product with its inverse (the 2-bit set's 5 terms at
 * N = 512, the 4-bit set's 2 at N = 2048), with the bytes each call allocates: a Vector API value
 * passed to a method C2 did not inline is boxed on the heap, so anything but 0 points at a missed
 * inlining. Every kernel runs on {@link CacheAligned} arrays at two offsets, rounds alternated: at
 * their 64-byte-aligned start, as the engine's workspaces place them, and one element further, as
 * arbitrary arrays mostly are. Run: {@code java --add-modules jdk.incubator.vector -cp
 * benchmarks/target/benchmarks.jar io.fhestreams.benchmarks.engine.FftCpuTimeProbe}.
 */
public final class FftCpuTimeProbe {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final String[] KINDS = {
    "forward", "inverse keeping its input", "decompose", "sum of the set's products + inverse"
  };
  private static final int ROUNDS = 300;

  /** The aligned start, and one element past it. */
  private static final int[] OFFSETS = {CacheAligned.START, CacheAligned.START + 1};

  private static final String[] PLACEMENTS = {"aligned", "unaligned"};

  /** One call of a kernel on operands at element {@code off}, the {@code i}-th of its round. */
  private interface Call {
    void run(int off, int i);
  }

  private FftCpuTimeProbe() {}

  public static void main(String[] args) {
    for (int n : new int[] {512, 2048}) {
      NegacyclicFft fft = NegacyclicFft.of(new PolynomialSize(n));
      String kernel = fft.isVectorized() ? "vector kernel" : "scalar kernel";
      Operands x = new Operands(n, n == 512 ? 5 : 2, new SplittableRandom(1));
      Call[] calls = {
        (off, i) -> fft.forward(x.digits, off, x.work, off),
        (off, i) -> fft.backwardAdd(x.digits, off, x.work, off, x.acc, off),
        (off, i) -> fft.decompose(x.acc, off, (77 + 13 * i) % (2 * n), 23, 1, x.work, off, n),
        (off, i) ->
            fft.backwardAddSum(x.digits, off, 0, x.key, off, n, x.terms, x.work, off, x.acc, off)
      };
      for (int kind = 0; kind < KINDS.length; kind++) {
        alternate("N=" + n + " " + KINDS[kind] + " (" + kernel, 2000, calls[kind]);
      }
    }
  }

  /**
   * {@code reps} calls per round at each offset of {@link #OFFSETS}, the offsets alternated round
   * by round; prints per offset min and median per call and the bytes the last round allocated per
   * call.
   */
  private static void alternate(String label, int reps, Call call) {
    double[][] us = new double[OFFSETS.length][ROUNDS];
    long[] allocated = new long[OFFSETS.length];
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < OFFSETS.length; k++) {
        int o = (k + round) % OFFSETS.length;
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
          call.run(OFFSETS[o], i);
        }
        us[o][round] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / reps;
        // the last rounds run compiled code
        allocated[o] = THREADS.getCurrentThreadAllocatedBytes() - bytes;
      }
    }
    for (int o = 0; o < OFFSETS.length; o++) {
      Arrays.sort(us[o]);
      double median = us[o][ROUNDS / 2];
      System.out.printf(
          "%s, %s): cpu min %.3f us, median %.3f us; %.0f bytes allocated per call%n",
          label, PLACEMENTS[o], us[o][0], median, (double) allocated[o] / reps);
    }
  }

  /**
   * Random digits < 2^22 and accumulators, a work array, and {@code terms} random key transforms
   * (for the product sum, each term's digits the same), from every offset on.
   */
  private static final class Operands {
    final double[] digits;
    final long[] acc;
    final double[] work;
    final double[] key;
    final int terms;

    Operands(int length, int terms, SplittableRandom rnd) {
      int padded = length + OFFSETS[OFFSETS.length - 1];
      digits = CacheAligned.doubles(padded);
      acc = CacheAligned.longs(padded);
      work = CacheAligned.doubles(padded);
      key = CacheAligned.doubles((terms - 1) * length + padded);
      this.terms = terms;
      for (int j = 0; j < digits.length; j++) {
        digits[j] = rnd.nextInt(-(1 << 22), 1 << 22);
        acc[j] = rnd.nextLong();
      }
      for (int j = 0; j < key.length; j++) {
        key[j] = rnd.nextDouble(-0x1p62, 0x1p62);
      }
    }
  }
}
