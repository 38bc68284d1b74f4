package io.fhestreams.ml.deploy;

import io.fhestreams.engine.algorithms.GlweEncryption;
import io.fhestreams.engine.algorithms.GlweMatrixVectorProduct;
import io.fhestreams.engine.algorithms.LweEncryption;
import io.fhestreams.engine.compression.GlwePackingCompression;
import io.fhestreams.engine.compression.ModulusSwitchCompression;
import io.fhestreams.engine.compression.ModulusSwitchedGlweCiphertextList;
import io.fhestreams.engine.entities.GlweCiphertext;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweCiphertextList;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.keys.MessageEncoding;
import io.fhestreams.engine.keys.SeededEvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobReader;
import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.ml.compiler.CoefficientEncoding;
import io.fhestreams.ml.quantization.Prediction;
import java.util.Optional;

/**
 * The client role of a compiled model (Concrete ML's {@code FHEModelClient}): holds the secret key,
 * quantizes and encrypts inputs, decrypts, de-quantizes and post-processes outputs. The secret key
 * never leaves this object: only {@link #evaluationKeys()} and ciphertexts are meant for the
 * server.
 *
 * <p>Inputs travel as one seeded ciphertext list per sample (a fresh mask seed, then one body per
 * element: {@link BlobKind#SEEDED_LWE_CIPHERTEXT_LIST}); outputs come back switched to a smaller
 * modulus, packed into GLWE ciphertexts under the big key read as a GLWE key or under the client's
 * compression key ({@link ClientKey#packingOutputKey}, {@link
 * BlobKind#MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST}) when the artifact packs outputs, else one LWE
 * ciphertext each ({@link BlobKind#MODULUS_SWITCHED_LWE_CIPHERTEXT_LIST}).
 *
 * <p>A linear model compiled in the coefficient-encoded layout ({@link
 * ClientArtifact#coefficientEncoding()}) instead sends its inputs as the coefficients of one seeded
 * GLWE ciphertext ({@link BlobKind#SEEDED_GLWE_CIPHERTEXT}) and gets its outputs back in the first
 * body coefficients of one GLWE ciphertext, both under the big key read as k' polynomials of N'
 * coefficients.
 */
public final class FheClient {
  private final ClientArtifact artifact;
  private final ParameterSet parameters;
  private final ClientKey key;
  private final byte[] leveledIdentity;

  private FheClient(
      ClientArtifact artifact, ParameterSet parameters, ClientKey key, byte[] leveledIdentity) {
    this.artifact = artifact;
    this.parameters = parameters;
    this.key = key;
    this.leveledIdentity = leveledIdentity;
  }

  /**
   * A client for {@code artifact} with freshly generated keys (and, for a leveled set, a fresh
   * random identity).
   */
  public static FheClient generateKeys(ClientArtifact artifact) {
    ParameterSet p = ParameterSets.byId(artifact.parameterSetId());
    return new FheClient(
        artifact, p, ClientKey.generate(p), EvaluationKeyFormats.newLeveledIdentity());
  }

  /**
   * A client for {@code artifact} with an existing key (e.g. loaded from the owner's keystore); the
   * key must be of the artifact's parameter set. Like a bootstrapping set's keys, a leveled
   * identity is not in the keystore: this client gets a fresh one, so a caller that needs a stable
   * key id keeps the evaluation-key blob it first uploaded.
   */
  public static FheClient withKey(ClientArtifact artifact, ClientKey key) {
    ParameterSet p = ParameterSets.byId(artifact.parameterSetId());
    if (!key.parameters().equals(p)) {
      throw new IllegalArgumentException(
          "client key is for parameter set " + key.parameters().id() + ", the model for " + p.id());
    }
    return new FheClient(artifact, p, key, EvaluationKeyFormats.newLeveledIdentity());
  }

  /** The client half of the model. */
  public ClientArtifact artifact() {
    return artifact;
  }

  /**
   * The evaluation keys the server needs, as one blob: for a bootstrapping set the seeded
   * key-switching and bootstrapping keys, and the packing key when the artifact packs outputs and
   * this client's key has the key they are packed under (a key from a keystore written before
   * compression keys does not: its outputs travel unpacked) ({@link
   * BlobKind#SEEDED_EVALUATION_KEYS}, generated on each call with fresh seeds: slow, large, and a
   * different blob, hence key id, each time: call once and keep it); a leveled model needs no key
   * and gets an {@link BlobKind#EVALUATION_KEYS} blob holding this client's random 32-byte identity
   * (the same on every call), so that two clients never share a key id.
   */
  public byte[] evaluationKeys() {
    if (parameters.supportsBootstrap()) {
      return EvaluationKeyFormats.toBytes(
          artifact.packedOutputs()
                  && key.packingOutputKey(InsecureSecretKeyAccess.get()).isPresent()
              ? SeededEvaluationKeys.generateWithPackingKey(key)
              : SeededEvaluationKeys.generate(key));
    }
    return EvaluationKeyFormats.leveledToBytes(parameters, leveledIdentity);
  }

