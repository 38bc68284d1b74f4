package io.fhestreams.ml.compiler;

import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.Seeder;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Time estimates for the compile report, measured on the running machine: a ciphertext multiply-add
 * is timed as the same loop over a {@code long[]} of the ciphertext's length, and regenerating one
 * seeded input's mask as the engine's {@link MaskGenerator} filling that many longs. A rough figure
 * for the report only; benchmarks are the reference (JMH, module {@code benchmarks}).
 */
final class CostModel {
  private static final ConcurrentMap<Integer, Double> NANOS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<Integer, Double> MASK_NANOS = new ConcurrentHashMap<>();

  private CostModel() {}

  /**
   * Nanoseconds for acc += w · ct over {@code length} longs (median of short runs, cached per
   * length).
   */
  static double multiplyAddNanos(int length) {
    return NANOS.computeIfAbsent(length, CostModel::measure);
  }

  /**
   * Nanoseconds to regenerate one mask of {@code length} longs from a seed (median of short runs,
   * cached).
   */
  static double maskNanos(int length) {
    return MASK_NANOS.computeIfAbsent(length, CostModel::measureMask);
  }

  private static double measureMask(int length) {
    MaskGenerator masks = MaskGenerator.fromSeed(Seeder.freshSeed());
    long[] out = new long[length];
    int reps = Math.max(1, 200_000 / length);
    warmUp(() -> masks.fillMask(out, 0, length));
    double[] samples = new double[7];
    for (int s = 0; s < samples.length; s++) {
      long start = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        masks.fillMask(out, 0, length);
      }
      samples[s] = (System.nanoTime() - start) / (double) reps;
    }
    java.util.Arrays.sort(samples);
    return samples[3];
  }

  private static double measure(int length) {
    SplittableRandom random = new SplittableRandom(1);
    long[] ct = random.longs(length).toArray();
    long[] acc = new long[length];
    int reps = Math.max(1, 2_000_000 / length);
    warmUp(
        () -> {
          for (int i = 0; i < length; i++) {
            acc[i] += 3 * ct[i];
          }
        });
    double[] samples = new double[7];
    long sink = 0;
    for (int s = 0; s < samples.length; s++) {
      long start = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        long w = r | 1;
        for (int i = 0; i < length; i++) {
          acc[i] += w * ct[i];
        }
      }
      samples[s] = (System.nanoTime() - start) / (double) reps;
      sink += acc[s % length];
    }
    java.util.Arrays.sort(samples);
    // keep the loop observable so that it is not removed
    return sink == 42 ? samples[3] + 1e-9 : samples[3];
  }

  /**
   * Runs {@code body} for about 150 ms so that the measured code is compiled before it is timed.
   */
  private static void warmUp(Runnable body) {
    long end = System.nanoTime() + 150_000_000L;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 16; i++) {
        body.run();
      }
    }
  }
}
