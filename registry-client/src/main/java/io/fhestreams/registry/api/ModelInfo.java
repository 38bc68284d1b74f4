package io.fhestreams.registry.api;

/**
 * A model: a name under which versions are published.
 *
 * @param name the model's name
 * @param description free text given at creation
 * @param createdBy the principal that created it
 * @param createdAt ISO-8601 UTC instant of creation
 */
public record ModelInfo(ModelName name, String description, String createdBy, String createdAt) {}
