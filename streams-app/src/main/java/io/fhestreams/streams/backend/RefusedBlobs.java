package io.fhestreams.streams.backend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The blobs the resolver refused (a server artifact that does not load or exceeds the artifact
 * limits, evaluation keys that do not decode), with the reason, so that a request naming one is
 * refused at once instead of downloading and decoding it again. The blobs are immutable (a key id
 * is the SHA-256 of its blob, a published version's artifact never changes), so an entry stays
 * true; the map keeps the most recent {@value #MAX_ENTRIES}. Thread-safe.
 */
final class RefusedBlobs {
  static final int MAX_ENTRIES = 10_000;

  private final Map<String, String> reasons =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  /** The reason {@code blob} was refused, or null. */
  synchronized String reason(String blob) {
    return reasons.get(blob);
  }

  /** Remembers that {@code blob} was refused for {@code reason}; answers the reason. */
  synchronized String refuse(String blob, String reason) {
    reasons.put(blob, reason);
    return reason;
  }
}
