package io.fhestreams.registry.api;

/**
 * What the registry knows of one stored blob.
 *
 * @param sha256 lowercase hex SHA-256 of the bytes
 * @param size number of bytes
 */
public record BlobInfo(String sha256, long size) {}
