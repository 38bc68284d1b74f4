package io.fhestreams.clients.producer;

import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.ClientKeystore;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.registry.api.KeyId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One client's keys for one compiled model: the secret key (only ever written to the owner's
 * keystore file, permissions 600, through {@link ClientKeystore}) and the evaluation keys derived
 * from it, whose SHA-256 is the key id that requests are keyed by and that the registry stores them
 * under.
 *
 * <p>The evaluation keys are saved beside the keystore ({@code <keystore>.evk}) because generating
 * them is randomized: regenerating would give another key id at every start.
 */
public final class ClientIdentity {
  /** Suffix of the evaluation-key file written beside a keystore. */
  public static final String EVALUATION_KEYS_SUFFIX = ".evk";

  private final FheClient client;
  private final byte[] evaluationKeys;
  private final KeyId keyId;

  private ClientIdentity(FheClient client, byte[] evaluationKeys) {
    this.client = client;
    this.evaluationKeys = evaluationKeys;
    this.keyId = KeyId.ofDigest(sha256(evaluationKeys));
  }

  /** Fresh keys for {@code artifact}, held in memory only. */
  public static ClientIdentity generate(ClientArtifact artifact) {
    FheClient client = FheClient.generateKeys(artifact);
    return new ClientIdentity(client, client.evaluationKeys());
  }

  /**
   * Loads the keystore at {@code keystore} (and its evaluation keys) for {@code artifact}.
   *
   * @param password the keystore's password, or null for an unprotected one
   * @throws IOException if a file is missing, corrupted, of another parameter set, or the password
   *     is wrong
   */
  public static ClientIdentity load(Path keystore, char[] password, ClientArtifact artifact)
      throws IOException {
    Path evk = evaluationKeysFile(keystore);
    if (!Files.isRegularFile(keystore)) {
      throw new IOException("keystore " + keystore + " does not exist (create it with fhe keygen)");
    }
    if (!Files.isRegularFile(evk)) {
      throw new IOException("evaluation keys " + evk + " are missing beside keystore " + keystore);
    }
    ClientKey key =
        ClientKeystore.load(keystore, password, ParameterSets.byId(artifact.parameterSetId()));
    return new ClientIdentity(FheClient.withKey(artifact, key), Files.readAllBytes(evk));
  }

  /** Loads the keystore when it exists, else generates keys and saves them there. */
  public static ClientIdentity loadOrGenerate(
      Path keystore, char[] password, ClientArtifact artifact) throws IOException {
    if (Files.exists(keystore)) {
      return load(keystore, password, artifact);
    }
    ClientIdentity identity = generate(artifact);
    identity.save(keystore, password);
    return identity;
  }

  /**
   * Writes the secret key to {@code keystore} (permissions 600, replacing it) and the evaluation
   * keys beside it.
   */
  public void save(Path keystore, char[] password) throws IOException {
    Path parent = keystore.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    ClientKeystore.save(keystore, client.clientKey(), password);
    Files.write(evaluationKeysFile(keystore), evaluationKeys);
  }

  /** Where the evaluation keys of {@code keystore} are kept. */
  public static Path evaluationKeysFile(Path keystore) {
    return keystore.resolveSibling(keystore.getFileName() + EVALUATION_KEYS_SUFFIX);
  }

  /** The engine client: encrypts and decrypts with the secret key, which stays inside it. */
  public FheClient client() {
    return client;
  }

  /** The evaluation-key blob the server needs (a copy). */
  public byte[] evaluationKeys() {
    return evaluationKeys.clone();
  }

  /** The SHA-256 of the evaluation keys: the record key and the registry's id for them. */
  public KeyId keyId() {
    return keyId;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ClientIdentity["
        + client.artifact().modelName()
        + ", key id "
        + keyId
        + ", key material not printed]";
  }
}
