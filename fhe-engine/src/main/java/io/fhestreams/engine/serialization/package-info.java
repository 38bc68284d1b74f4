/**
 * Versioned binary container for every key, ciphertext list and model artifact, and the formats of
 * each kind inside it.
 *
 * <p>A blob is header (magic, format version, {@link io.fhestreams.engine.serialization.BlobKind},
 * parameter-set id, payload length, header CRC32C), payload, trailing CRC32C; the layout is in
 * {@link io.fhestreams.engine.serialization.BlobFormat}. {@link
 * io.fhestreams.engine.serialization.BlobWriter} writes one in streaming fashion; {@link
 * io.fhestreams.engine.serialization.BlobReader} checks and reads one from a stream or a byte array
 * and refuses anything malformed with a {@link
 * io.fhestreams.engine.serialization.BlobFormatException} that names the failed check.
 */
package io.fhestreams.engine.serialization;
