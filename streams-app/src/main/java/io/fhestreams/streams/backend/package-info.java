/**
 * The real inference backend: a {@link io.fhestreams.streams.processor.ModelResolver} over the
 * model registry's client and cache, and a {@link
 * io.fhestreams.streams.processor.CiphertextEvaluator} over the engine's {@code FheServer}, plugged
 * in by {@link io.fhestreams.streams.backend.RegistryBackendProvider} ({@code
 * app.backend=registry}).
 */
package io.fhestreams.streams.backend;
