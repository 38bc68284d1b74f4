package io.fhestreams.streams.processor;

/**
 * What a request asks the registry for: a model (name and version, or a stage and the version the
 * sender encrypted for) and the sender's evaluation key.
 *
 * @param modelName model name in the registry, not blank
 * @param modelVersion model version in the registry, not blank; with a stage, the version whose
 *     client artifact encrypted the inputs
 * @param keyId evaluation-key id (SHA-256 of the key bytes), not blank
 * @param modelStage the stage the request addresses (1 to {@value #MAX_STAGE_CHARS} ASCII letters),
 *     or null for exactly {@code modelVersion}
 */
public record ModelCoordinates(
    String modelName, String modelVersion, String keyId, String modelStage) {

  /** Longest stage name accepted from a request; every stage name is far shorter. */
  public static final int MAX_STAGE_CHARS = 32;

  /** Validates the fields. */
  public ModelCoordinates {
    requireText(modelName, "modelName");
    requireText(modelVersion, "modelVersion");
    requireText(keyId, "keyId");
    if (modelStage != null && !isStageName(modelStage)) {
      throw new IllegalArgumentException(
          "modelStage must be 1 to "
              + MAX_STAGE_CHARS
              + " ASCII letters (e.g. production), found "
              + modelStage.length()
              + " characters starting \""
              + modelStage
                  .substring(0, Math.min(modelStage.length(), 40))
                  .replaceAll("[^A-Za-z]", "?")
              + "\"");
    }
  }

  /** Coordinates of exactly one version (no stage). */
  public ModelCoordinates(String modelName, String modelVersion, String keyId) {
    this(modelName, modelVersion, keyId, null);
  }

  private static boolean isStageName(String s) {
    if (s.isEmpty() || s.length() > MAX_STAGE_CHARS) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must not be blank, found " + (value == null ? "null" : "\"" + value + "\""));
    }
  }
}
