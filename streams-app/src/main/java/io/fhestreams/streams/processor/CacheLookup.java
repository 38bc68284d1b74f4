package io.fhestreams.streams.processor;

/** Whether a resolution was answered from the resolver's cache or needed the registry. */
public enum CacheLookup {
  /** Model and keys were all in the cache. */
  HIT,
  /** At least one of them had to be fetched from the registry. */
  MISS
}
