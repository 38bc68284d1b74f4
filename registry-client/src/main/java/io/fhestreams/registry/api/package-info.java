/**
 * The registry's vocabulary, shared by its server, its storage and its client: typed names and ids
 * that validate themselves (so that no name can escape a directory or a URL path), the metadata
 * records answered as JSON, and the one exception type whose kind decides the HTTP status.
 */
package io.fhestreams.registry.api;
