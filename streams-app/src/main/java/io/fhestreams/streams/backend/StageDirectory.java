package io.fhestreams.streams.backend;

import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.client.RegistryClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versions of each model as last read from the registry (with their stages and client-artifact
 * digests), for requests addressed to a stage. A read is trusted for {@code refresh}; it is read
 * again sooner, at most once per {@link #eventInterval}, when a request names a version newer than
 * every version read: a sender saw a promotion first, and that request is the event that brings it
 * here. While the registry cannot be reached the last read stays in force; a model the registry no
 * longer has (404) is forgotten. Only models the registry holds get an entry. Thread-safe.
 */
final class StageDirectory {

  /** Lists a model's versions (the registry client's call). */
  @FunctionalInterface
  interface VersionLister {
    List<ModelVersionInfo> versions(ModelName name);
  }

  /** Fastest re-read that a request naming an unseen version may cause. */
  static final Duration MAX_EVENT_INTERVAL = Duration.ofSeconds(1);

  private record Read(List<ModelVersionInfo> versions, int highest, Instant at) {}

  private final VersionLister registry;
  private final Duration refresh;
  private final Duration eventInterval;
  private final Clock clock;
  private final Map<ModelName, Read> reads = new ConcurrentHashMap<>();

  /** A directory over {@code registry}, each read trusted for {@code refresh}. */
  StageDirectory(VersionLister registry, Duration refresh, Clock clock) {
    this.registry = registry;
    this.refresh = refresh;
    this.eventInterval = refresh.compareTo(MAX_EVENT_INTERVAL) < 0 ? refresh : MAX_EVENT_INTERVAL;
    this.clock = clock;
  }

  /**
   * The versions of {@code name}: the last read while it is fresh and knows {@code named}, else
   * read again.
   *
   * @throws RegistryClientException when the registry answers an error, or cannot be reached and
   *     nothing was read before
   */
  List<ModelVersionInfo> versions(ModelName name, ModelVersion named) {
    Read last = reads.get(name);
    Instant now = clock.instant();
    if (last != null) {
      Duration age = Duration.between(last.at(), now);
      boolean unseen = named.number() > last.highest();
      if (age.compareTo(unseen ? eventInterval : refresh) < 0) {
        return last.versions();
      }
    }
    try {
      List<ModelVersionInfo> versions = List.copyOf(registry.versions(name));
      int highest = versions.stream().mapToInt(v -> v.version().number()).max().orElse(0);
      reads.put(name, new Read(versions, highest, now));
      return versions;
    } catch (RegistryClientException e) {
      if (e.isNotFound()) {
        reads.remove(name);
        throw e;
      }
      if (last != null && RegistryModelResolver.retryable(e.status())) {
        return last.versions();
      }
      throw e;
    }
  }
}
