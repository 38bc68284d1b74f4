package io.fhestreams.engine.keys;

import io.fhestreams.engine.params.ParameterSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared test fixture: one client key and its evaluation keys per parameter set, generated once per
 * JVM.
 */
public final class TestKeys {
  private static final Map<String, ClientKey> CLIENT = new ConcurrentHashMap<>();
  private static final Map<String, EvaluationKeys> EVALUATION = new ConcurrentHashMap<>();

  private TestKeys() {}

  public static ClientKey client(ParameterSet params) {
    return CLIENT.computeIfAbsent(params.id(), id -> ClientKey.generate(params));
  }

  public static synchronized EvaluationKeys evaluation(ParameterSet params) {
    return EVALUATION.computeIfAbsent(
        params.id(),
        id -> {
          long t0 = System.nanoTime();
          EvaluationKeys keys = client(params).generateEvaluationKeys();
          System.out.printf("keygen %s: %.1f s%n", id, (System.nanoTime() - t0) / 1e9);
          return keys;
        });
  }
}
