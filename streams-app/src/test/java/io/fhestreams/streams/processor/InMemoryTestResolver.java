package io.fhestreams.streams.processor;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST DOUBLE for {@link ModelResolver}: models and keys held in maps, a cache that reports a miss
 * on the first resolution of a (model, key) pair and hits afterwards, and a switch that makes the
 * "registry" unavailable (for a number of calls, or until switched back). Unknown models and keys
 * are "not found yet" (as the registry's 404); refused keys are held but do not load. Thread-safe.
 * No cryptography.
 */
public final class InMemoryTestResolver implements ModelResolver<TestModel> {

  /** Bytes per input ciphertext of every test model. */
  public static final int CIPHERTEXT_SIZE = 16;

  private final Map<String, ParameterSetId> models = new ConcurrentHashMap<>();
  private final Map<String, ParameterSetId> keys = new ConcurrentHashMap<>();
  private final Set<String> refusedKeys = ConcurrentHashMap.newKeySet();
  private final Map<String, String> stageVersions = new ConcurrentHashMap<>();
  private final Set<ModelCoordinates> cached = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger failNextCalls = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  /** Adds a model version under a parameter set. */
  public InMemoryTestResolver withModel(String name, String version, String parameterSet) {
    models.put(name + "@" + version, new ParameterSetId(parameterSet));
    return this;
  }

  /**
   * Makes {@code version} the one answering requests addressed to {@code stage} of model {@code
   * name} (the test double does not compare client artifacts: the stage's version always answers).
   */
  public InMemoryTestResolver withStage(String name, String stage, String version) {
    stageVersions.put(name + "@" + stage, version);
    return this;
  }

  /** Adds an evaluation key under a parameter set. */
  public InMemoryTestResolver withKey(String keyId, String parameterSet) {
    keys.put(keyId, new ParameterSetId(parameterSet));
    return this;
  }

  /** Adds a key the registry holds but whose blob does not load (refused, never "not yet"). */
  public InMemoryTestResolver withRefusedKey(String keyId) {
    refusedKeys.add(keyId);
    return this;
  }

  /** Makes the registry unavailable (true) or available again (false). */
  public void setDown(boolean isDown) {
    down.set(isDown);
  }

  /** Makes the next {@code n} calls fail as unavailable. */
  public void failNextCalls(int n) {
    failNextCalls.set(n);
  }

  /** Calls so far. */
  public int calls() {
    return calls.get();
  }

  @Override
  public ResolvedModel<TestModel> resolve(ModelCoordinates c) throws InferenceException {
    calls.incrementAndGet();
    if (down.get() || failNextCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new InferenceException(FailureReason.REGISTRY_UNAVAILABLE, "test registry is down");
    }
    String version =
        c.modelStage() == null
            ? c.modelVersion()
            : stageVersions.getOrDefault(c.modelName() + "@" + c.modelStage(), c.modelVersion());
    ParameterSetId model = models.get(c.modelName() + "@" + version);
    if (model == null) {
      throw InferenceException.notFoundYet(
          FailureReason.UNKNOWN_MODEL,
          "no model " + c.modelName() + " version " + c.modelVersion() + " in the registry");
    }
    if (refusedKeys.contains(c.keyId())) {
      throw new InferenceException(
          FailureReason.UNKNOWN_KEY, "evaluation keys " + c.keyId() + ": the blob does not load");
    }
    ParameterSetId key = keys.get(c.keyId());
    if (key == null) {
      throw InferenceException.notFoundYet(
          FailureReason.UNKNOWN_KEY, "no evaluation key " + c.keyId() + " in the registry");
    }
    if (!model.equals(key)) {
      throw new InferenceException(
          FailureReason.PARAMETER_SET_MISMATCH,
          "model uses " + model + " but key " + c.keyId() + " uses " + key);
    }
    CacheLookup lookup = cached.add(c) ? CacheLookup.MISS : CacheLookup.HIT;
    return new ResolvedModel<>(new TestModel(c, model, CIPHERTEXT_SIZE), model, lookup, version);
  }
}
