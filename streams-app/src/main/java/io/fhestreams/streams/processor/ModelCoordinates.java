package io.fhestreams.streams.processor;

/**
 * What a request asks the registry for: a model (name and version) and the sender's evaluation key.
 *
 * @param modelName model name in the registry, not blank
 * @param modelVersion model version in the registry, not blank
 * @param keyId evaluation-key id (SHA-256 of the key bytes), not blank
 */
public record ModelCoordinates(String modelName, String modelVersion, String keyId) {
  /** Validates the fields. */
  public ModelCoordinates {
    requireText(modelName, "modelName");
    requireText(modelVersion, "modelVersion");
    requireText(keyId, "keyId");
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must not be blank, found " + (value == null ? "null" : "\"" + value + "\""));
    }
  }
}
