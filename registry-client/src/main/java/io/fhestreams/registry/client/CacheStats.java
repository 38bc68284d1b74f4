package io.fhestreams.registry.client;

/**
 * A snapshot of a {@link ByteBoundedCache}.
 *
 * @param hits lookups answered from the cache
 * @param misses lookups that loaded
 * @param evictions entries dropped to stay within the bound
 * @param entries entries held
 * @param bytes bytes held (sum of the entries' retained bytes)
 * @param maxBytes the bound
 */
public record CacheStats(
    long hits, long misses, long evictions, long entries, long bytes, long maxBytes) {}
