package io.fhestreams.registry.api;

/**
 * A model: a name under which versions are published.
 *
 * @param name the model's name
 * @param description free text given at creation
 * @param createdBy the principal that created it
 * @param createdAt ISO-8601 UTC instant of creation
 * @param owner the principal whose versions, stages and deletions these are (only it and an admin
 *     may change them): the creator until an admin transfers the model. Absent in what registries
 *     stored before owners existed, and then the creator.
 */
public record ModelInfo(
    ModelName name, String description, String createdBy, String createdAt, String owner) {
  /** Defaults the owner to the creator. */
  public ModelInfo {
    owner = owner == null ? createdBy : owner;
  }

  /** The same model owned by {@code newOwner}. */
  public ModelInfo withOwner(String newOwner) {
    return new ModelInfo(name, description, createdBy, createdAt, newOwner);
  }
}
