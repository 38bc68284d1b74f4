package io.fhestreams.engine.keys;

import io.fhestreams.engine.entities.FourierMultiBitBootstrapKey;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.params.MultiBitParameterSet;
import io.fhestreams.engine.params.ParameterSet;
import java.util.Objects;

/**
 * What a server gets for a multi-bit set: the Fourier multi-bit bootstrap key and the key-switching
 * key (big → small). Public material; immutable and shared read-only by bootstrapping threads.
 *
 * @param parameters the multi-bit set the keys belong to
 * @param bootstrapKey n/g·2^g Fourier GGSW ciphertexts of the set's shape
 * @param keyswitchKey big key (k·N) → small key (n), the set's KS decomposition
 */
public record MultiBitEvaluationKeys(
    MultiBitParameterSet parameters,
    FourierMultiBitBootstrapKey bootstrapKey,
    LweKeyswitchKey keyswitchKey) {

  public MultiBitEvaluationKeys {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(bootstrapKey, "bootstrapKey");
    Objects.requireNonNull(keyswitchKey, "keyswitchKey");
    ParameterSet p = parameters.parameters();
    requireMatch(
        "bootstrap key input dimension", p.lweDimension(), bootstrapKey.inputLweDimension());
    requireMatch(
        "bootstrap key grouping factor",
        parameters.groupingFactor(),
        bootstrapKey.groupingFactor());
    requireMatch("bootstrap key GLWE dimension", p.glweDimension(), bootstrapKey.glweDimension());
    requireMatch(
        "bootstrap key polynomial size", p.polynomialSize(), bootstrapKey.polynomialSize());
    requireMatch("bootstrap key base log", p.pbsBaseLog(), bootstrapKey.baseLog());
    requireMatch("bootstrap key levels", p.pbsLevel(), bootstrapKey.levelCount());
    requireMatch(
        "key-switching key input dimension", p.bigLweDimension(), keyswitchKey.inputDimension());
    requireMatch(
        "key-switching key output dimension", p.lweDimension(), keyswitchKey.outputDimension());
    requireMatch("key-switching key base log", p.ksBaseLog(), keyswitchKey.baseLog());
    requireMatch("key-switching key levels", p.ksLevel(), keyswitchKey.levelCount());
  }

  private static void requireMatch(String what, Object expected, Object found) {
    if (!expected.equals(found)) {
      throw new IllegalArgumentException(
          "Mismatched " + what + ": parameter set has " + expected + ", key has " + found);
    }
  }
}
