package io.fhestreams.streams.processor;

/**
 * What evaluating one request of a model costs, as its compile report counts it, and the two
 * decisions the processor takes from it: where the evaluation runs, and how much of a transaction
 * it takes.
 *
 * <p>The CPU estimate is deliberately generous (about twice what this project's engine measures on
 * one core: a multiply-add of 64-bit integers below 1 ns, a bootstrap of the 4-bit sets about 20
 * ms, streams-app/README.md): it bounds the work put in one poll and one transaction, where an
 * underestimate would risk the transaction timeout, while an overestimate only commits more often.
 *
 * @param bootstraps programmable bootstraps per request, >= 0
 * @param multiplyAdds 64-bit multiply-adds of the leveled part per request (ciphertext operations
 *     times the ciphertext's length, plus the regeneration of the seeded input masks), >= 0
 */
public record EvaluationCost(long bootstraps, long multiplyAdds) {

  /** Cost of a model the evaluator cannot estimate: counted as a whole transaction's budget. */
  public static final EvaluationCost UNKNOWN = new EvaluationCost(Long.MAX_VALUE, Long.MAX_VALUE);

  /** Estimated CPU nanoseconds of one 64-bit multiply-add, generous (see the class comment). */
  static final long NANOS_PER_MULTIPLY_ADD = 2;

  /** Estimated CPU nanoseconds of one bootstrap, generous (see the class comment). */
  static final long NANOS_PER_BOOTSTRAP = 40_000_000;

  /**
   * Largest estimate evaluated on the stream thread itself: a few milliseconds, less than the
   * hand-off to another thread and back would be worth, and too short for the per-record deadline
   * to matter.
   */
  static final long INLINE_MAX_NANOS = 5_000_000;

  /** Validates the counts. */
  public EvaluationCost {
    if (bootstraps < 0 || multiplyAdds < 0) {
      throw new IllegalArgumentException(
          "bootstraps and multiply-adds must be >= 0, found " + bootstraps + ", " + multiplyAdds);
    }
  }

  /** Estimated CPU nanoseconds of one evaluation (saturating). */
  public long estimatedNanos() {
    if (bootstraps > Long.MAX_VALUE / NANOS_PER_BOOTSTRAP
        || multiplyAdds > Long.MAX_VALUE / NANOS_PER_MULTIPLY_ADD) {
      return Long.MAX_VALUE;
    }
    long sum = bootstraps * NANOS_PER_BOOTSTRAP + multiplyAdds * NANOS_PER_MULTIPLY_ADD;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  /**
   * Whether the evaluation runs on the stream thread, without the hand-off to a deadline thread: a
   * leveled circuit (no bootstrap) whose estimate is at most {@link #INLINE_MAX_NANOS}.
   */
  public boolean runsInline() {
    return bootstraps == 0 && estimatedNanos() <= INLINE_MAX_NANOS;
  }
}
