package io.fhestreams.streams.processor;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts how often each partition's current offset has been read in this process. A record whose
 * processing keeps killing its stream thread (or whose outcome cannot be written) is read again
 * from the last committed offset after each replacement; counting the reads lets the processor
 * quarantine it instead of looping. Records of a partition come in offset order, so one entry per
 * partition is enough: a new offset replaces the old one. Shared by every task; thread-safe.
 */
public final class OffsetAttempts {

  private final Map<String, long[]> byPartition = new HashMap<>();

  /**
   * Notes one more read of {@code origin} and returns how many reads it has had (1 for the first);
   * 1 when the origin is unknown.
   */
  public synchronized int begin(DeadLetters.RecordOrigin origin) {
    if (origin.offset() < 0) {
      return 1;
    }
    long[] entry = byPartition.get(partition(origin));
    if (entry == null || entry[0] != origin.offset()) {
      byPartition.put(partition(origin), new long[] {origin.offset(), 1});
      return 1;
    }
    entry[1]++;
    return (int) Math.min(Integer.MAX_VALUE, entry[1]);
  }

  /**
   * Takes back the read of {@code origin}: it ended in a transient failure (registry outage), which
   * must never count towards quarantine.
   */
  public synchronized void forgive(DeadLetters.RecordOrigin origin) {
    long[] entry = byPartition.get(partition(origin));
    if (entry != null && entry[0] == origin.offset() && entry[1] > 0) {
      entry[1]--;
    }
  }

  private static String partition(DeadLetters.RecordOrigin origin) {
    return origin.topic() + '\n' + origin.partition();
  }
}
