package io.fhestreams.registry.validation;

import io.fhestreams.engine.serialization.EvaluationKeyFormats;
import io.fhestreams.ml.deploy.ArtifactLimitException;
import io.fhestreams.ml.deploy.ArtifactLimits;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.ServerArtifact;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.RegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The server's validator: the container checks of {@link BlobUploadValidator} for everything, and
 * for model artifacts a full load with the compiler's readers ({@link ClientArtifact#fromBytes},
 * {@link ServerArtifact#fromBytes}), then the server artifact against the configured {@link
 * ArtifactLimits} (what one record may cost the app), so that a version is published only if the
 * streams app and the clients will be able to load it and the app will run it. Artifacts (kilobytes
 * to a few megabytes) are held in memory for that load, within the upload limit. Evaluation keys
 * stay streamed: {@link EvaluationKeyFormats#copyVerified} checks them against the parameter set
 * their header names (exact lengths, both nested keys' kinds, shapes and checksums) through a few
 * small buffers; building the Fourier-domain keys is left to the app.
 */
public final class ArtifactLoadingValidator implements UploadValidator {
  private final BlobUploadValidator container = new BlobUploadValidator();
  private final ArtifactLimits limits;

  /** A validator with the default {@link ArtifactLimits}. */
  public ArtifactLoadingValidator() {
    this(ArtifactLimits.defaults());
  }

  /** A validator refusing server artifacts over {@code limits}. */
  public ArtifactLoadingValidator(ArtifactLimits limits) {
    this.limits = limits;
  }

  @Override
  public ParameterSetId copyValidated(UploadKind expected, InputStream in, OutputStream out)
      throws IOException {
    if (expected == UploadKind.EVALUATION_KEYS) {
      return container.copyValidated(expected, in, out, EvaluationKeyFormats::copyVerified);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ParameterSetId parameterSet = container.copyValidated(expected, in, bytes);
    byte[] blob = bytes.toByteArray();
    try {
      if (expected == UploadKind.CLIENT_ARTIFACT) {
        ClientArtifact.fromBytes(blob);
      } else {
        limits.check(ServerArtifact.fromBytes(blob));
      }
    } catch (ArtifactLimitException e) {
      throw new RegistryException(
          RegistryException.Kind.UNPROCESSABLE, "upload refused: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new RegistryException(
          RegistryException.Kind.UNPROCESSABLE,
          "upload refused: the "
              + expected
              + " blob is well framed but does not load: "
              + e.getMessage(),
          e);
    }
    out.write(blob);
    return parameterSet;
  }
}
