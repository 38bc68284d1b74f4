/**
 * The client/server split of a compiled model: versioned, checksummed {@link
 * io.fhestreams.ml.deploy.ClientArtifact} and {@link io.fhestreams.ml.deploy.ServerArtifact}, the
 * {@link io.fhestreams.ml.deploy.FheClient} role (keys, encrypt, decrypt) and the {@link
 * io.fhestreams.ml.deploy.FheServer} role (evaluate ciphertexts with evaluation keys).
 */
package io.fhestreams.ml.deploy;
