/**
 * The registry's HTTP service: {@link io.fhestreams.registry.server.RegistryServer} (Javalin), its
 * configuration ({@link io.fhestreams.registry.server.RegistryConfig}, YAML) and its endpoints.
 */
package io.fhestreams.registry.server;
