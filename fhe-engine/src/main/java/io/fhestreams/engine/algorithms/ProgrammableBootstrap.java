package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.math.LaneBatchFft;
import io.fhestreams.engine.params.ModulusSwitchKind;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Key switch + programmable bootstrap, the KS-PBS order of tfhe-rs classic (Chillotti, Ligier,
 * Orfila, Tap, "Programmable Bootstrapping Enables Efficient Homomorphic Inference of Deep Neural
 * Networks", 2021): the input (big key, dimension k·N) is key-switched to the small key, its
 * modulus switched to 2N, the lookup table blind-rotated by it, and coefficient 0 sample-extracted:
 * an encryption of f(m) under the big key with fresh, input-independent noise.
 *
 * <p>Preconditions: the key-switching key goes from k·N to n, the bootstrap key from n to (k, N);
 * the input has dimension k·N. The batch form {@link #parBootstrapNew} shares the keys read-only
 * and blind-rotates several inputs together to read the bootstrap key once per batch; batches of at
 * least {@link #DEFAULT_LANE_MIN_BATCH} run on the lane-batched transform, whose results equal the
 * sequential form's up to the FFT's rounding, smaller ones return exactly what the sequential form
 * returns (the algorithm is deterministic). {@link #bootstrapNew} and {@link #parBootstrapNew} take
 * their scratch from a pool of idle workspaces ({@link WorkspacePool}) and give it back when done,
 * so that a call does not allocate and zero it.
 */
public final class ProgrammableBootstrap {
  /**
   * Batch size of {@link #parBootstrapNew}. Bootstrapping b ciphertexts together reads the
   * bootstrap key once instead of b times (see {@link BlindRotation#blindRotateBatch}); the gain
   * flattens once the key's share of memory traffic is small, while a larger batch makes a worker's
   * working set (one (k+1)N accumulator, 20–32 KB, per slot) crowd the GGSW out of L2 and the last
   * batches of a layer harder to balance between threads. Measured ({@code PbsBatchCpuTimeProbe},
   * {@code PbsThroughputBenchmark}; benchmarks/RESULTS.md): 8 gets nearly all of the gain of 16
   * (2-bit set: 22.6 → 15.8 ms of CPU per bootstrap; 4-bit: 29.1 → 25.9).
   */
  public static final int DEFAULT_MAX_BATCH = 8;

  /**
   * Smallest batch that {@link #parBootstrapNew} blind-rotates on the lane-batched transform
   * ({@link BlindRotation#blindRotateLanes}, one ciphertext per vector lane, when the JVM has
   * jdk.incubator.vector); smaller batches go slot by slot through the single-polynomial transform
   * ({@link BlindRotation#blindRotateBatch}). A lane group costs the same however many of its lanes
   * are used, so the lane path only wins with full groups: measured on AVX-512 (8 lanes, {@code
   * PbsBatchCpuTimeProbe}, benchmarks/RESULTS.md "Lane-batched FFT"), batches of 8 take 8.7 instead
   * of 10.2 ms per bootstrap (2-bit set) and 12.5 instead of 13.4 (4-bit), a batch of 7 breaks even
   * and smaller ones lose.
   */
  public static final int DEFAULT_LANE_MIN_BATCH = 8;

  /**
   * System property overriding {@link #DEFAULT_LANE_MIN_BATCH}, read at each {@link
   * #parBootstrapNew} call, for benchmarks that compare both paths in one JVM (a value above the
   * batch size turns the lane-batched path off).
   */
  public static final String LANE_MIN_BATCH_PROPERTY = "io.fhestreams.engine.laneMinBatch";

  /**
   * Workspaces kept between calls: two per processor, enough for every worker of a call on all
   * cores, and for as many concurrent callers (e.g. Kafka Streams threads) as there are cores.
   */
  private static final int POOLED_WORKSPACES = 2 * Runtime.getRuntime().availableProcessors();

  private static final WorkspacePool<SingleShape, BootstrapWorkspace> SINGLE_WORKSPACES =
      new WorkspacePool<>(POOLED_WORKSPACES);

  private static final WorkspacePool<BatchShape, BootstrapBatchWorkspace> BATCH_WORKSPACES =
      new WorkspacePool<>(POOLED_WORKSPACES);

  /** What a {@link BootstrapWorkspace}'s sizes depend on. */
  private record SingleShape(int glweDimension, int polynomialSize, int smallDimension) {
    static SingleShape of(FourierLweBootstrapKey bsk) {
      return new SingleShape(
          bsk.glweDimension().value(),
          bsk.polynomialSize().value(),
          bsk.inputLweDimension().value());
    }
  }

  /** What a {@link BootstrapBatchWorkspace}'s sizes depend on. */
  private record BatchShape(SingleShape single, int levels, int capacity, boolean laneBatched) {}

  private ProgrammableBootstrap() {}

  /**
   * PBS of {@code input} through {@code lut} into {@code output} (dimension k·N), using {@code ws}.
   */
  public static void bootstrapInPlace(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext input,
      LookupTable lut,
      LweCiphertext output,
      BootstrapWorkspace ws) {
    requireShapes(bsk, ksk, input);
    Checks.requireEqual(
        "LweDimension",
        input.dimension(),
        "input LweCiphertext",
        output.dimension(),
        "output LweCiphertext");
    rotate(bsk, ksk, modulusSwitch, input, lut, ws);
    SampleExtraction.extractInto(ws.accumulator, ws.k, ws.n, 0, output.data());
  }

  /** PBS of {@code input} through {@code lut} as a new ciphertext. */
  public static LweCiphertext bootstrapNew(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext input,
      LookupTable lut) {
    LweCiphertext out = LweCiphertext.zeros(input.dimension());
    SingleShape shape = SingleShape.of(bsk);
    BootstrapWorkspace ws = SINGLE_WORKSPACES.take(shape, () -> BootstrapWorkspace.forKey(bsk));
    bootstrapInPlace(bsk, ksk, modulusSwitch, input, lut, out, ws);
    SINGLE_WORKSPACES.give(shape, ws);
    return out;
  }

  /**
   * Many-LUT PBS: one blind rotation of a table built by {@link LookupTables#forFunctions}, one
   * output per function (function j read at coefficient j·N/ν).
   */
  public static LweCiphertext[] bootstrapManyNew(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext input,
      LookupTable lut,
      BootstrapWorkspace ws) {
    requireShapes(bsk, ksk, input);
    rotate(bsk, ksk, modulusSwitch, input, lut, ws);
    int count = lut.functionCount();
    int chunk = ws.n / count;
    LweCiphertext[] out = new LweCiphertext[count];
    for (int j = 0; j < count; j++) {
      out[j] = LweCiphertext.zeros(input.dimension());
      SampleExtraction.extractInto(ws.accumulator, ws.k, ws.n, j * chunk, out[j].data());
    }
    return out;
  }

  /**
   * {@link #parBootstrapNew(FourierLweBootstrapKey, LweKeyswitchKey, ModulusSwitchKind,
   * LweCiphertext[], LookupTable[], int)} on all cores.
   */
  public static LweCiphertext[] parBootstrapNew(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext[] inputs,
      LookupTable[] luts) {
    return parBootstrapNew(
        bsk, ksk, modulusSwitch, inputs, luts, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Bootstraps every input through {@code luts[i]} ({@code luts} of length 1 applies one table to
   * all) on {@code threads} threads, each with its own workspace; result i equals {@link
   * #bootstrapNew} of input i bit for bit.
   */
  public static LweCiphertext[] parBootstrapNew(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext[] inputs,
      LookupTable[] luts,
      int threads) {
    return parBootstrapNew(bsk, ksk, modulusSwitch, inputs, luts, TaskRunner.threads(threads));
  }

  /**
   * As {@link #parBootstrapNew(FourierLweBootstrapKey, LweKeyswitchKey, ModulusSwitchKind,
   * LweCiphertext[], LookupTable[], int)}, with the work split into {@code runner.parallelism()}
   * tasks (each with its own workspace, taking batches of inputs from a shared counter) that {@code
   * runner} runs; batches of up to {@link #DEFAULT_MAX_BATCH}.
   */
  public static LweCiphertext[] parBootstrapNew(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext[] inputs,
      LookupTable[] luts,
      TaskRunner runner) {
    return parBootstrapNew(bsk, ksk, modulusSwitch, inputs, luts, runner, DEFAULT_MAX_BATCH);
  }

  /**
   * As {@link #parBootstrapNew(FourierLweBootstrapKey, LweKeyswitchKey, ModulusSwitchKind,
   * LweCiphertext[], LookupTable[], TaskRunner)}, each task bootstrapping up to {@code maxBatch}
   * inputs together ({@code maxBatch} 1: one at a time). Result i decrypts as {@link #bootstrapNew}
   * of input i does; it equals it bit for bit when its batch was smaller than {@link
   * #DEFAULT_LANE_MIN_BATCH} (or {@link #LANE_MIN_BATCH_PROPERTY}), and differs by the FFT's
   * rounding otherwise.
   */
  public static LweCiphertext[] parBootstrapNew(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext[] inputs,
      LookupTable[] luts,
      TaskRunner runner,
      int maxBatch) {
    return parBootstrapNew(
        bsk,
        ksk,
        modulusSwitch,
        inputs,
        luts,
        runner,
        maxBatch,
        Integer.getInteger(LANE_MIN_BATCH_PROPERTY, DEFAULT_LANE_MIN_BATCH));
  }

  /**
   * As {@link #parBootstrapNew(FourierLweBootstrapKey, LweKeyswitchKey, ModulusSwitchKind,
   * LweCiphertext[], LookupTable[], TaskRunner, int)}, batches of at least {@code laneMinBatch} on
   * the lane-batched transform.
   */
  static LweCiphertext[] parBootstrapNew(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext[] inputs,
      LookupTable[] luts,
      TaskRunner runner,
      int maxBatch,
      int laneMinBatch) {
    if (laneMinBatch < 1) {
      throw new IllegalArgumentException(
          "laneMinBatch (system property "
              + LANE_MIN_BATCH_PROPERTY
              + ") must be >= 1, found "
              + laneMinBatch);
    }
    if (luts.length != 1 && luts.length != inputs.length) {
      throw new IllegalArgumentException(
          "Mismatched lookup tables. expected 1 or "
              + inputs.length
              + " (one per input), found "
              + luts.length);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, found " + maxBatch);
    }
    for (LweCiphertext in : inputs) {
      requireShapes(bsk, ksk, in);
    }
    int total = inputs.length;
    LweCiphertext[] out = new LweCiphertext[total];
    for (int i = 0; i < total; i++) {
      out[i] = LweCiphertext.zeros(inputs[i].dimension());
    }
    int used = Math.min(runner.parallelism(), Math.max(1, total));
    AtomicInteger next = new AtomicInteger();
    LaneBatchFft laneFft = LaneBatchFft.of(bsk.polynomialSize());
    int group = Math.min(maxBatch, Math.max(laneMinBatch, laneFft == null ? 1 : laneFft.lanes()));
    Runnable worker =
        () -> {
          int capacity = batchSize(total, 0, used, maxBatch, group);
          boolean laneBatched = capacity >= laneMinBatch;
          BatchShape shape =
              new BatchShape(SingleShape.of(bsk), bsk.levelCount().value(), capacity, laneBatched);
          BootstrapBatchWorkspace ws =
              BATCH_WORKSPACES.take(
                  shape, () -> new BootstrapBatchWorkspace(bsk, capacity, laneBatched));
          for (int from = claimBatch(next, total, used, maxBatch, group);
              from < total;
              from = claimBatch(next, total, used, maxBatch, group)) {
            bootstrapBatch(
                bsk,
                ksk,
                modulusSwitch,
                inputs,
                luts,
                from,
                batchSize(total, from, used, maxBatch, group),
                out,
                ws,
                laneMinBatch);
          }
          BATCH_WORKSPACES.give(shape, ws);
        };
    if (used == 1) {
      worker.run();
    } else {
      runner.runAll(Collections.nCopies(used, worker));
    }
    return out;
  }

  /**
   * The size of the batch starting at {@code from}. First as many whole groups of {@code group}
   * inputs (the vector width or the lane path's smallest batch, whichever is larger, at most {@code
   * maxBatch}) as give every worker the same number of them: a lane group costs the same however
   * many of its lanes are used, so a layer of 16 on two workers runs as two full groups of 8
   * instead of 8, 4, 2, 1, 1. The rest by guided self-scheduling (Polychronopoulos, Kuck, IEEE
   * Trans. Computers 1987): each batch takes a {@code workers}-th of what is left, at most {@code
   * maxBatch}, so the last batches shrink until the workers finish together. A function of {@code
   * from} alone, so a claim is one counter update; the first batch is the largest.
   */
  static int batchSize(int total, int from, int workers, int maxBatch, int group) {
    int grouped = total / group / workers * workers * group;
    if (from < grouped) {
      return group;
    }
    int left = total - from;
    return Math.max(1, Math.min(maxBatch, (left + workers - 1) / workers));
  }

  /**
   * Takes the next batch from {@code next}: its first index, or {@code total} when none is left.
   */
  private static int claimBatch(
      AtomicInteger next, int total, int workers, int maxBatch, int group) {
    while (true) {
      int from = next.get();
      if (from >= total) {
        return total;
      }
      if (next.compareAndSet(from, from + batchSize(total, from, workers, maxBatch, group))) {
        return from;
      }
    }
  }

  /**
   * KS-PBS of {@code inputs[from, from + count)} together into the matching, zeroed {@code
   * outputs}, on the lane-batched transform when the batch has at least {@code laneMinBatch} inputs
   * and {@code ws} has it.
   */
  private static void bootstrapBatch(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext[] inputs,
      LookupTable[] luts,
      int from,
      int count,
      LweCiphertext[] outputs,
      BootstrapBatchWorkspace ws,
      int laneMinBatch) {
    LweKeyswitch.keyswitchBatch(ksk, inputs, from, count, ws.switched);
    for (int b = 0; b < count; b++) {
      switchModulus(bsk, modulusSwitch, ws.switched[b]);
      ws.tables[b] = luts[luts.length == 1 ? 0 : from + b];
    }
    if (ws.lanes != null && count >= laneMinBatch) {
      BlindRotation.blindRotateLanes(bsk, ws.switched, ws.tables, count, ws.accumulators, ws);
    } else {
      BlindRotation.blindRotateBatch(bsk, ws.switched, ws.tables, count, ws.accumulators, ws);
    }
    for (int b = 0; b < count; b++) {
      SampleExtraction.extractInto(
          ws.accumulators[b], ws.scratch.k, ws.scratch.n, 0, outputs[from + b].data());
    }
  }

  private static void rotate(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext input,
      LookupTable lut,
      BootstrapWorkspace ws) {
    switchInput(bsk, ksk, modulusSwitch, input, ws.switched);
    BlindRotation.blindRotate(bsk, ws.switched, lut, ws);
  }

  /**
   * Key switch to the small key, then modulus switch to 2N, into {@code switched} (n_small + 1).
   */
  private static void switchInput(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext input,
      int[] switched) {
    LweKeyswitch.keyswitch(ksk, input.data(), 0, switched);
    switchModulus(bsk, modulusSwitch, switched);
  }

  /** Modulus switch of a key-switched input to 2N, in place. */
  private static void switchModulus(
      FourierLweBootstrapKey bsk, ModulusSwitchKind modulusSwitch, int[] switched) {
    ModulusSwitch.switchKeyTorusInPlace(
        switched, switched.length, bsk.polynomialSize().log2() + 1, modulusSwitch);
  }

  private static void requireShapes(
      FourierLweBootstrapKey bsk, LweKeyswitchKey ksk, LweCiphertext input) {
    Checks.requireEqual(
        "LweDimension",
        ksk.inputDimension(),
        "LweKeyswitchKey input",
        input.dimension(),
        "input LweCiphertext");
    Checks.requireEqual(
        "LweDimension",
        bsk.inputLweDimension(),
        "FourierLweBootstrapKey input",
        ksk.outputDimension(),
        "LweKeyswitchKey output");
    Checks.requireEqual(
        "LweDimension",
        bsk.polynomialSize().toLweDimension(bsk.glweDimension()),
        "FourierLweBootstrapKey output (k*N)",
        input.dimension(),
        "input LweCiphertext");
  }
}
