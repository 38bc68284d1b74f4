package io.fhestreams.clients.producer;

import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.registry.api.ArtifactHalf;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A stage of a model as a sender sees it when it starts: the stage's current version and that
 * version's client artifact, the one to encrypt with. Requests sent to a stage carry the stage and
 * this version; the app answers each with the stage's current version when that version encrypts
 * alike (the same client artifact), else with this one, so a sender never has its inputs read under
 * quantizers it did not use. After a promotion to a version with another client artifact, a sender
 * reaches it by resolving the stage again (e.g. its next start).
 *
 * @param stage the stage addressed
 * @param version the stage's current version when resolved
 * @param clientArtifact that version's client half, checked against the registry's SHA-256
 */
public record StageTarget(Stage stage, ModelVersionInfo version, ClientArtifact clientArtifact) {

  /** Largest client artifact downloaded (they hold quantizers and a report: kilobytes). */
  public static final long MAX_CLIENT_ARTIFACT_BYTES = 64L << 20;

  /** Validates the fields. */
  public StageTarget {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(clientArtifact, "clientArtifact");
    String digest = sha256(clientArtifact.toBytes());
    if (!digest.equals(version.client().sha256())) {
      throw new IllegalArgumentException(
          "the client artifact (SHA-256 "
              + digest
              + ") is not the one of "
              + version.model()
              + " version "
              + version.version()
              + " (SHA-256 "
              + version.client().sha256()
              + ")");
    }
  }

  /**
   * Resolves the current version of {@code stage} and downloads its client artifact.
   *
   * @throws IllegalStateException when no version of the model is in the stage
   * @throws UncheckedIOException when the artifact is too large, differs from the registry's digest
   *     or does not decode
   */
  public static StageTarget resolve(RegistryClient registry, ModelName model, Stage stage) {
    ModelVersionInfo current =
        registry
            .currentVersion(model, stage)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "model " + model + " has no version in stage '" + stage.wireName() + "'"));
    long size = current.client().size();
    if (size < 0 || size > MAX_CLIENT_ARTIFACT_BYTES) {
      throw new UncheckedIOException(
          new IOException(
              "the client artifact of "
                  + model
                  + " version "
                  + current.version()
                  + " is "
                  + size
                  + " bytes, above the "
                  + MAX_CLIENT_ARTIFACT_BYTES
                  + " accepted"));
    }
    byte[] blob;
    try (InputStream in = registry.openArtifact(model, current.version(), ArtifactHalf.CLIENT)) {
      blob = in.readNBytes((int) size + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("could not download the client artifact: " + e, e);
    }
    if (blob.length != size || !sha256(blob).equals(current.client().sha256())) {
      throw new UncheckedIOException(
          new IOException(
              "the client artifact downloaded for "
                  + model
                  + " version "
                  + current.version()
                  + " ("
                  + blob.length
                  + " bytes) differs from the registry's record ("
                  + size
                  + " bytes, SHA-256 "
                  + current.client().sha256()
                  + ")"));
    }
    try {
      return new StageTarget(stage, current, ClientArtifact.fromBytes(blob));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the client artifact of " + model + " version " + current.version() + " does not load",
          e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