  /** Quantizes one sample and encrypts it: the blob to send. */
  public byte[] quantizeEncrypt(double[] features) {
    return encrypt(artifact.quantize(features));
  }

  /**
   * Encrypts already-quantized inputs as one seeded ciphertext list, or, coefficient-encoded, as
   * one seeded GLWE ciphertext (input u at coefficient u·m for m outputs, 0 elsewhere; every
   * coefficient with fresh noise).
   */
  public byte[] encrypt(long[] quantized) {
    Optional<CoefficientEncoding> coefficients = artifact.coefficientEncoding();
    if (coefficients.isEmpty()) {
      return CiphertextFormats.toBytes(key.encryptSeeded(quantized), parameters);
    }
    CoefficientEncoding e = coefficients.get();
    if (quantized.length != artifact.circuitInputs()) {
      throw new IllegalArgumentException(
          "model '"
              + artifact.modelName()
              + "' has "
              + artifact.circuitInputs()
              + " circuit inputs, found "
              + quantized.length);
    }
    long[] messages =
        GlweMatrixVectorProduct.vectorPolynomialNew(
            quantized, artifact.outputScales().length, e.polynomialSize());
    return CiphertextFormats.toBytes(
        key.encryptSeededGlwe(
            messages,
            e.glweDimension(),
            e.polynomialSize(),
            CoefficientEncoding.inputBodyModulusLog(parameters)),
        parameters);
  }

  /**
   * Decrypts a server's output blob (a modulus-switched list, packed or not) into the circuit's
   * integer outputs.
   */
  public long[] decrypt(byte[] outputs) {
    if (BlobReader.readHeader(outputs).kind() == BlobKind.MODULUS_SWITCHED_GLWE_CIPHERTEXT_LIST) {
      return decryptPacked(outputs);
    }
    LweCiphertextList list =
        ModulusSwitchCompression.decompressNew(
            CiphertextFormats.readModulusSwitchedLweCiphertextList(outputs, parameters));
    LweSecretKey big = bigKey();
    long[] values = new long[list.count().value()];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          MessageEncoding.decodeOutput(parameters, LweEncryption.decryptPhase(big, list, i));
    }
    return values;
  }

  /**
   * Slot t of GLWE ciphertext ⌊t / N⌋ holds output t: outputs packed by a key switch, or
   * coefficient-encoded (one ciphertext, read at the artifact's shape under the big key).
   */
  private long[] decryptPacked(byte[] outputs) {
    Optional<CoefficientEncoding> coefficients = artifact.coefficientEncoding();
    ModulusSwitchedGlweCiphertextList list =
        coefficients.isPresent()
            ? CiphertextFormats.readModulusSwitchedGlweCiphertextList(
                outputs,
                parameters,
                coefficients.get().glweDimension(),
                coefficients.get().polynomialSize())
            : CiphertextFormats.readModulusSwitchedGlweCiphertextList(outputs, parameters);
    if (coefficients.isPresent() && list.count() != artifact.outputScales().length) {
      throw new IllegalArgumentException(
          "model '"
              + artifact.modelName()
              + "' has "
              + artifact.outputScales().length
              + " outputs, the output blob holds "
              + list.count());
    }
    GlweCiphertext[] packed = GlwePackingCompression.decompressNew(list);
    GlweSecretKey packingKey =
        coefficients.isPresent()
            ? key.bigKeyAsGlwe(
                coefficients.get().glweDimension(),
                coefficients.get().polynomialSize(),
                InsecureSecretKeyAccess.get())
            : key.packingOutputKey(InsecureSecretKeyAccess.get())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "packed outputs of "
                                + parameters.id()
                                + " need the client's compression key, which this key lacks"));
    int slots = packingKey.polynomialSize().value();
    long[] values = new long[list.count()];
    for (int g = 0; g < packed.length; g++) {
      long[] phases = GlweEncryption.decryptPhaseNew(packingKey, packed[g]);
      for (int t = g * slots; t < Math.min(values.length, (g + 1) * slots); t++) {
        values[t] = MessageEncoding.decodeOutput(parameters, phases[t - g * slots]);
      }
    }
    return values;
  }

  /** Decrypts, de-quantizes and post-processes a server's output blob. */
  public Prediction decryptDequantize(byte[] outputs) {
    return artifact.dequantize(decrypt(outputs));
  }

  /**
   * The engine-level key, for in-process evaluation with bootstrapping keys; stays in this process.
   */
  public ClientKey clientKey() {
    return key;
  }

  private LweSecretKey bigKey() {
    return key.glweSecretKey(InsecureSecretKeyAccess.get()).asLweSecretKey();
  }

  @Override
  public String toString() {
    return "FheClient["
        + artifact.modelName()
        + ", "
        + parameters.id()
        + ", key material not printed]";
  }
}
