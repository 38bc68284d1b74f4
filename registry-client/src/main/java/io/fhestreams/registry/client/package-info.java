/**
 * The registry's Java client for the streams app and the CLI: {@link
 * io.fhestreams.registry.client.RegistryClient} (typed calls, retries with backoff), {@link
 * io.fhestreams.registry.client.RegistryCache} and {@link
 * io.fhestreams.registry.client.ByteBoundedCache} (decoded blobs bounded in bytes).
 */
package io.fhestreams.registry.client;
