package io.fhestreams.registry.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.server.TestArtifacts;
import io.fhestreams.registry.server.TestBlobs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ArtifactLoadingValidatorTest {
  final ArtifactLoadingValidator validator = new ArtifactLoadingValidator();

  @Test
  void shouldAcceptAndCopyRealCompiledArtifacts() throws Exception {
    for (UploadKind kind :
        new UploadKind[] {UploadKind.CLIENT_ARTIFACT, UploadKind.SERVER_ARTIFACT}) {
      byte[] blob =
          kind == UploadKind.CLIENT_ARTIFACT ? TestArtifacts.client() : TestArtifacts.server();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(validator.copyValidated(kind, new ByteArrayInputStream(blob), out).value())
          .isEqualTo(TestArtifacts.model().client().parameterSetId());
      assertThat(out.toByteArray()).isEqualTo(blob);
    }
  }

  @Test
  void shouldRefuseAWellFramedArtifactWhoseContentDoesNotLoad() {
    String ps = TestArtifacts.model().client().parameterSetId();
    for (UploadKind kind :
        new UploadKind[] {UploadKind.CLIENT_ARTIFACT, UploadKind.SERVER_ARTIFACT}) {
      BlobKind blobKind =
          kind == UploadKind.CLIENT_ARTIFACT ? BlobKind.CLIENT_ARTIFACT : BlobKind.SERVER_ARTIFACT;
      byte[] framedGarbage = TestBlobs.blob(blobKind, ps, 300, 1);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThatThrownBy(
              () -> validator.copyValidated(kind, new ByteArrayInputStream(framedGarbage), out))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNPROCESSABLE))
          .hasMessageContaining(kind + " blob is well framed but does not load");
      assertThat(out.size()).as("nothing copied for a refused artifact").isZero();
    }
  }

  @Test
  void shouldCheckEvaluationKeysAtTheContainerLevelOnly() throws Exception {
    byte[] keys = TestBlobs.blob(BlobKind.SEEDED_EVALUATION_KEYS, TestBlobs.PS, 1000, 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(
            validator
                .copyValidated(UploadKind.EVALUATION_KEYS, new ByteArrayInputStream(keys), out)
                .value())
        .isEqualTo(TestBlobs.PS);
    assertThat(out.toByteArray()).isEqualTo(keys);
  }
}
