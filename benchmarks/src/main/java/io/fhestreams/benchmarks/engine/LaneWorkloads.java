package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.ProgrammableBootstrap;
import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.math.LaneBatchFft;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.params.PolynomialSize;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * The workloads {@link AbJarProbe} times from two builds of the engine, through public API only (so
 * that one source serves both jars): the lane-batched kernels at N = 2048 on a lane set of random
 * values, a batch of 8 key-switch + bootstraps on one thread, and one key switch + bootstrap.
 */
public final class LaneWorkloads {
  private LaneWorkloads() {}

  /**
   * One call of: {@code decompose} (X^a_l·ACC_l - ACC_l, baseLog 23, one level, new random powers
   * per call), {@code forward} (copy + forward), {@code backward} (copy + inverse with rounding),
   * {@code multiplySum} (two terms, the key read from a 64 MB array at a new place per call, as the
   * blind rotation streams its key), {@code pbs <set id> [threads]} (8 ciphertexts per thread,
   * batches of 8, on {@code threads} threads, default 1; the first call's results are checked
   * against the table), or {@code kspbs <set id>} (one key switch + bootstrap of {@link
   * PbsSubject}, as {@link PbsBenchmark} times it). The kernels' lane sets start at element {@code
   * args[1]} (0–7) of their arrays, or, without it, at 0, 1, …, 7 in turn, call after call: a
   * vector load that is not 64-byte aligned spans two cache lines, and the JVM places arrays at
   * 8-byte alignment, so a fixed offset times one alignment, by chance.
   */
  public static Runnable of(String[] args) {
    return switch (args[0]) {
      case "pbs" ->
          pbs(ParameterSets.byId(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1);
      case "kspbs" -> new PbsSubject(args[1])::run;
      default -> kernel(args[0], args.length > 1 ? Integer.parseInt(args[1]) : -1);
    };
  }

  private static Runnable kernel(String kind, int fixedOffset) {
    LaneBatchFft lanes = LaneBatchFft.of(new PolynomialSize(2048));
    if (lanes == null) {
      throw new IllegalStateException("no lane-batched transform (jdk.incubator.vector missing?)");
    }
    int n = lanes.polynomialSize();
    int set = n * lanes.lanes();
    SplittableRandom rnd = new SplittableRandom(7);
    int pad = 8;
    double[] digits = rnd.ints(2 * set + pad, -(1 << 22), 1 << 22).asDoubleStream().toArray();
    long[] acc = rnd.longs(set + pad).toArray();
    double[] work = new double[2 * set + pad];
    int[] powers = new int[lanes.lanes()];
    long[] scratch = new long[lanes.decompositionScratchLength()];
    double[] key = rnd.doubles(1 << 23, -1, 1).toArray();
    int[] keyAt = {0};
    int[] calls = {0};
    IntSupplier offset = () -> fixedOffset >= 0 ? fixedOffset : calls[0]++ % pad;
    return switch (kind) {
      case "decompose" ->
          () -> {
            for (int l = 0; l < powers.length; l++) {
              powers[l] = rnd.nextInt(2 * n);
            }
            int o = offset.getAsInt();
            lanes.decomposeRotated(acc, o, powers, 23, 1, work, o, set, scratch, 0);
          };
      case "forward" ->
          () -> {
            int o = offset.getAsInt();
            System.arraycopy(digits, 0, work, o, set);
            lanes.forwardInPlace(work, o);
          };
      case "backward" ->
          () -> {
            int o = offset.getAsInt();
            System.arraycopy(digits, 0, work, o, set);
            lanes.backwardAddInPlace(work, o, acc, o);
          };
      case "multiplySum" ->
          () -> {
            keyAt[0] = (keyAt[0] + 4 * n) % (key.length - 4 * n);
            int o = offset.getAsInt();
            lanes.multiplySum(digits, o, set, key, keyAt[0], 2 * n, 2, work, o);
          };
      default -> throw new IllegalArgumentException("unknown workload " + kind);
    };
  }

  private static Runnable pbs(ParameterSet p, int threads) {
    ClientKey client = ClientKey.generate(p);
    EvaluationKeys keys = client.generateEvaluationKeys();
    SplittableRandom rnd = new SplittableRandom(42);
    int batch = 8;
    int count = batch * threads;
    long[] messages = new long[count];
    LweCiphertext[] inputs = new LweCiphertext[count];
    for (int i = 0; i < count; i++) {
      messages[i] = rnd.nextLong(p.messageModulus());
      inputs[i] = client.encrypt(messages[i]);
    }
    long modulus = p.messageModulus();
    LookupTable[] table = {LookupTables.forFunction(p, x -> (x * x + 1) % modulus)};
    TaskRunner runner = TaskRunner.threads(threads);
    boolean[] checked = {false};
    return () -> {
      LweCiphertext[] out =
          ProgrammableBootstrap.parBootstrapNew(
              keys.bootstrapKey(),
              keys.keyswitchKey(),
              p.modulusSwitch(),
              inputs,
              table,
              runner,
              batch);
      if (!checked[0]) {
        for (int i = 0; i < count; i++) {
          long got = client.decrypt(out[i]);
          if (got != (messages[i] * messages[i] + 1) % modulus) {
            throw new IllegalStateException("slot " + i + " decrypts to " + got);
          }
        }
        checked[0] = true;
      }
    };
  }
}
