package io.fhestreams.ml.compiler;

import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.ModulusSwitchCompression;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededLweCiphertextList;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.random.Seeder;
import io.fhestreams.engine.serialization.CiphertextFormats;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Time estimates for the compile report, measured on the running machine: a ciphertext multiply-add
 * is timed as the same loop over a {@code long[]} of the ciphertext's length; a record's inputs and
 * outputs as the server handles them, with the engine's own functions on random ciphertexts:
 * reading the seeded input blob and regenerating its masks, and switching the outputs' modulus and
 * writing their blob. Bootstraps are {@link BootstrapCost}'s. A rough figure for the report;
 * benchmarks are the reference (JMH, module {@code benchmarks}).
 */
final class CostModel {
  private static final ConcurrentMap<Integer, Double> NANOS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, Double> INPUT_NANOS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, Double> OUTPUT_NANOS = new ConcurrentHashMap<>();
  private static final Set<String> WARMED_UP = ConcurrentHashMap.newKeySet();
  private static final int WARM_UP_RUNS = 20_000;

  private CostModel() {}

  /**
   * Nanoseconds for acc += w · ct over {@code length} longs (median of short runs, cached per
   * length).
   */
  static double multiplyAddNanos(int length) {
    return NANOS.computeIfAbsent(length, CostModel::measure);
  }

  /**
   * Nanoseconds to read a seeded input blob of {@code count} ciphertexts of set {@code p} and
   * regenerate their masks. Timed at the record's own size (cached per set and size): the cost is
   * not linear in it, G1 allocating lists of half a megabyte or more outside the young generation.
   */
  static double inputNanos(ParameterSet p, int count) {
    return INPUT_NANOS.computeIfAbsent(p.id() + "/" + count, id -> measureInputs(p, count));
  }

  /**
   * Nanoseconds to switch {@code count} output ciphertexts of set {@code p} to 2^{@code modulusLog}
   * and write their blob (cached per set, size and modulus).
   */
  static double outputNanos(ParameterSet p, int count, CiphertextModulusLog modulusLog) {
    return OUTPUT_NANOS.computeIfAbsent(
        p.id() + "/" + count + "/" + modulusLog.value(),
        id -> measureOutputs(p, count, modulusLog));
  }

  private static double measureInputs(ParameterSet p, int count) {
    warmUpOnce("inputs of " + p.id(), inputWork(p, 1));
    return median(inputWork(p, count));
  }

  private static double measureOutputs(ParameterSet p, int count, CiphertextModulusLog modulusLog) {
    warmUpOnce("outputs of " + p.id(), outputWork(p, 1, modulusLog));
    return median(outputWork(p, count, modulusLog));
  }

  /** What a server does with a record's inputs: read the blob, regenerate, split. */
  private static Supplier<Object> inputWork(ParameterSet p, int count) {
    byte[] blob =
        CiphertextFormats.toBytes(
            new SeededLweCiphertextList(
                Seeder.freshSeed(),
                new SplittableRandom(1).longs(count).toArray(),
                p.bigLweDimension()),
            p);
    return () -> {
      LweCiphertextList list =
          SeededCompression.decompressNew(
              CiphertextFormats.readSeededLweCiphertextList(blob, p, count));
      LweCiphertext[] inputs = new LweCiphertext[count];
      Arrays.setAll(inputs, list::get);
      return inputs;
    };
  }

  /** What a server does with a record's outputs: gather them, switch their modulus, write. */
  private static Supplier<Object> outputWork(
      ParameterSet p, int count, CiphertextModulusLog modulusLog) {
    int size = p.bigLweDimension().toLweSize();
    SplittableRandom random = new SplittableRandom(1);
    LweCiphertext[] outputs = new LweCiphertext[count];
    Arrays.setAll(
        outputs, i -> new LweCiphertext(random.longs(size).toArray(), p.bigLweDimension()));
    return () -> {
      long[] data = new long[count * size];
      for (int i = 0; i < count; i++) {
        System.arraycopy(outputs[i].data(), 0, data, i * size, size);
      }
      LweCiphertextList list =
          new LweCiphertextList(data, p.bigLweDimension(), new CiphertextCount(count));
      return CiphertextFormats.toBytes(ModulusSwitchCompression.compressNew(list, modulusLog), p);
    };
  }

  /**
   * Runs {@code work} on a small record until the JIT has compiled its path, once per JVM and
   * {@code what}: at least {@link #WARM_UP_RUNS} runs and 300 ms, at most 3 s (the AES keystream is
   * tens of times slower before C2 compiles it).
   */
  private static void warmUpOnce(String what, Supplier<Object> work) {
    if (!WARMED_UP.add(what)) {
      return;
    }
    long start = System.nanoTime();
    for (int runs = 0; ; runs++) {
      long elapsed = System.nanoTime() - start;
      if ((runs >= WARM_UP_RUNS && elapsed >= 300_000_000L) || elapsed >= 3_000_000_000L) {
        return;
      }
      Objects.requireNonNull(work.get());
    }
  }

  /** Median nanoseconds of {@code work} over five runs, already warmed up. */
  private static double median(Supplier<Object> work) {
    double[] samples = new double[5];
    for (int s = 0; s < samples.length; s++) {
      long start = System.nanoTime();
      Objects.requireNonNull(work.get());
      samples[s] = System.nanoTime() - start;
    }
    Arrays.sort(samples);
    return samples[2];
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
    Arrays.sort(samples);
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
