package io.fhestreams.registry.api;

/**
 * The metadata of one stored evaluation-key blob.
 *
 * @param id SHA-256 of the bytes
 * @param parameterSet the parameter set the keys belong to (checked against the blob's header)
 * @param owner the principal that uploaded it; only it (or an admin) may delete it
 * @param size number of bytes
 * @param createdAt ISO-8601 UTC instant of the first upload
 */
public record EvaluationKeyInfo(
    KeyId id, ParameterSetId parameterSet, String owner, long size, String createdAt) {}
