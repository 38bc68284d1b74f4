package io.fhestreams.cli;

import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.ml.deploy.ClientArtifact;
import io.fhestreams.ml.deploy.ModelArtifacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that locate a client's model and keystore, shared by keygen, send and watch. */
final class KeystoreOptions {

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "directory written by fhe compile (its client half is used)")
  Path model;

  @Option(
      names = "--keystore",
      required = true,
      paramLabel = "FILE",
      description =
          "the client's keystore (permissions 600); its evaluation keys are kept beside it in FILE.evk")
  Path keystore;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "file whose first line is the keystore's password (default: no password)")
  Path passwordFile;

  /** The client half of the model. */
  ClientArtifact clientArtifact() throws IOException {
    Path file = model.resolve(ModelArtifacts.CLIENT_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "model directory "
              + model
              + " has no "
              + ModelArtifacts.CLIENT_FILE
              + " (run fhe compile first)");
    }
    return ClientArtifact.load(file);
  }

  /** The password, or null without {@code --password-file}. */
  char[] password() throws IOException {
    if (passwordFile == null) {
      return null;
    }
    String first =
        Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    if (first.isEmpty()) {
      throw new IOException("password file " + passwordFile + " is empty");
    }
    return first.toCharArray();
  }

  /** Loads the keystore for the model. */
  ClientIdentity load() throws IOException {
    return ClientIdentity.load(keystore, password(), clientArtifact());
  }
}
