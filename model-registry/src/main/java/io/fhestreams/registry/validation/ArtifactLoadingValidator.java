package io.fhestreams.registry.validation;

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
 * {@link ServerArtifact#fromBytes}), so that a version is published only if the streams app and the
 * clients will be able to load it. Artifacts (kilobytes to a few megabytes) are held in memory for
 * that load, within the upload limit; evaluation keys stay streamed and are checked at the
 * container level only (decoding them means building the Fourier-domain keys: the app's job).
 */
public final class ArtifactLoadingValidator implements UploadValidator {
  private final BlobUploadValidator container = new BlobUploadValidator();

  @Override
  public ParameterSetId copyValidated(UploadKind expected, InputStream in, OutputStream out)
      throws IOException {
    if (expected == UploadKind.EVALUATION_KEYS) {
      return container.copyValidated(expected, in, out);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ParameterSetId parameterSet = container.copyValidated(expected, in, bytes);
    byte[] blob = bytes.toByteArray();
    try {
      if (expected == UploadKind.CLIENT_ARTIFACT) {
        ClientArtifact.fromBytes(blob);
      } else {
        ServerArtifact.fromBytes(blob);
      }
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
