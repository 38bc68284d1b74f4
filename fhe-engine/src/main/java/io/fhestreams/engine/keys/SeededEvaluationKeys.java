package io.fhestreams.engine.keys;

import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededLweBootstrapKey;
import io.fhestreams.engine.compression.SeededLweKeyswitchKey;
import io.fhestreams.engine.compression.SeededLwePackingKeyswitchKey;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seeder;
import java.util.Objects;
import java.util.Optional;

/**
 * The evaluation keys in seeded form, for transport from the client to the registry: the
 * key-switching key and the standard-domain bootstrap key, each as one public mask seed plus its
 * bodies (about half the size of the plain keys for k = 1). {@link #decompress()} rebuilds the
 * {@link EvaluationKeys} a server uses. Public material; immutable.
 */
public final class SeededEvaluationKeys {
  private final ParameterSet parameters;
  private final SeededLweKeyswitchKey keyswitchKey;
  private final SeededLweBootstrapKey bootstrapKey;
  private final SeededLwePackingKeyswitchKey packingKeyswitchKey;

  /** Keys of a PBS set without a packing key; their shapes must match {@code parameters}. */
  public SeededEvaluationKeys(
      ParameterSet parameters,
      SeededLweKeyswitchKey keyswitchKey,
      SeededLweBootstrapKey bootstrapKey) {
    this(parameters, keyswitchKey, bootstrapKey, null);
  }

  /**
   * Keys of a PBS set with the packing key-switching key outputs are packed with ({@code null}:
   * none); their shapes must match {@code parameters}.
   */
  public SeededEvaluationKeys(
      ParameterSet parameters,
      SeededLweKeyswitchKey keyswitchKey,
      SeededLweBootstrapKey bootstrapKey,
      SeededLwePackingKeyswitchKey packingKeyswitchKey) {
    this.packingKeyswitchKey = packingKeyswitchKey;
    if (packingKeyswitchKey != null) {
      requireMatch(
          "packing key-switching key",
          PackingKeyswitchParameters.of(parameters),
          packingKeyswitchKey.parameters());
    }
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.keyswitchKey = Objects.requireNonNull(keyswitchKey, "keyswitchKey");
    this.bootstrapKey = Objects.requireNonNull(bootstrapKey, "bootstrapKey");
    if (!parameters.supportsBootstrap()) {
      throw new IllegalArgumentException(
          "parameter set " + parameters.id() + " is leveled: it has no evaluation keys");
    }
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
  }

  /**
   * Generates the seeded evaluation keys of {@code clientKey}: fresh public mask seeds, noise from
   * a fresh secret generator. Runs on the client (it reads the secret keys); slow: seconds.
   */
  public static SeededEvaluationKeys generate(ClientKey clientKey) {
    return generate(clientKey, false);
  }

  /**
   * As {@link #generate(ClientKey)}, with the packing key-switching key a server packs outputs with
   * ({@link PackingKeyswitchParameters}: n_in·l·N' more bodies, 4 MiB for the 4-bit set, 32 MiB for
   * the widened 6-bit sets), to the key {@link ClientKey#packingOutputKey} names; a client key
   * without it is refused.
   */
  public static SeededEvaluationKeys generateWithPackingKey(ClientKey clientKey) {
    return generate(clientKey, true);
  }

  private static SeededEvaluationKeys generate(ClientKey clientKey, boolean withPackingKey) {
    ParameterSet p = clientKey.parameters();
    if (!p.supportsBootstrap()) {
      throw new IllegalArgumentException(
          "parameter set " + p.id() + " is leveled: it has no evaluation keys");
    }
    // Key generation reads secret material; nothing secret leaves this method.
    LweSecretKey small = clientKey.lweSecretKey(InsecureSecretKeyAccess.get());
    GlweSecretKey glwe = clientKey.glweSecretKey(InsecureSecretKeyAccess.get());
    NoiseGenerator noise = NoiseGenerator.fresh();
    SeededLweKeyswitchKey ksk =
        SeededCompression.generateKeyswitchKeyNew(
            glwe.asLweSecretKey(),
            small,
            p.ksBaseLog(),
            p.ksLevel(),
            p.lweNoise(),
            Seeder.freshSeed(),
            noise);
    SeededLweBootstrapKey bsk =
        SeededCompression.generateBootstrapKeyNew(
            small, glwe, p.pbsBaseLog(), p.pbsLevel(), p.glweNoise(), Seeder.freshSeed(), noise);
    SeededLwePackingKeyswitchKey packing = null;
    if (withPackingKey) {
      GlweSecretKey target =
          clientKey
              .packingOutputKey(InsecureSecretKeyAccess.get())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "client key of "
                              + p.id()
                              + " has no compression key to pack outputs under (a keystore"
                              + " written before compression keys): generate a new key"));
      packing =
          SeededCompression.generatePackingKeyswitchKeyNew(
              glwe.asLweSecretKey(),
              target,
              PackingKeyswitchParameters.of(p),
              Seeder.freshSeed(),
              noise);
    }
    return new SeededEvaluationKeys(p, ksk, bsk, packing);
  }

  /**
   * The keys a server evaluates with: masks regenerated, bootstrap key transformed to the Fourier
   * domain.
   */
  public EvaluationKeys decompress() {
    return new EvaluationKeys(
        parameters,
        SeededCompression.decompressToFourierNew(bootstrapKey),
        SeededCompression.decompressNew(keyswitchKey),
        packingKeyswitchKey == null ? null : SeededCompression.decompressNew(packingKeyswitchKey));
  }

  /** The seeded packing key-switching key, if the client made one. */
  public Optional<SeededLwePackingKeyswitchKey> packingKeyswitchKey() {
    return Optional.ofNullable(packingKeyswitchKey);
  }

  public ParameterSet parameters() {
    return parameters;
  }

  /** The seeded key-switching key (big → small). */
  public SeededLweKeyswitchKey keyswitchKey() {
    return keyswitchKey;
  }

  /** The seeded bootstrap key. */
  public SeededLweBootstrapKey bootstrapKey() {
    return bootstrapKey;
  }

  private static void requireMatch(String what, Object expected, Object found) {
    if (!expected.equals(found)) {
      throw new IllegalArgumentException(
          "Mismatched " + what + ". parameter set: " + expected + ", key: " + found);
    }
  }

  @Override
  public String toString() {
    return "SeededEvaluationKeys{"
        + parameters.id()
        + ", "
        + keyswitchKey
        + ", "
        + bootstrapKey
        + (packingKeyswitchKey == null ? "" : ", " + packingKeyswitchKey)
        + "}";
  }
}
