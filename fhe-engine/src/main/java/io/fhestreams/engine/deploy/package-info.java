/**
 * The client/server split of a compiled model: versioned, checksummed
 * {@link io.fhestreams.engine.deploy.ClientArtifact} and {@link io.fhestreams.engine.deploy.ServerArtifact},
 * the {@link io.fhestreams.engine.deploy.FheClient} role (keys, encrypt, decrypt) and the
 * {@link io.fhestreams.engine.deploy.FheServer} role (evaluate ciphertexts with evaluation keys).
 */
package io.fhestreams.engine.deploy;
