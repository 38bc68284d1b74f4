package io.fhestreams.streams.processor;

import java.time.Duration;
import java.util.Objects;

/**
 * What one record may cost the processor before it is dead-lettered instead of answered.
 *
 * @param deadline longest evaluation of one record ({@code DEADLINE_EXCEEDED} past it), > 0
 * @param maxAttempts times one offset may be read without an outcome before it is {@code
 *     QUARANTINED}, >= 1
 * @param unknownGrace how long an unknown model or key is looked up again before {@code
 *     UNKNOWN_MODEL}/{@code UNKNOWN_KEY}, >= 0
 * @param refusalTtl how long a refused model or key is answered from memory without asking the
 *     registry again, >= 0 (0: not remembered)
 * @param maxOutputBytes largest prediction or dead-letter record the producer may be handed, > 0
 */
public record RecordLimits(
    Duration deadline,
    int maxAttempts,
    Duration unknownGrace,
    Duration refusalTtl,
    int maxOutputBytes) {

  /** Validates the fields. */
  public RecordLimits {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(unknownGrace, "unknownGrace");
    Objects.requireNonNull(refusalTtl, "refusalTtl");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("record deadline must be > 0, found " + deadline);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be >= 1, found " + maxAttempts);
    }
    if (unknownGrace.isNegative()) {
      throw new IllegalArgumentException("unknown grace must be >= 0, found " + unknownGrace);
    }
    if (refusalTtl.isNegative()) {
      throw new IllegalArgumentException("refusal TTL must be >= 0, found " + refusalTtl);
    }
    if (maxOutputBytes <= 0) {
      throw new IllegalArgumentException("max output bytes must be > 0, found " + maxOutputBytes);
    }
  }
}
