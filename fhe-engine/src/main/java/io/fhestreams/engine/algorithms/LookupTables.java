package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.params.ParameterSet;
import java.util.function.LongUnaryOperator;

/**
 * Builds lookup tables (accumulators) for programmable bootstrapping with the padding-bit encoding
 * of TFHE-rs shortint ({@code shortint/engine/mod.rs}, {@code fill_accumulator_with_encoding}):
 * with p = 2^messageBits, Δ = 2^63/p and box = N/p, body coefficients [i·box, (i+1)·box) hold
 * f(i)·Δ, the first box/2 are negated and the polynomial is rotated left by box/2, so that slightly
 * negative phases still read f(0). Function values are reduced mod p.
 *
 * <p>Many-LUT (Carpov, Izabachène, Mollimard, CT-RSA 2019; tfhe-rs {@code
 * generate_many_lookup_table}): when inputs are known to be below p/ν, ν functions fit in one
 * table, function j occupying coefficients [j·N/ν, (j+1)·N/ν), and one blind rotation serves all ν
 * (sample-extract coefficient j·N/ν for function j). For inputs of w bits, ν = 2^(messageBits - w)
 * functions fit.
 */
public final class LookupTables {
  private LookupTables() {}

  /** The table of {@code f} on messages [0, 2^messageBits) of a PBS parameter set. */
  public static LookupTable forFunction(ParameterSet params, LongUnaryOperator f) {
    return forFunctions(params, new LongUnaryOperator[] {f});
  }

  /**
   * One table holding ν = {@code functions.length} functions (a power of two) of inputs in [0,
   * 2^messageBits / ν); function j is f_j.
   */
  public static LookupTable forFunctions(ParameterSet params, LongUnaryOperator... functions) {
    if (!params.supportsBootstrap()) {
      throw new IllegalArgumentException(
          "lookup tables need a PBS parameter set, found " + params.kind() + " set " + params.id());
    }
    int count = functions.length;
    long p = params.messageModulus();
    if (count < 1 || Integer.bitCount(count) != 1 || count > p) {
      throw new IllegalArgumentException(
          "function count must be a power of two in [1, 2^messageBits = "
              + p
              + "], found "
              + count);
    }
    int n = params.polynomialSize().value();
    int box = (int) (n / p);
    long inputs = p / count;
    int chunk = n / count;
    long delta = params.delta();
    long[] table = new long[n];
    for (int j = 0; j < count; j++) {
      for (int i = 0; i < inputs; i++) {
        long value = Math.floorMod(functions[j].applyAsLong(i), p) * delta;
        int from = j * chunk + i * box;
        java.util.Arrays.fill(table, from, from + box, value);
      }
    }
    return new LookupTable(
        centreBoxes(table, box), params.glweDimension(), params.polynomialSize(), count);
  }

  /**
   * The table of a padded input of {@code log2(values.length)} bits (its own width, not the set's:
   * message i at i·2^63/values.length on the torus) returning the raw torus value {@code
   * values[i]}, with the same box layout as {@link #forFunction}. Exact rounding reads a chunk of
   * an accumulator's low bits this way and returns it at the accumulator's own scale.
   */
  public static LookupTable forTorusValues(ParameterSet params, long[] values) {
    int n = params.polynomialSize().value();
    if (values.length < 1 || Integer.bitCount(values.length) != 1 || values.length > n) {
      throw new IllegalArgumentException(
          "torus value table: length must be a power of two in [1, N = "
              + n
              + "], found "
              + values.length);
    }
    int box = n / values.length;
    long[] table = new long[n];
    for (int i = 0; i < values.length; i++) {
      java.util.Arrays.fill(table, i * box, (i + 1) * box, values[i]);
    }
    return new LookupTable(
        centreBoxes(table, box), params.glweDimension(), params.polynomialSize(), 1);
  }

  /**
   * The table whose blind rotation returns +{@code value} for phases in [0, 1/2) and −value for
   * [1/2, 1): a sign-type (negacyclic) lookup, which needs no padding bit.
   */
  public static LookupTable constant(ParameterSet params, long value) {
    long[] table = new long[params.polynomialSize().value()];
    java.util.Arrays.fill(table, value);
    return new LookupTable(table, params.glweDimension(), params.polynomialSize(), 1);
  }

  /**
   * Negates the first half box and rotates left by half a box, so that slightly negative phases
   * read box 0.
   */
  private static long[] centreBoxes(long[] table, int box) {
    int n = table.length;
    int half = box / 2;
    for (int i = 0; i < half; i++) {
      table[i] = -table[i];
    }
    long[] rotated = new long[n];
    for (int i = 0; i < n; i++) {
      rotated[i] = table[(i + half) % n];
    }
    return rotated;
  }

  /**
   * The largest number of functions of a {@code inputBits}-bit input that fit in one table:
   * 2^(messageBits - inputBits).
   */
  public static int maxFunctionCount(ParameterSet params, int inputBits) {
    if (inputBits < 0 || inputBits > params.messageBits()) {
      throw new IllegalArgumentException(
          "inputBits must be in [0, " + params.messageBits() + "], found " + inputBits);
    }
    return 1 << (params.messageBits() - inputBits);
  }
}
