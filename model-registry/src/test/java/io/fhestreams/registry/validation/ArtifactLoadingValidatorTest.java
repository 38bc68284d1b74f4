package io.fhestreams.registry.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.serialization.BlobKind;
import io.fhestreams.ml.deploy.ArtifactLimits;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.server.TestArtifacts;
import io.fhestreams.registry.server.TestBlobs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
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
  void shouldCheckEvaluationKeysAgainstTheirParameterSet() throws Exception {
    byte[] keys = TestBlobs.keys(ParameterSets.byId(TestBlobs.PS), true, 2, -1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(
            validator
                .copyValidated(UploadKind.EVALUATION_KEYS, new ByteArrayInputStream(keys), out)
                .value())
        .isEqualTo(TestBlobs.PS);
    assertThat(out.toByteArray()).isEqualTo(keys);

    byte[] framedGarbage = TestBlobs.blob(BlobKind.SEEDED_EVALUATION_KEYS, TestBlobs.PS, 1000, 2);
    assertThatThrownBy(
            () ->
                validator.copyValidated(
                    UploadKind.EVALUATION_KEYS,
                    new ByteArrayInputStream(framedGarbage),
                    OutputStream.nullOutputStream()))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(
            "LENGTH: SEEDED_EVALUATION_KEYS of parameter set "
                + TestBlobs.PS
                + " has a payload of 28844248 bytes, the header declares 1000");
    byte[] wrongShape = TestBlobs.keys(ParameterSets.byId(TestBlobs.PS), true, 3, 2);
    assertThatThrownBy(
            () ->
                validator.copyValidated(
                    UploadKind.EVALUATION_KEYS,
                    new ByteArrayInputStream(wrongShape),
                    OutputStream.nullOutputStream()))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("CONTENT: SEEDED_LWE_KEYSWITCH_KEY shape in the blob");
  }

  @Test
  void shouldRefuseAServerArtifactOverTheLimits() throws Exception {
    byte[] blob = TestArtifacts.server();
    ArtifactLoadingValidator strict =
        new ArtifactLoadingValidator(
            ArtifactLimits.defaults().with(ArtifactLimits.Cap.MAX_INPUT_ELEMENTS, 3));
    assertThatThrownBy(
            () ->
                strict.copyValidated(
                    UploadKind.SERVER_ARTIFACT,
                    new ByteArrayInputStream(blob),
                    OutputStream.nullOutputStream()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNPROCESSABLE))
        .hasMessage(
            "upload refused: server artifact refused: input elements per record: 4 exceeds the cap"
                + " max.input.elements = 3");
  }
}
