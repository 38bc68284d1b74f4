package io.fhestreams.engine.keys;

import io.fhestreams.engine.algorithms.LweBootstrapKeyGeneration;
import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.algorithms.LweKeyswitchKeyGeneration;
import io.fhestreams.engine.algorithms.MultiBitBootstrapKeyGeneration;
import io.fhestreams.engine.compression.CiphertextModulusLog;
import io.fhestreams.engine.compression.GlwePackingCompression;
import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.compression.PackingKeyswitchParameters.OutputKey;
import io.fhestreams.engine.compression.SeededCompression;
import io.fhestreams.engine.compression.SeededGlweCiphertext;
import io.fhestreams.engine.compression.SeededLweCiphertextList;
import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.MultiBitParameterSet;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.random.MaskGenerator;
import io.fhestreams.engine.random.NoiseGenerator;
import io.fhestreams.engine.random.Seeder;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's secret: the small LWE key, the GLWE key (whose flattening is the big LWE key), for
 * the sets whose outputs are packed under a separate key the compression GLWE key ({@link
 * PackingKeyswitchParameters.OutputKey#COMPRESSION_KEY}), and the parameter set. It encrypts and
 * decrypts messages (encoded per {@link MessageEncoding}) and derives the {@link EvaluationKeys} a
 * server needs.
 *
 * <p>Secret material is read only with {@link InsecureSecretKeyAccess#get()}; {@code toString}
 * never prints it and no method turns it into bytes: the owner's keystore format (engine-io) is the
 * only code meant to read it. Thread-safe: every encryption draws fresh seeds.
 */
public final class ClientKey {
  private final ParameterSet parameters;
  private final LweSecretKey lweSecretKey;
  private final GlweSecretKey glweSecretKey;
  private final GlweSecretKey compressionKey;

  /**
   * Wraps existing key material without a compression key (e.g. read from a keystore written before
   * compression keys existed); shapes must match {@code parameters}.
   */
  public ClientKey(
      ParameterSet parameters,
      LweSecretKey lweSecretKey,
      GlweSecretKey glweSecretKey,
      InsecureSecretKeyAccess access) {
    this(parameters, lweSecretKey, glweSecretKey, null, access);
  }

  /**
   * Wraps existing key material (e.g. read from the owner's keystore); shapes must match {@code
   * parameters}, and {@code compressionKey} ({@code null}: none) that of {@link
   * PackingKeyswitchParameters#of} for a set whose outputs are packed under a compression key.
   */
  public ClientKey(
      ParameterSet parameters,
      LweSecretKey lweSecretKey,
      GlweSecretKey glweSecretKey,
      GlweSecretKey compressionKey,
      InsecureSecretKeyAccess access) {
    Objects.requireNonNull(access, "InsecureSecretKeyAccess");
    this.compressionKey = compressionKey;
    if (compressionKey != null) {
      requireCompressionKeyShape(
          parameters,
          compressionKey.glweDimension().value(),
          compressionKey.polynomialSize().value());
    }
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.lweSecretKey = Objects.requireNonNull(lweSecretKey, "lweSecretKey");
    this.glweSecretKey = Objects.requireNonNull(glweSecretKey, "glweSecretKey");
    if (!lweSecretKey.dimension().equals(parameters.lweDimension())) {
      throw new IllegalArgumentException(
          "Mismatched LWE key dimension. parameter set: "
              + parameters.lweDimension().value()
              + ", key: "
              + lweSecretKey.dimension().value());
    }
    if (!glweSecretKey.glweDimension().equals(parameters.glweDimension())
        || !glweSecretKey.polynomialSize().equals(parameters.polynomialSize())) {
      throw new IllegalArgumentException(
          "Mismatched GLWE key shape. parameter set: k="
              + parameters.glweDimension().value()
              + ", N="
              + parameters.polynomialSize().value()
              + ", key: k="
              + glweSecretKey.glweDimension().value()
              + ", N="
              + glweSecretKey.polynomialSize().value());
    }
  }

  /**
   * Fresh binary keys for {@code parameters}, from a secure seed, with a compression key when the
   * set packs outputs under one.
   */
  public static ClientKey generate(ParameterSet parameters) {
    NoiseGenerator secret = NoiseGenerator.fresh();
    long[] small = new long[parameters.lweDimension().value()];
    secret.fillBinary(small);
    long[] glwe = new long[parameters.bigLweDimension().value()];
    secret.fillBinary(glwe);
    GlweSecretKey compression = null;
    if (usesCompressionKey(parameters)) {
      PackingKeyswitchParameters shape = PackingKeyswitchParameters.of(parameters);
      long[] bits = new long[shape.packedMaskDimension().value()];
      secret.fillBinary(bits);
      compression = new GlweSecretKey(bits, shape.glweDimension(), shape.polynomialSize());
    }
    return new ClientKey(
        parameters,
        new LweSecretKey(small, parameters.lweDimension()),
        new GlweSecretKey(glwe, parameters.glweDimension(), parameters.polynomialSize()),
        compression,
        InsecureSecretKeyAccess.get());
  }

  /** Whether {@code set} packs outputs under a separate compression key. */
  public static boolean usesCompressionKey(ParameterSet set) {
    return PackingKeyswitchParameters.packsOutputsOf(set)
        && PackingKeyswitchParameters.of(set).outputKey() == OutputKey.COMPRESSION_KEY;
  }

  /**
   * Refuses a compression key shape (k', N') other than the one {@code set} packs under, naming
   * both.
   */
  public static void requireCompressionKeyShape(ParameterSet set, int glweDimension, int size) {
    if (!usesCompressionKey(set)) {
      throw new IllegalArgumentException(
          "parameter set " + set.id() + " packs no outputs under a compression key");
    }
    PackingKeyswitchParameters shape = PackingKeyswitchParameters.of(set);
    if (glweDimension != shape.glweDimension().value() || size != shape.polynomialSize().value()) {
      throw new IllegalArgumentException(
          "Mismatched compression key shape. parameter set "
              + set.id()
              + ": k'="
              + shape.glweDimension().value()
              + ", N'="
              + shape.polynomialSize().value()
              + ", key: k'="
              + glweDimension
              + ", N'="
              + size);
    }
  }

  public ParameterSet parameters() {
    return parameters;
  }

  /** The small LWE key (secret). */
  public LweSecretKey lweSecretKey(InsecureSecretKeyAccess access) {
    Objects.requireNonNull(access, "InsecureSecretKeyAccess");
    return lweSecretKey;
  }

  /** The GLWE key (secret); {@code asLweSecretKey()} gives the big key. */
  public GlweSecretKey glweSecretKey(InsecureSecretKeyAccess access) {
    Objects.requireNonNull(access, "InsecureSecretKeyAccess");
    return glweSecretKey;
  }

  /**
   * The GLWE key packed outputs are encrypted under (secret): the big key read as a GLWE key, or
   * the compression key; empty when the set packs under a compression key this client key lacks
   * (one from a keystore written before compression keys), whose outputs then travel unpacked.
   */
  public Optional<GlweSecretKey> packingOutputKey(InsecureSecretKeyAccess access) {
    Objects.requireNonNull(access, "InsecureSecretKeyAccess");
    if (!PackingKeyswitchParameters.packsOutputsOf(parameters)) {
      return Optional.empty();
    }
    PackingKeyswitchParameters shape = PackingKeyswitchParameters.of(parameters);
    if (shape.outputKey() == OutputKey.COMPRESSION_KEY) {
      return Optional.ofNullable(compressionKey);
    }
    return Optional.of(GlwePackingCompression.packingKey(glweSecretKey.asLweSecretKey(), shape));
  }

  /**
   * The big key read as k polynomials of N coefficients (secret), the key of coefficient-encoded
   * inputs and outputs ({@link io.fhestreams.engine.algorithms.GlweMatrixVectorProduct}).
   *
   * @throws IllegalArgumentException if k·N is not the big LWE dimension
   */
  public GlweSecretKey bigKeyAsGlwe(
      GlweDimension k, PolynomialSize n, InsecureSecretKeyAccess access) {
    Objects.requireNonNull(access, "InsecureSecretKeyAccess");
    return new GlweSecretKey(glweSecretKey.data(), k, n);
  }

  /** The compression key (secret), if this key has one. */
  public Optional<GlweSecretKey> compressionKey(InsecureSecretKeyAccess access) {
    Objects.requireNonNull(access, "InsecureSecretKeyAccess");
    return Optional.ofNullable(compressionKey);
  }

  /**
   * Generates the evaluation keys (key-switching key big → small and Fourier bootstrap key). Slow:
   * seconds.
   */
  public EvaluationKeys generateEvaluationKeys() {
    if (!parameters.supportsBootstrap()) {
      return EvaluationKeys.leveled(parameters);
    }
    NoiseGenerator noise = NoiseGenerator.fresh();
    LweKeyswitchKey ksk = keyswitchKey(noise);
    FourierLweBootstrapKey bsk =
        LweBootstrapKeyGeneration.generateFourierNew(
            lweSecretKey,
            glweSecretKey,
            parameters.pbsBaseLog(),
            parameters.pbsLevel(),
            parameters.glweNoise(),
            MaskGenerator.fromSeed(Seeder.freshSeed()),
            noise);
    return new EvaluationKeys(parameters, bsk, ksk);
  }

  /** A new key-switching key from the big key to the small key, masks from a fresh seed. */
  private LweKeyswitchKey keyswitchKey(NoiseGenerator noise) {
    return LweKeyswitchKeyGeneration.generateNew(
        glweSecretKey.asLweSecretKey(),
        lweSecretKey,
        parameters.ksBaseLog(),
        parameters.ksLevel(),
        parameters.lweNoise(),
        MaskGenerator.fromSeed(Seeder.freshSeed()),
        noise);
  }

  /**
   * Derives the evaluation keys of the multi-bit set {@code set}, whose KS-PBS fields must be this
   * key's parameter set: the key-switching key and the Fourier multi-bit bootstrap key.
   */
  public MultiBitEvaluationKeys generateMultiBitEvaluationKeys(MultiBitParameterSet set) {
    if (!set.parameters().equals(parameters)) {
      throw new IllegalArgumentException(
          "multi-bit set " + set.id() + " does not match this client key's set " + parameters.id());
    }
    NoiseGenerator noise = NoiseGenerator.fresh();
    return new MultiBitEvaluationKeys(
        set,
        MultiBitBootstrapKeyGeneration.generateFourierNew(
            lweSecretKey,
            glweSecretKey,
            set.groupingFactor(),
            parameters.pbsBaseLog(),
            parameters.pbsLevel(),
            parameters.glweNoise(),
            MaskGenerator.fromSeed(Seeder.freshSeed()),
            noise),
        keyswitchKey(noise));
  }

  /**
   * Encrypts {@code message} under the big key with the GLWE noise (tfhe-rs {@code
   * EncryptionKeyChoice::Big}).
   */
  public LweCiphertext encrypt(long message) {
    return LweEncryption.encryptNew(
        glweSecretKey.asLweSecretKey(),
        MessageEncoding.encode(parameters, message),
        parameters.glweNoise(),
        MaskGenerator.fromSeed(Seeder.freshSeed()),
        NoiseGenerator.fresh());
  }

  /** Encrypts each message; one mask stream for the whole array. */
  public LweCiphertext[] encrypt(long[] messages) {
    MaskGenerator masks = MaskGenerator.fromSeed(Seeder.freshSeed());
    NoiseGenerator noise = NoiseGenerator.fresh();
    LweSecretKey big = glweSecretKey.asLweSecretKey();
    LweCiphertext[] out = new LweCiphertext[messages.length];
    for (int i = 0; i < messages.length; i++) {
      out[i] =
          LweEncryption.encryptNew(
              big,
              MessageEncoding.encode(parameters, messages[i]),
              parameters.glweNoise(),
              masks,
              noise);
    }
    return out;
  }

  /**
   * Encrypts each message into a seeded list for transport: one fresh public mask seed, then the
   * bodies (8 bytes per value on the wire); the receiver regenerates the masks from the seed.
   */
  public SeededLweCiphertextList encryptSeeded(long[] messages) {
    long[] plaintexts = new long[messages.length];
    for (int i = 0; i < messages.length; i++) {
      plaintexts[i] = MessageEncoding.encode(parameters, messages[i]);
    }
    return SeededCompression.encryptListNew(
        glweSecretKey.asLweSecretKey(),
        plaintexts,
        parameters.glweNoise(),
        Seeder.freshSeed(),
        NoiseGenerator.fresh());
  }

  /**
   * Encrypts N messages as the coefficients of one GLWE ciphertext under the big key read as k
   * polynomials of N coefficients ({@link #bigKeyAsGlwe}), in seeded form: a fresh public mask
   * seed, then the N body coefficients, each with fresh GLWE noise, rounded to their top b bits.
   */
  public SeededGlweCiphertext encryptSeededGlwe(
      long[] messages, GlweDimension k, PolynomialSize n, CiphertextModulusLog bodyModulusLog) {
    long[] plaintext = new long[messages.length];
    for (int i = 0; i < messages.length; i++) {
      plaintext[i] = MessageEncoding.encode(parameters, messages[i]);
    }
    return SeededCompression.encryptGlweNew(
        bigKeyAsGlwe(k, n, InsecureSecretKeyAccess.get()),
        plaintext,
        parameters.glweNoise(),
        Seeder.freshSeed(),
        NoiseGenerator.fresh(),
        bodyModulusLog);
  }

  /** Decrypts and decodes a ciphertext under the big key. */
  public long decrypt(LweCiphertext ciphertext) {
    return MessageEncoding.decode(parameters, decryptPhase(ciphertext));
  }

  /**
   * The raw phase (plaintext + noise, not rounded) of a ciphertext under the big key: for noise
   * measurements.
   */
  public long decryptPhase(LweCiphertext ciphertext) {
    return LweEncryption.decryptPhase(glweSecretKey.asLweSecretKey(), ciphertext);
  }

  /** The raw phase of a ciphertext under the small key (e.g. after a key switch). */
  public long decryptPhaseSmall(LweCiphertext ciphertext) {
    return LweEncryption.decryptPhase(lweSecretKey, ciphertext);
  }

  @Override
  public String toString() {
    return "ClientKey{" + parameters.id() + ", material not printed}";
  }
}
