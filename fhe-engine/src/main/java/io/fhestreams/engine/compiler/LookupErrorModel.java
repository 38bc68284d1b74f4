package io.fhestreams.engine.compiler;

import io.fhestreams.engine.circuit.Operation;
import io.fhestreams.engine.circuit.ValueRange;
import io.fhestreams.engine.noise.FailureProbability;

/**
 * When a table lookup counts as failed in the compiler's failure budget.
 *
 * <p>{@link #INDEX} (the default): whenever the bootstrap reads another index than the exact one.
 * {@link #VALUE_FLIP}: whenever it returns another value, averaged over indices spread uniformly
 * over the operand's range. The second is Concrete ML's view of approximate rounding: a table that is
 * constant on runs of 2^k indices reads only the top bits of a wide accumulator, the low bits acting
 * as extra noise, so a misread index matters only next to a run's edge. It is an average, not a
 * worst case: use it for neural nets whose accuracy is measured under simulation, not for exact
 * circuits.
 */
public enum LookupErrorModel {
  /** A lookup fails when its index is misread (worst case over indices). */
  INDEX,
  /** A lookup fails when its value changes, averaged over a uniformly spread index. */
  VALUE_FLIP;

  /**
   * The probability that {@code lookup} returns another value than table[a] when the index a, uniform
   * over {@code range}, is read as round(a + e) with e ~ N(0, sigma²) (sigma in index steps). Indices
   * read beyond the table count as wrong.
   */
  static double flipProbability(Operation.TableLookup lookup, ValueRange range, double sigma) {
    if (sigma == 0) {
      return 0;
    }
    int reach = (int) Math.ceil(12 * sigma) + 1; // beyond 12 sigma the Gaussian tail is below 2^-100
    double[] misread = new double[reach + 1]; // misread[d] = P(round(e) = d) = P(round(e) = -d), d >= 1
    for (int d = 1; d <= reach; d++) {
      misread[d] = tail(d - 0.5, sigma) - tail(d + 0.5, sigma);
    }
    double total = 0;
    for (long a = range.min(); a <= range.max(); a++) {
      long value = lookup.lookup(a);
      for (int d = 1; d <= reach; d++) {
        total += misread[d] * (differs(lookup, a + d, value) + differs(lookup, a - d, value));
      }
      total += tail(reach + 0.5, sigma) * 2;
    }
    return Math.min(1.0, total / (range.max() - range.min() + 1));
  }

  private static int differs(Operation.TableLookup lookup, long index, long value) {
    return !lookup.domain().contains(index) || lookup.lookup(index) != value ? 1 : 0;
  }

  /** P(e > x) for e ~ N(0, sigma²), x >= 0. */
  private static double tail(double x, double sigma) {
    return 0.5 * Math.pow(2, FailureProbability.log2Erfc(x / (sigma * Math.sqrt(2))));
  }
}
