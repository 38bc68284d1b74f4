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

/**
 * The workloads {@link AbJarProbe} times from two builds of the engine, through public API only (so
 * that one source serves both jars): the lane-batched kernels at N = 2048 on a lane set of random
 * values, and a batch of 8 key-switch + bootstraps on one thread.
 */
public final class LaneWorkloads {
  private LaneWorkloads() {}

  /**
   * One call of: {@code decompose} (X^a_l·ACC_l - ACC_l, baseLog 23, one level, new random powers
   * per call), {@code forward} (copy + forward), {@code backward} (copy + inverse with rounding),
   * {@code multiplySum} (two terms, the key read from a 64 MB array at a new place per call, as the
   * blind rotation streams its key), or {@code pbs <set id>} (8 ciphertexts, batch 8, one thread;
   * the first call's results are checked against the table).
   */
  public static Runnable of(String[] args) {
    return switch (args[0]) {
      case "pbs" -> pbs(ParameterSets.byId(args[1]));
      default -> kernel(args[0]);
    };
  }

  private static Runnable kernel(String kind) {
    LaneBatchFft lanes = LaneBatchFft.of(new PolynomialSize(2048));
    if (lanes == null) {
      throw new IllegalStateException("no lane-batched transform (jdk.incubator.vector missing?)");
    }
    int n = lanes.polynomialSize();
    int set = n * lanes.lanes();
    SplittableRandom rnd = new SplittableRandom(7);
    double[] digits = rnd.ints(2 * set, -(1 << 22), 1 << 22).asDoubleStream().toArray();
    long[] acc = rnd.longs(set).toArray();
    double[] work = new double[2 * set];
    int[] powers = new int[lanes.lanes()];
    long[] scratch = new long[lanes.decompositionScratchLength()];
    double[] key = rnd.doubles(1 << 23, -1, 1).toArray();
    int[] keyAt = {0};
    return switch (kind) {
      case "decompose" ->
          () -> {
            for (int l = 0; l < powers.length; l++) {
              powers[l] = rnd.nextInt(2 * n);
            }
            lanes.decomposeRotated(acc, 0, powers, 23, 1, work, 0, set, scratch);
          };
      case "forward" ->
          () -> {
            System.arraycopy(digits, 0, work, 0, set);
            lanes.forwardInPlace(work, 0);
          };
      case "backward" ->
          () -> {
            System.arraycopy(digits, 0, work, 0, set);
            lanes.backwardAddInPlace(work, 0, acc, 0);
          };
      case "multiplySum" ->
          () -> {
            keyAt[0] = (keyAt[0] + 4 * n) % (key.length - 4 * n);
            lanes.multiplySum(digits, 0, set, key, keyAt[0], 2 * n, 2, work, 0);
          };
      default -> throw new IllegalArgumentException("unknown workload " + kind);
    };
  }

  private static Runnable pbs(ParameterSet p) {
    ClientKey client = ClientKey.generate(p);
    EvaluationKeys keys = client.generateEvaluationKeys();
    SplittableRandom rnd = new SplittableRandom(42);
    int count = 8;
    long[] messages = new long[count];
    LweCiphertext[] inputs = new LweCiphertext[count];
    for (int i = 0; i < count; i++) {
      messages[i] = rnd.nextLong(p.messageModulus());
      inputs[i] = client.encrypt(messages[i]);
    }
    long modulus = p.messageModulus();
    LookupTable[] table = {LookupTables.forFunction(p, x -> (x * x + 1) % modulus)};
    TaskRunner runner = TaskRunner.threads(1);
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
              count);
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
