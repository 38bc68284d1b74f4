package io.fhestreams.engine.keys;

import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LwePackingKeyswitchKey;
import io.fhestreams.engine.params.ParameterSet;
import java.util.Objects;
import java.util.Optional;

/**
 * What a server gets: the Fourier bootstrap key and the key-switching key (big → small) of a
 * parameter set. Public material; immutable and shared read-only by bootstrapping threads. A
 * leveled set has no bootstrap: its evaluation keys hold no key material.
 */
public final class EvaluationKeys {
  private final ParameterSet parameters;
  private final FourierLweBootstrapKey bootstrapKey;
  private final LweKeyswitchKey keyswitchKey;
  private final LwePackingKeyswitchKey packingKeyswitchKey;

  /** Keys of a PBS set without a packing key; their shapes must match {@code parameters}. */
  public EvaluationKeys(
      ParameterSet parameters, FourierLweBootstrapKey bootstrapKey, LweKeyswitchKey keyswitchKey) {
    this(parameters, bootstrapKey, keyswitchKey, null);
  }

  /**
   * Keys of a PBS set with the packing key-switching key that packs outputs ({@code null}: none);
   * their shapes must match {@code parameters} and its {@link PackingKeyswitchParameters}.
   */
  public EvaluationKeys(
      ParameterSet parameters,
      FourierLweBootstrapKey bootstrapKey,
      LweKeyswitchKey keyswitchKey,
      LwePackingKeyswitchKey packingKeyswitchKey) {
    this.packingKeyswitchKey = packingKeyswitchKey;
    if (packingKeyswitchKey != null) {
      PackingKeyswitchParameters shape = PackingKeyswitchParameters.of(parameters);
      requireMatch(
          "packing key input dimension",
          shape.inputDimension(),
          packingKeyswitchKey.inputDimension());
      requireMatch(
          "packing key GLWE dimension", shape.glweDimension(), packingKeyswitchKey.glweDimension());
      requireMatch(
          "packing key polynomial size",
          shape.polynomialSize(),
          packingKeyswitchKey.polynomialSize());
      requireMatch("packing key base log", shape.baseLog(), packingKeyswitchKey.baseLog());
      requireMatch("packing key levels", shape.levelCount(), packingKeyswitchKey.levelCount());
    }
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.bootstrapKey = Objects.requireNonNull(bootstrapKey, "bootstrapKey");
    this.keyswitchKey = Objects.requireNonNull(keyswitchKey, "keyswitchKey");
    requireMatch(
        "bootstrap key input dimension",
        parameters.lweDimension(),
        bootstrapKey.inputLweDimension());
    requireMatch(
        "bootstrap key GLWE dimension", parameters.glweDimension(), bootstrapKey.glweDimension());
    requireMatch(
        "bootstrap key polynomial size",
        parameters.polynomialSize(),
        bootstrapKey.polynomialSize());
    requireMatch("bootstrap key base log", parameters.pbsBaseLog(), bootstrapKey.baseLog());
    requireMatch("bootstrap key levels", parameters.pbsLevel(), bootstrapKey.levelCount());
    requireMatch(
        "key-switching key input dimension",
        parameters.bigLweDimension(),
        keyswitchKey.inputDimension());
    requireMatch(
        "key-switching key output dimension",
        parameters.lweDimension(),
        keyswitchKey.outputDimension());
    requireMatch("key-switching key base log", parameters.ksBaseLog(), keyswitchKey.baseLog());
    requireMatch("key-switching key levels", parameters.ksLevel(), keyswitchKey.levelCount());
  }

  private EvaluationKeys(ParameterSet leveled) {
    this.parameters = leveled;
    this.bootstrapKey = null;
    this.keyswitchKey = null;
    this.packingKeyswitchKey = null;
  }

  /** The (empty) evaluation keys of a leveled set. */
  public static EvaluationKeys leveled(ParameterSet parameters) {
    if (parameters.supportsBootstrap()) {
      throw new IllegalArgumentException(
          "parameter set " + parameters.id() + " bootstraps: it needs keys");
    }
    return new EvaluationKeys(parameters);
  }

  public ParameterSet parameters() {
    return parameters;
  }

  /** True for a PBS set (keys present). */
  public boolean hasBootstrapKeys() {
    return bootstrapKey != null;
  }

  /** The Fourier bootstrap key; fails for a leveled set. */
  public FourierLweBootstrapKey bootstrapKey() {
    requireKeys();
    return bootstrapKey;
  }

  /** The key-switching key (big → small); fails for a leveled set. */
  public LweKeyswitchKey keyswitchKey() {
    requireKeys();
    return keyswitchKey;
  }

  /** The key that packs outputs into GLWE ciphertexts, if the client sent one. */
  public Optional<LwePackingKeyswitchKey> packingKeyswitchKey() {
    return Optional.ofNullable(packingKeyswitchKey);
  }

  private void requireKeys() {
    if (bootstrapKey == null) {
      throw new IllegalStateException(
          "parameter set " + parameters.id() + " is leveled: it has no bootstrap keys");
    }
  }

  private static void requireMatch(String what, Object expected, Object found) {
    if (!expected.equals(found)) {
      throw new IllegalArgumentException(
          "Mismatched " + what + ". parameter set: " + expected + ", key: " + found);
    }
  }

  @Override
  public String toString() {
    return "EvaluationKeys{"
        + parameters.id()
        + (bootstrapKey == null ? ", leveled" : ", " + bootstrapKey + ", " + keyswitchKey)
        + (packingKeyswitchKey == null ? "" : ", " + packingKeyswitchKey)
        + "}";
  }
}
