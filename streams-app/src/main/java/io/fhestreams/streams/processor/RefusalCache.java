package io.fhestreams.streams.processor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers for a while that the registry refused a model ({@code UNKNOWN_MODEL}) or a key ({@code
 * UNKNOWN_KEY}), so that a stream of requests naming the same garbage is answered from memory
 * instead of downloading and decoding it again (and, for an unknown id, instead of waiting the
 * grace period again). Bounded to {@value #MAX_ENTRIES} entries; shared by every task; thread-safe.
 */
public final class RefusalCache {

  /** Entries kept at most; beyond, new refusals are not remembered until old ones expire. */
  public static final int MAX_ENTRIES = 10_000;

  private static final int MAX_SUBJECT_CHARS = 1024;

  private record Refusal(FailureReason reason, String message, Instant expires) {}

  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();

  /** A cache keeping refusals for {@code ttl} (zero: none kept). */
  public RefusalCache(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Throws the remembered refusal of the model or the key of {@code c}, if any is still fresh. */
  public void check(ModelCoordinates c) throws InferenceException {
    if (ttl.isZero()) {
      return;
    }
    Instant now = clock.instant();
    for (String subject : new String[] {modelSubject(c), keySubject(c)}) {
      Refusal r = refusals.get(subject);
      if (r != null) {
        if (now.isBefore(r.expires())) {
          throw new InferenceException(
              r.reason(), r.message() + " (refusal remembered until " + r.expires() + ")");
        }
        refusals.remove(subject, r);
      }
    }
  }

  /** Remembers {@code refusal} if it is about the model or the key alone. */
  public void remember(ModelCoordinates c, InferenceException refusal) {
    String subject =
        switch (refusal.reason()) {
          case UNKNOWN_MODEL -> modelSubject(c);
          case UNKNOWN_KEY -> keySubject(c);
          default -> null;
        };
    // names that long are never in the registry (nothing to download); not worth the memory
    if (subject == null || ttl.isZero() || subject.length() > MAX_SUBJECT_CHARS) {
      return;
    }
    Instant now = clock.instant();
    if (refusals.size() >= MAX_ENTRIES) {
      refusals.values().removeIf(r -> !now.isBefore(r.expires()));
      if (refusals.size() >= MAX_ENTRIES) {
        return;
      }
    }
    refusals.put(
        subject,
        new Refusal(
            refusal.reason(),
            DeadLetters.abbreviate(refusal.getMessage(), MAX_SUBJECT_CHARS),
            now.plus(ttl)));
  }

  private static String modelSubject(ModelCoordinates c) {
    return "model\n" + c.modelName() + '\n' + c.modelVersion();
  }

  private static String keySubject(ModelCoordinates c) {
    return "key\n" + c.keyId();
  }
}
