/**
 * Storage of the registry behind one interface, {@link io.fhestreams.registry.store.RegistryStore}:
 * a directory (the default, {@link io.fhestreams.registry.store.DirectoryRegistryStore}) and
 * PostgreSQL ({@link io.fhestreams.registry.store.PostgresRegistryStore}). One shared test suite
 * runs against both.
 */
package io.fhestreams.registry.store;
