package io.fhestreams.streams.processor;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls and commits by cost: how much estimated work ({@link EvaluationCost#estimatedNanos()}) one
 * poll and one transaction may hold, and the cost of each model version seen so far.
 *
 * <p>The rule: a poll hands the stream thread records while their summed estimate stays within the
 * budget, and always at least one record (a model never seen has an unknown cost and counts as the
 * whole budget, so it comes alone; a model whose evaluator gives no estimate is then counted at
 * twice its longest measured evaluation); the processor asks for a commit as soon as the records it
 * processed since its last request reach the budget. So a transaction holds either many cheap
 * records or one expensive one, and never more than the budget plus one record: with the default
 * budget, a tenth of the transaction timeout, a tree ensemble's records (seconds each) are polled
 * and committed one by one as with {@code max.poll.records=1}, while a linear model's (a fraction
 * of a millisecond) go by hundreds. Shared by every stream thread; thread-safe.
 */
public final class CostBudget {

  /** Most model versions remembered; past it the book starts again (costs are found again). */
  static final int MAX_MODELS = 10_000;

  private final long budgetNanos;
  private final Map<ModelVersionKey, Long> costs = new ConcurrentHashMap<>();

  /** Estimated work processed by the current stream thread since it last asked for a commit. */
  private final ThreadLocal<long[]> uncommitted = ThreadLocal.withInitial(() -> new long[1]);

  private record ModelVersionKey(String name, String version) {}

  /** A budget of {@code budget} of estimated work per poll and per transaction. */
  public CostBudget(Duration budget) {
    Objects.requireNonNull(budget, "budget");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("cost budget must be > 0, found " + budget);
    }
    this.budgetNanos = budget.toNanos();
  }

  /** The budget in estimated nanoseconds. */
  public long budgetNanos() {
    return budgetNanos;
  }

  /** Remembers the estimated cost of one request of {@code model} version {@code version}. */
  void remember(String model, String version, EvaluationCost cost) {
    if (costs.size() >= MAX_MODELS) {
      costs.clear();
    }
    costs.put(new ModelVersionKey(model, version), cost.estimatedNanos());
  }

  /**
   * Remembers a measured evaluation of {@code model} version {@code version} whose evaluator gives
   * no estimate: twice the longest measured so far, as generous as the estimates.
   */
  void rememberMeasured(String model, String version, long nanos) {
    if (costs.size() >= MAX_MODELS) {
      costs.clear();
    }
    long doubled = nanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * Math.max(0, nanos);
    costs.merge(new ModelVersionKey(model, version), doubled, Math::max);
  }

  /**
   * The estimated nanoseconds of one request of {@code model} version {@code version}, or the whole
   * budget if its cost is not known yet.
   */
  public long estimatedNanos(String model, String version) {
    Long nanos = costs.get(new ModelVersionKey(model, version));
    return nanos == null ? budgetNanos : nanos;
  }

  /**
   * Adds {@code nanos} of work processed by the calling stream thread; true when its work since the
   * last request reached the budget (and the count starts again): time to ask for a commit.
   */
  boolean charge(long nanos) {
    long[] spent = uncommitted.get();
    spent[0] = nanos > Long.MAX_VALUE - spent[0] ? Long.MAX_VALUE : spent[0] + nanos;
    if (spent[0] >= budgetNanos) {
      spent[0] = 0;
      return true;
    }
    return false;
  }
}
