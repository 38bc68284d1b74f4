package io.fhestreams.registry.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.engine.serialization.BlobWriter;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlobUploadValidatorTest {
  static final String PS = "V1_1_PARAM_MESSAGE_2_CARRY_2_KS_PBS_TUNIFORM_2M64";
  final BlobUploadValidator validator = new BlobUploadValidator();

  static byte[] blob(BlobKind kind, String ps, int payload) {
    byte[] bytes = new byte[payload];
    new SplittableRandom(payload).nextBytes(bytes);
    return BlobWriter.toBytes(kind, ps, payload, w -> w.writeBytes(bytes, 0, payload));
  }

  RegistryException refusal(UploadKind kind, byte[] bytes) {
    try {
      validator.copyValidated(kind, new ByteArrayInputStream(bytes), new ByteArrayOutputStream());
    } catch (RegistryException e) {
      assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNPROCESSABLE);
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("accepted");
  }

  @Test
  void shouldCopyAWellFormedBlobAndAnswerItsParameterSet() throws Exception {
    for (BlobKind kind :
        new BlobKind[] {BlobKind.EVALUATION_KEYS, BlobKind.SEEDED_EVALUATION_KEYS}) {
      byte[] keys = blob(kind, PS, 100_000);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(
              validator.copyValidated(
                  UploadKind.EVALUATION_KEYS, new ByteArrayInputStream(keys), out))
          .isEqualTo(ParameterSetId.of(PS));
      assertThat(out.toByteArray()).isEqualTo(keys);
    }
  }

  @Test
  void shouldRefuseEveryCorruptedByteOfASmallBlob() {
    byte[] good = blob(BlobKind.CLIENT_ARTIFACT, PS, 64);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      assertThat(refusal(UploadKind.CLIENT_ARTIFACT, bad).getMessage())
          .as("byte " + i)
          .contains("CLIENT_ARTIFACT");
    }
  }

  @Test
  void shouldRefuseTheWrongKindAndKeystoresByName() {
    assertThat(
            refusal(UploadKind.SERVER_ARTIFACT, blob(BlobKind.CLIENT_ARTIFACT, PS, 10))
                .getMessage())
        .contains("expected kind SERVER_ARTIFACT, found CLIENT_ARTIFACT");
    for (UploadKind kind : UploadKind.values()) {
      assertThat(refusal(kind, blob(BlobKind.CLIENT_KEYSTORE, PS, 10)).getMessage())
          .contains("CLIENT_KEYSTORE")
          .contains("secret keys");
    }
  }

  @Test
  void shouldRefuseTruncationTrailingBytesAndNonBlobs() {
    byte[] good = blob(BlobKind.SERVER_ARTIFACT, PS, 1000);
    assertThat(
            refusal(UploadKind.SERVER_ARTIFACT, java.util.Arrays.copyOf(good, good.length - 1))
                .getMessage())
        .contains("TRUNCATED");
    assertThat(
            refusal(UploadKind.SERVER_ARTIFACT, java.util.Arrays.copyOf(good, good.length + 3))
                .getMessage())
        .contains("extra bytes");
    assertThat(refusal(UploadKind.SERVER_ARTIFACT, "{\"not\":\"a blob\"}".getBytes()).getMessage())
        .contains("MAGIC");
    assertThat(refusal(UploadKind.SERVER_ARTIFACT, new byte[0]).getMessage())
        .contains("SERVER_ARTIFACT");
  }

  @Test
  void shouldRefuseAParameterSetIdTheRegistryCannotName() {
    assertThat(
            refusal(UploadKind.EVALUATION_KEYS, blob(BlobKind.EVALUATION_KEYS, "a/b", 10))
                .getMessage())
        .contains("parameter-set id");
  }
}
