package io.fhestreams.ml.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Both halves of a compiled model, as {@code fhe compile} writes them to a directory: {@value
 * #CLIENT_FILE} and {@value #SERVER_FILE}.
 */
public record ModelArtifacts(ClientArtifact client, ServerArtifact server) {
  /** File name of the client half in a model directory. */
  public static final String CLIENT_FILE = "client.fhe";

  /** File name of the server half in a model directory. */
  public static final String SERVER_FILE = "server.fhe";

  public ModelArtifacts {
    if (!client.parameterSetId().equals(server.parameters().id())) {
      throw new IllegalArgumentException(
          "client artifact is for parameter set "
              + client.parameterSetId()
              + ", server artifact for "
              + server.parameters().id());
    }
    if (client.circuitInputs() != server.circuit().inputElements()
        || client.outputScales().length != server.circuit().outputElements()) {
      throw new IllegalArgumentException(
          "client artifact has "
              + client.circuitInputs()
              + " inputs and "
              + client.outputScales().length
              + " outputs, the circuit "
              + server.circuit().inputElements()
              + " and "
              + server.circuit().outputElements());
    }
    if (!client.coefficientEncoding().equals(server.coefficientEncoding())) {
      throw new IllegalArgumentException(
          "client artifact has ciphertext layout "
              + client.coefficientEncoding().map(Object::toString).orElse("LWE")
              + ", the server artifact "
              + server.coefficientEncoding().map(Object::toString).orElse("LWE"));
    }
  }

  /** Writes both halves into {@code dir}, creating it if needed. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    client.save(dir.resolve(CLIENT_FILE));
    server.save(dir.resolve(SERVER_FILE));
  }

  /** Reads both halves from {@code dir}. */
  public static ModelArtifacts load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("model directory " + dir + " does not exist");
    }
    ModelArtifacts a;
    try {
      a =
          new ModelArtifacts(
              ClientArtifact.load(dir.resolve(CLIENT_FILE)),
              ServerArtifact.load(dir.resolve(SERVER_FILE)));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir + ": " + e.getMessage(), e);
    }
    return a;
  }
}
