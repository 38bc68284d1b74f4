package io.fhestreams.benchmarks.engine;

import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.ProgrammableBootstrap;
import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.SplittableRandom;

/**
 * The workloads {@link AbJarProbe} times from two builds of the engine, through public API only (so
 * that one source serves both jars): a batch of 8 key-switch + bootstraps per thread, and one key
 * switch + bootstrap.
 */
public final class EngineWorkloads {
  private EngineWorkloads() {}

  /**
   * One call of {@code pbs <set id> [threads]} (8 ciphertexts per thread, batches of 8, on {@code
   * threads} threads, default 1; the first call's results are checked against the table) or {@code
   * kspbs <set id>} (one key switch + bootstrap of {@link PbsSubject}, as {@link PbsBenchmark}
   * times it).
   */
  public static Runnable of(String[] args) {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "a workload needs a kind and a parameter set id, found " + String.join(" ", args));
    }
    return switch (args[0]) {
      case "pbs" ->
          pbs(ParameterSets.byId(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1);
      case "kspbs" -> new PbsSubject(args[1])::run;
      default -> throw new IllegalArgumentException("unknown workload " + args[0]);
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
