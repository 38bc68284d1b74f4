package io.fhestreams.registry.client;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A least-recently-used cache bounded by the bytes its values retain, not by their count: one
 * evaluation-key set can be a thousand times larger than another. Concurrent lookups of the same
 * missing key load it once. A value larger than the whole bound is returned but not kept.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ByteBoundedCache<K, V> {
  /** Loads a missing value with its retained size. */
  @FunctionalInterface
  public interface Loader<V> {
    BlobDecoder.Decoded<V> load() throws Exception;
  }

  private record Entry<V>(V value, long bytes) {}

  private final long maxBytes;
  private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final ConcurrentHashMap<K, CompletableFuture<Entry<V>>> loading =
      new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();
  private long bytes;

  /** A cache holding at most {@code maxBytes} bytes of values (at least 1). */
  public ByteBoundedCache(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1, found " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** The value of {@code key}, loading it with {@code loader} on a miss. */
  public V get(K key, Loader<V> loader) {
    synchronized (this) {
      Entry<V> hit = entries.get(key);
      if (hit != null) {
        hits.incrementAndGet();
        return hit.value();
      }
    }
    CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
    CompletableFuture<Entry<V>> running = loading.putIfAbsent(key, mine);
    if (running != null) {
      hits.incrementAndGet();
      return join(running);
    }
    misses.incrementAndGet();
    try {
      BlobDecoder.Decoded<V> decoded = loader.load();
      Entry<V> entry = new Entry<>(decoded.value(), decoded.retainedBytes());
      put(key, entry);
      mine.complete(entry);
      return entry.value();
    } catch (Throwable e) {
      mine.completeExceptionally(e);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error err) {
        throw err;
      }
      throw new RegistryClientException(0, "cannot load " + key + ": " + e.getMessage(), e);
    } finally {
      loading.remove(key, mine);
    }
  }

  private static <V> V join(CompletableFuture<Entry<V>> future) {
    try {
      return future.get().value();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryClientException(0, "interrupted while waiting for a load", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new RegistryClientException(0, "load failed: " + e.getCause(), e.getCause());
    }
  }

  private synchronized void put(K key, Entry<V> entry) {
    if (entry.bytes() > maxBytes) {
      return;
    }
    Entry<V> previous = entries.put(key, entry);
    bytes += entry.bytes() - (previous == null ? 0 : previous.bytes());
    Iterator<Map.Entry<K, Entry<V>>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      Map.Entry<K, Entry<V>> victim = eldest.next();
      if (victim.getKey().equals(key)) {
        continue;
      }
      bytes -= victim.getValue().bytes();
      eldest.remove();
      evictions.incrementAndGet();
    }
  }

  /** Drops {@code key}, if held. */
  public synchronized void invalidate(K key) {
    Entry<V> removed = entries.remove(key);
    if (removed != null) {
      bytes -= removed.bytes();
    }
  }

  /** Counters and occupancy now. */
  public synchronized CacheStats stats() {
    return new CacheStats(
        hits.get(), misses.get(), evictions.get(), entries.size(), bytes, maxBytes);
  }
}
