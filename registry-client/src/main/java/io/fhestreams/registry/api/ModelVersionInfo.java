package io.fhestreams.registry.api;

/**
 * The metadata of one published version of a model.
 *
 * @param model the model's name
 * @param version the version number
 * @param parameterSet the parameter set both artifacts were compiled for
 * @param stage the current stage
 * @param client the client artifact's digest and size
 * @param server the server artifact's digest and size
 * @param createdBy the principal that published it
 * @param createdAt ISO-8601 UTC instant of publication
 */
public record ModelVersionInfo(
    ModelName model,
    ModelVersion version,
    ParameterSetId parameterSet,
    Stage stage,
    BlobInfo client,
    BlobInfo server,
    String createdBy,
    String createdAt) {

  /** The same version in another stage. */
  public ModelVersionInfo withStage(Stage newStage) {
    return new ModelVersionInfo(
        model, version, parameterSet, newStage, client, server, createdBy, createdAt);
  }

  /** The digest and size of one half. */
  public BlobInfo artifact(ArtifactHalf half) {
    return half == ArtifactHalf.CLIENT ? client : server;
  }
}
