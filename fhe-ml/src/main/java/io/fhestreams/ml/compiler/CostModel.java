package io.fhestreams.ml.compiler;

import io.fhestreams.engine.algorithms.GlweMatrixVectorProduct;
import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.GlwePackingCompression;
import io.fhestreams.engine.compression.ModulusSwitchCompression;
import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededGlweCiphertext;
import io.fhestreams.engine.compression.SeededLweCiphertextList;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.params.CiphertextCount;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.random.Seeder;
import io.fhestreams.engine.serialization.CiphertextFormats;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Objects;
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
  private static final ConcurrentMap<String, double[]> COEFFICIENT_NANOS =
      new ConcurrentHashMap<>();
  private static final int WARM_UP_RUNS = 20_000;
  private static final long JIT_IDLE_NANOS = 300_000_000L;

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
   * regenerate their masks, each straight into its own ciphertext as {@code FheServer.run} does.
   * Timed at the record's own size (cached per set and size): the cost is not linear in it, G1
   * allocating lists of half a megabyte or more outside the young generation.
   */
  static double inputNanos(ParameterSet p, int count) {
    return INPUT_NANOS.computeIfAbsent(p.id() + "/" + count, id -> measureInputs(p, count));
  }

  /**
   * Nanoseconds to switch {@code count} output ciphertexts of set {@code p} to 2^{@code modulusLog}
   * and write their blob (cached per set, size and modulus).
   */
  static double outputNanos(
      ParameterSet p, int count, CiphertextModulusLog modulusLog, boolean packed) {
    return OUTPUT_NANOS.computeIfAbsent(
        p.id() + "/" + count + "/" + modulusLog.value() + "/" + packed,
        id -> measureOutputs(p, count, modulusLog, packed));
  }

  /**
   * Nanoseconds of one record of a coefficient-encoded model as the server runs it ({@link
   * CoefficientProduct#answer}): read the seeded GLWE blob, regenerate its mask, multiply, switch
   * and write the mask and the m slots. Timed per shape (cached) with every weight zero and with
   * every weight nonzero; a model's {@code nonzeroWeights} interpolate between the two, as the
   * product skips zero weights.
   */
  static double coefficientRecordNanos(
      ParameterSet p,
      CoefficientEncoding encoding,
      CoefficientEncoding.Linear linear,
      CiphertextModulusLog outputModulusLog) {
    int outputs = linear.outputs();
    int inputs = linear.inputs();
    double[] zeroAndDense =
        COEFFICIENT_NANOS.computeIfAbsent(
            p.id() + "/" + encoding + "/" + outputs + "x" + inputs + "/" + outputModulusLog.value(),
            id ->
                new double[] {
                  measureCoefficientRecord(p, encoding, outputs, inputs, 0, outputModulusLog),
                  measureCoefficientRecord(p, encoding, outputs, inputs, 1, outputModulusLog)
                });
    long nonzeroWeights = Arrays.stream(linear.product().matrix()).filter(w -> w != 0).count();
    double perWeight = Math.max(0, zeroAndDense[1] - zeroAndDense[0]) / ((double) outputs * inputs);
    return zeroAndDense[0] + nonzeroWeights * perWeight;
  }

  /**
   * One record of an {@code outputs} × {@code inputs} matrix whose weights are all {@code weight}.
   */
  private static double measureCoefficientRecord(
      ParameterSet p,
      CoefficientEncoding encoding,
      int outputs,
      int inputs,
      long weight,
      CiphertextModulusLog modulusLog) {
    int n = encoding.polynomialSize().value();
    long[] matrix = new long[outputs * inputs];
    Arrays.fill(matrix, weight);
    CoefficientProduct product =
        new CoefficientProduct(
            encoding,
            GlweMatrixVectorProduct.matrixPolynomialNew(
                matrix, outputs, inputs, encoding.polynomialSize()),
            new long[outputs]);
    CiphertextModulusLog bodyLog = CoefficientEncoding.inputBodyModulusLog(p);
    long keptBits = -1L << (64 - bodyLog.value());
    byte[] blob =
        CiphertextFormats.toBytes(
            new SeededGlweCiphertext(
                Seeder.freshSeed(),
                new SplittableRandom(1).longs(n).map(c -> c & keptBits).toArray(),
                encoding.glweDimension(),
                encoding.polynomialSize(),
                bodyLog),
            p);
    Supplier<Object> work =
        () ->
            product.answer(
                CiphertextFormats.readSeededGlweCiphertext(
                    blob, p, encoding.glweDimension(), encoding.polynomialSize(), bodyLog),
                p,
                modulusLog);
    // C2 reaches this path late: at a load of 8 on two cores it was still running C1's profiled
    // code after 3 s, and the estimate came out 5 times the server's
    runUntilCompiled(work, WARM_UP_RUNS, 10_000_000_000L, JIT_IDLE_NANOS);
    return lowerQuartile(work);
  }

  private static double measureInputs(ParameterSet p, int count) {
    // warmed up at the record's own size: on one ciphertext, the mask loops were compiled for a
    // trip count of one
    Supplier<Object> work = inputWork(p, count);
    return warmedUpTime(work, work);
  }

  private static double measureOutputs(
      ParameterSet p, int count, CiphertextModulusLog modulusLog, boolean packed) {
    // one key for both: the 6-bit sets' packing key is 302 MB
    LwePackingKeyswitchKey packingKey = packed ? randomPackingKey(p) : null;
    return warmedUpTime(
        outputWork(p, 1, modulusLog, packingKey), outputWork(p, count, modulusLog, packingKey));
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
    // into arrays allocated once, as FheServer.run reuses each thread's input ciphertexts
    LweCiphertext[] inputs = new LweCiphertext[count];
    Arrays.setAll(inputs, i -> LweCiphertext.zeros(p.bigLweDimension()));
    return () -> {
      SeededCompression.decompressInto(
          CiphertextFormats.readSeededLweCiphertextList(blob, p, count), inputs);
      return inputs;
    };
  }

  /**
   * What a server does with a record's outputs: gather them, pack them with {@code packingKey}
   * unless it is null, switch their modulus, write. The packing key has random elements of the
   * set's packing shape: the key switch's cost does not depend on them.
   */
  private static Supplier<Object> outputWork(
      ParameterSet p,
      int count,
      CiphertextModulusLog modulusLog,
      LwePackingKeyswitchKey packingKey) {
    boolean packed = packingKey != null;
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
      return packed
          ? CiphertextFormats.toBytes(
              GlwePackingCompression.packAndCompressNew(packingKey, list, modulusLog), p)
          : CiphertextFormats.toBytes(ModulusSwitchCompression.compressNew(list, modulusLog), p);
    };
  }

  private static LwePackingKeyswitchKey randomPackingKey(ParameterSet p) {
    PackingKeyswitchParameters shape = PackingKeyswitchParameters.of(p);
    SplittableRandom random = new SplittableRandom(2);
    long[][] rows =
        new long[shape.inputDimension().value() * shape.levelCount().value()]
            [shape.glweDimension().toGlweSize() * shape.polynomialSize().value()];
    for (long[] row : rows) {
      Arrays.setAll(row, i -> random.nextLong());
    }
    return new LwePackingKeyswitchKey(
        rows,
        shape.inputDimension(),
        shape.glweDimension(),
        shape.polynomialSize(),
        shape.baseLog(),
        shape.levelCount());
  }

  /**
   * The time of {@code work} once the JIT has compiled its path: {@code small} (the same work on a
   * smaller record, where it is expensive) is run first, at least {@link #WARM_UP_RUNS} times and
   * 300 ms, at most 3 s (the AES keystream and the packing key switch are tens of times slower
   * before C2 compiles them, and a large record runs too few times in 3 s to get there).
   */
  private static double warmedUpTime(Supplier<Object> small, Supplier<Object> work) {
    runUntilCompiled(small, WARM_UP_RUNS, 3_000_000_000L, 0);
    return lowerQuartile(work);
  }

  /**
   * Runs {@code work} at least {@code minRuns} times and 300 ms and until the JIT has compiled
   * nothing for {@code jitIdleNanos} (0: do not wait for it), at most {@code maxNanos}.
   */
  private static void runUntilCompiled(
      Supplier<Object> work, int minRuns, long maxNanos, long jitIdleNanos) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean watchJit =
        jitIdleNanos > 0 && jit != null && jit.isCompilationTimeMonitoringSupported();
    long start = System.nanoTime();
    long jitTime = watchJit ? jit.getTotalCompilationTime() : 0;
    long jitIdleSince = start;
    for (int runs = 0; ; runs++) {
      long now = System.nanoTime();
      if (watchJit && jit.getTotalCompilationTime() != jitTime) {
        jitTime = jit.getTotalCompilationTime();
        jitIdleSince = now;
      }
      long elapsed = now - start;
      boolean done =
          runs >= minRuns && elapsed >= 300_000_000L && now - jitIdleSince >= jitIdleNanos;
      if (done || elapsed >= maxNanos) {
        return;
      }
      Objects.requireNonNull(work.get());
    }
  }

  /**
   * The lower quartile of the CPU nanoseconds of {@code work} on this thread: at least five runs,
   * more while they take under 50 ms together (at most 101). CPU time, because the JIT's threads,
   * still busy after start-up, preempt this one; the lower quartile, because a run that allocates
   * into heap the young JVM has not touched yet pays page faults a long-running server has paid
   * once (medians of a linear record came out up to 2.5 times the warm server's 0.11 ms).
   */
  private static double lowerQuartile(Supplier<Object> work) {
    double[] samples = new double[101];
    int runs = 0;
    long total = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    while (runs < samples.length && (runs < 5 || total < 50_000_000L)) {
      long start = threads.getCurrentThreadCpuTime();
      Objects.requireNonNull(work.get());
      long took = threads.getCurrentThreadCpuTime() - start;
      samples[runs++] = took;
      total += took;
    }
    Arrays.sort(samples, 0, runs);
    return samples[runs / 4];
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
