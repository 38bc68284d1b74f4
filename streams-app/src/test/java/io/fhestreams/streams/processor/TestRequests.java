package io.fhestreams.streams.processor;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Builds test requests with random "ciphertext" bytes of the test models' size. */
public final class TestRequests {

  /** Model every test knows. */
  public static final String MODEL = "iris-logreg";

  /** Its version. */
  public static final String VERSION = "1";

  /** A key every test knows. */
  public static final String KEY = keyId("alice");

  /** Their parameter set. */
  public static final String PARAMS = "TFHE_4BIT_128";

  private TestRequests() {}

  /**
   * A well-formed evaluation-key id named {@code name}: its SHA-256 in lowercase hex, as the
   * registry names keys (the app refuses record keys of any other form).
   */
  public static String keyId(String name) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * A resolver knowing {@link #MODEL}@{@link #VERSION}, {@link #KEY} (and keyId("bob")), all under
   * {@link #PARAMS}.
   */
  public static InMemoryTestResolver standardResolver() {
    return new InMemoryTestResolver()
        .withModel(MODEL, VERSION, PARAMS)
        .withKey(KEY, PARAMS)
        .withKey(keyId("bob"), PARAMS)
        .withModel("other-params-model", "1", "TFHE_6BIT_128")
        .withKey(keyId("6bit"), "TFHE_6BIT_128");
  }

  /** A valid request with {@code ciphertexts} random inputs. */
  public static EncryptedInferenceRequest.Builder valid(
      String requestId, SplittableRandom random, int ciphertexts) {
    byte[] inputs = new byte[ciphertexts * InMemoryTestResolver.CIPHERTEXT_SIZE];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (byte) random.nextInt(256);
    }
    if (ChecksumTestEvaluator.MARKERS.contains(inputs[0])) {
      inputs[0] = 0;
    }
    return EncryptedInferenceRequest.newBuilder()
        .setRequestId(requestId)
        .setModelName(MODEL)
        .setModelVersion(VERSION)
        .setKeyId(KEY)
        .setParameterSetId(PARAMS)
        .setInputCiphertexts(ByteBuffer.wrap(inputs))
        .setCreatedAt(Instant.now());
  }

  /** The request's input bytes. */
  public static byte[] inputs(EncryptedInferenceRequest request) {
    ByteBuffer b = request.getInputCiphertexts().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
