/**
 * Bearer-token authentication: tokens are configured as SHA-256 hashes with roles ({@link
 * io.fhestreams.registry.auth.Role}), resolved to a {@link io.fhestreams.registry.auth.Principal}.
 */
package io.fhestreams.registry.auth;
