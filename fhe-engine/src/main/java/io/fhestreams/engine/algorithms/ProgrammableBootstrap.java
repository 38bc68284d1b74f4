package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;
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
 * and blind-rotates several inputs together to read the bootstrap key once per batch; it returns
 * exactly what the sequential form returns (the algorithm is deterministic). {@link #bootstrapNew}
 * and {@link #parBootstrapNew} take their scratch from a pool of idle workspaces ({@link
 * WorkspacePool}) and give it back when done, so that a call does not allocate and zero it.
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
  private record BatchShape(SingleShape single, int capacity) {}

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
   * inputs together ({@code maxBatch} 1: one at a time). Result i equals {@link #bootstrapNew} of
   * input i bit for bit, whatever the batch it ran in.
   */
  public static LweCiphertext[] parBootstrapNew(
      FourierLweBootstrapKey bsk,
      LweKeyswitchKey ksk,
      ModulusSwitchKind modulusSwitch,
      LweCiphertext[] inputs,
      LookupTable[] luts,
      TaskRunner runner,
      int maxBatch) {
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
    Runnable worker =
        () -> {
          int capacity = batchSize(total, 0, used, maxBatch);
          BatchShape shape = new BatchShape(SingleShape.of(bsk), capacity);
          BootstrapBatchWorkspace ws =
              BATCH_WORKSPACES.take(shape, () -> new BootstrapBatchWorkspace(bsk, capacity));
          for (int from = claimBatch(next, total, used, maxBatch);
              from < total;
              from = claimBatch(next, total, used, maxBatch)) {
            bootstrapBatch(
                bsk,
                ksk,
                modulusSwitch,
                inputs,
                luts,
                from,
                batchSize(total, from, used, maxBatch),
                out,
                ws);
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
   * The size of the batch starting at {@code from}. First as many full batches of {@code maxBatch}
   * as give every worker the same number of them: a batch reads the whole bootstrap key once,
   * however many inputs it holds, so a layer of 16 on two workers with batches of 8 runs as 8, 8
   * instead of 8, 4, 2, 1, 1 (three more reads of the key). The rest by guided self-scheduling
   * (Polychronopoulos, Kuck, IEEE Trans. Computers 1987): each batch takes a {@code workers}-th of
   * what is left, at most {@code maxBatch}, so the last batches shrink until the workers finish
   * together. A function of {@code from} alone, so a claim is one counter update; the first batch
   * is the largest.
   */
  static int batchSize(int total, int from, int workers, int maxBatch) {
    int full = total / maxBatch / workers * workers * maxBatch;
    if (from < full) {
      return maxBatch;
    }
    int left = total - from;
    return Math.max(1, Math.min(maxBatch, (left + workers - 1) / workers));
  }

  /**
   * Takes the next batch from {@code next}: its first index, or {@code total} when none is left.
   */
  private static int claimBatch(AtomicInteger next, int total, int workers, int maxBatch) {
    while (true) {
      int from = next.get();
      if (from >= total) {
        return total;
      }
      if (next.compareAndSet(from, from + batchSize(total, from, workers, maxBatch))) {
        return from;
      }
    }
  }

  /**
   * KS-PBS of {@code inputs[from, from + count)} together into the matching, zeroed {@code
   * outputs}.
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
      BootstrapBatchWorkspace ws) {
    LweKeyswitch.keyswitchBatch(ksk, inputs, from, count, ws.switched);
    for (int b = 0; b < count; b++) {
      switchModulus(bsk, modulusSwitch, ws.switched[b]);
      ws.tables[b] = luts[luts.length == 1 ? 0 : from + b];
    }
    BlindRotation.blindRotateBatch(bsk, ws.switched, ws.tables, count, ws.accumulators, ws);
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
