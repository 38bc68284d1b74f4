package io.fhestreams.clients.producer;

import io.fhestreams.clients.consumer.PredictionConsumer;
import io.fhestreams.schemas.RequestKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The record keys one sender spreads its requests over, used round-robin: with spread S, S keys
 * {@code KEYID/BUCKET} that Kafka's default partitioner puts on S distinct partitions of {@code
 * fhe.requests} (at most one per partition), so one sender's records are answered by up to S app
 * instances in parallel while its evaluation keys are fetched and cached by at most S instances.
 * Spread 1 is the key id alone: every record on one partition, as before spreads existed.
 *
 * <p>The buckets are not simply 0..S-1: S hashes would collide (4 buckets on 4 partitions land on
 * fewer than 3 distinct partitions on average), so the smallest buckets that hash to distinct
 * partitions are taken. They depend only on the key id and the partition count, so the app needs
 * nothing but the key id to resolve the keys; it never needs to know S. Thread-safe.
 */
public final class RequestSpread {
  /**
   * Spread of a producer unless configured: a large sender keeps up to four instances busy without
   * configuration, while each sender's evaluation keys (about 130 MB decoded for the 4-bit
   * parameter set) are downloaded and cached by at most four instances, not by every instance of a
   * large group.
   */
  public static final int DEFAULT = 4;

  /** Largest spread: more buckets than this would cache a sender's keys on too many instances. */
  public static final int MAX = 64;

  private final List<String> keys;
  private final AtomicLong next = new AtomicLong();

  private RequestSpread(List<String> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * The keys of {@code keyId} with spread {@code spread} over a topic of {@code partitions}
   * partitions: min(spread, partitions) keys on distinct partitions (fewer only if {@link
   * RequestKey#MAX_BUCKET} buckets do not reach that many partitions).
   */
  public static RequestSpread of(String keyId, int spread, int partitions) {
    if (spread < 1 || spread > MAX) {
      throw new IllegalArgumentException("spread must be in [1, " + MAX + "], got " + spread);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (spread == 1) {
      return new RequestSpread(List.of(RequestKey.of(keyId).toString()));
    }
    int wanted = Math.min(spread, partitions);
    List<String> keys = new ArrayList<>(wanted);
    Set<Integer> taken = new HashSet<>();
    for (int bucket = 0; bucket <= RequestKey.MAX_BUCKET && keys.size() < wanted; bucket++) {
      String key = RequestKey.of(keyId, bucket).toString();
      if (taken.add(PredictionConsumer.partitionOf(key, partitions))) {
        keys.add(key);
      }
    }
    return new RequestSpread(keys);
  }

  /** The keys, in the order they are used. */
  public List<String> keys() {
    return keys;
  }

  /** The key of the next request (round-robin). */
  public String nextKey() {
    return keys.get((int) Math.floorMod(next.getAndIncrement(), (long) keys.size()));
  }
}
