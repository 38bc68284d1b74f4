package io.fhestreams.ml.models.knn;

import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.deploy.IoLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact squared distances as keys of 4-bit blocks, and their compare-swap, every read within 6 bits
 * (the plain 6-bit set) however wide the keys.
 *
 * <p><b>Keys.</b> With x̄ = L − 1 − x and p̄ = L − 1 − p per feature, ‖x − p‖² = ‖p̄‖² + 2⟨p, x̄⟩ +
 * (‖x̄‖² − 2(L − 1)·Σx̄), the last term the same for every point, so key_p = ‖p̄‖² + 2⟨p, x̄⟩ ≥ 0
 * orders the points exactly as their distances do and is linear in x̄ with clear coefficients. The
 * client sends the base-4 digits of x̄ ({@link IoLayout.Inputs#COMPLEMENT_DIGITS}); with p in
 * base-4 digits too, ⟨p, x̄⟩ = Σ_c 4^c·Σ_{a + b = c} x̄_a·p_b: each digit product is at most 9, so
 * at most {@link #TERMS_PER_GROUP} of a column form one leveled sum of at most 63. Each sum is cut
 * into the 4-bit blocks its weight 2·4^c reaches by one lookup per block; then each block's parts
 * are summed (up to 63) and cut into the block's digit and its carry into the next block, as
 * TFHE-rs propagates radix carries (a block is message and carry, {@code full_propagate}), until
 * every block is one value of at most 15. ‖p̄‖² enters as clear constants per block.
 *
 * <p><b>Compare-swap</b>, after TFHE-rs's radix comparisons ({@code
 * tfhe/src/integer/server_key/comparator.rs}): per block the sign of a_i − b_i as 0/1/2 (the most
 * significant block's as 4·sign), then folds from the top, each a lookup of 4·s_high + s_low
 * returning 4·sign (the last 32·[a &gt; b]): 2n − 1 lookups for n blocks. Then per block min_i =
 * A(32·[a &gt; b] + a_i) + B(32·[a &gt; b] + b_i) and max_i likewise, four lookups keeping one side
 * or 0, clamped to [0, 15], so a block leaves a compare-swap as a sum of two fresh lookups of range
 * [0, 30]: 6n − 1 bootstraps, and every scaled sign comes out of a lookup (a leveled scaling would
 * scale its noise too).
 */
final class RadixKeys {
  private RadixKeys() {}

  /** Bits of a block. */
  static final int BLOCK_BITS = 4;

  /** Largest value of a block. */
  static final long BLOCK_MAX = (1L << BLOCK_BITS) - 1;

  /** The largest leveled sum a block read takes (the 6-bit message space). */
  static final long SUM_MAX = 63;

  /** Digit products (each at most 3·3) summed before a lookup cuts them into blocks. */
  static final int TERMS_PER_GROUP = (int) (SUM_MAX / 9);

  /**
   * Distance blocks of every point, least significant first, each a node of {@code set.size()}
   * elements of range within [0, 15], from the node {@code digits} of the sample's complement
   * digits; {@code points[i][j]} is point i's quantized feature j in [0, levels). Only the blocks
   * of the largest key are formed: every part of a key is non-negative and at most the key, so no
   * part and no carry reaches a block above it (the inferred ranges, sums of each part's maximum,
   * would add a block).
   */
  static List<Integer> distanceBlocks(
      CircuitBuilder b, int digits, long[][] points, int features, long levels) {
    int n = points.length;
    int blocks =
        (new ValueRange(0, largestKey(points, levels)).bitWidth() + BLOCK_BITS - 1) / BLOCK_BITS;
    int perFeature = IoLayout.digitsOf(levels);
    int inputs = features * perFeature;
    List<List<Integer>> parts = new ArrayList<>();
    for (int column = 0; column <= 2 * (perFeature - 1); column++) {
      List<int[]> terms = new ArrayList<>(); // feature, digit of x̄, digit of p
      for (int j = 0; j < features; j++) {
        for (int a = Math.max(0, column - perFeature + 1);
            a <= Math.min(column, perFeature - 1);
            a++) {
          terms.add(new int[] {j, a, column - a});
        }
      }
      for (int from = 0; from < terms.size(); from += TERMS_PER_GROUP) {
        long[] matrix = new long[n * inputs];
        for (int[] t : terms.subList(from, Math.min(terms.size(), from + TERMS_PER_GROUP))) {
          for (int i = 0; i < n; i++) {
            matrix[i * inputs + t[0] * perFeature + t[1]] = digit(points[i][t[0]], t[2]);
          }
        }
        int sum = b.matMulConstant(digits, n, matrix);
        // weight 2·4^column = 16^(column / 2) · 2·4^(column % 2)
        cut(b, sum, 2L << (2 * (column % 2)), column / 2, blocks, parts);
      }
    }
    long[] constant = new long[n];
    for (int i = 0; i < n; i++) {
      for (long p : points[i]) {
        constant[i] += (levels - 1 - p) * (levels - 1 - p);
      }
    }
    for (int block = 0; constantLeft(constant); block++) {
      long[] digit = new long[n];
      for (int i = 0; i < n; i++) {
        digit[i] = constant[i] & BLOCK_MAX;
        constant[i] >>= BLOCK_BITS;
      }
      List<Integer> at = partsOf(parts, block);
      int base = at.isEmpty() ? b.matMulConstant(digits, n, new long[n * inputs]) : at.remove(0);
      at.add(0, b.addConstant(base, digit));
    }
    List<Integer> keyBlocks = new ArrayList<>();
    for (int block = 0; block < parts.size(); block++) {
      keyBlocks.add(propagate(b, parts, block, blocks));
    }
    return keyBlocks;
  }

  /**
   * Element-wise compare-swap of two keys of equal block counts (least significant first, nodes of
   * one size, ranges within [0, 31]): the blocks of the minimum, then those of the maximum.
   */
  static List<List<Integer>> compareSwap(
      CircuitBuilder b, List<Integer> left, List<Integer> right) {
    int n = left.size();
    int greater = -1; // 4·sign of the blocks above, 0/4/8 for less/equal/greater
    for (int i = n - 1; i >= 0; i--) {
      int difference = b.subtract(left.get(i), right.get(i));
      long shift = -b.range(difference).min(); // bootstraps read unsigned messages
      long[] shifts = new long[b.size(difference)];
      Arrays.fill(shifts, shift);
      int shifted = b.addConstant(difference, shifts);
      ValueRange r = b.range(shifted);
      long[] sign = new long[Math.toIntExact(r.max() + 1)];
      for (int v = 0; v < sign.length; v++) {
        long s = Long.signum(v - shift) + 1;
        sign[v] = n == 1 ? (s == 2 ? 32 : 0) : i == n - 1 ? 4 * s : s;
      }
      int code = b.tableLookup(shifted, 0, sign);
      if (i == n - 1) {
        greater = code;
        continue;
      }
      int both = b.add(greater, code);
      long[] fold = new long[11];
      for (int v = 0; v < fold.length; v++) {
        long s = v / 4 != 1 ? v / 4 : Math.min(v % 4, 2); // a low code of 3 never occurs
        fold[v] = i > 0 ? 4 * s : (s == 2 ? 32 : 0);
      }
      greater = b.tableLookup(both, 0, fold);
    }
    List<Integer> min = new ArrayList<>();
    List<Integer> max = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int a = b.add(greater, left.get(i));
      int c = b.add(greater, right.get(i));
      min.add(b.add(keep(b, a, false), keep(b, c, true)));
      max.add(b.add(keep(b, a, true), keep(b, c, false)));
    }
    return List.of(min, max);
  }

  /**
   * A lookup of 32·g + v (g ∈ {0, 1}, v in [0, 31]): v clamped to [0, 15] when g = {@code when},
   * else 0.
   */
  private static int keep(CircuitBuilder b, int packed, boolean when) {
    ValueRange r = b.range(packed);
    long[] table = new long[Math.toIntExact(r.max() + 1)];
    for (int v = 0; v < table.length; v++) {
      table[v] = (v >= 32) == when ? Math.min(v % 32, BLOCK_MAX) : 0;
    }
    return b.tableLookup(packed, 0, table);
  }

  /** Digit {@code d} (base 4) of {@code value}. */
  private static long digit(long value, int d) {
    return (value >> (IoLayout.DIGIT_BITS * d)) & ((1L << IoLayout.DIGIT_BITS) - 1);
  }

  /**
   * Cuts node {@code sum} (weight scale·16^block) into the blocks below {@code blocks} it reaches,
   * one lookup each, appended to {@code parts} (a higher block's part only where it can be
   * non-zero).
   */
  private static void cut(
      CircuitBuilder b, int sum, long scale, int block, int blocks, List<List<Integer>> parts) {
    ValueRange r = b.range(sum);
    for (int k = 0; block + k < blocks && (scale * r.max()) >> (BLOCK_BITS * k) > 0; k++) {
      long[] table = new long[Math.toIntExact(r.max() - r.min() + 1)];
      boolean any = false;
      for (int v = 0; v < table.length; v++) {
        table[v] = ((scale * (r.min() + v)) >> (BLOCK_BITS * k)) & BLOCK_MAX;
        any |= table[v] != 0;
      }
      if (any || k == 0) { // the block's own digit always: propagate puts it first
        partsOf(parts, block + k).add(b.tableLookup(sum, r.min(), table));
      }
    }
  }

  /**
   * The block's parts summed (each sum at most {@link #SUM_MAX}) and cut into its digit and a carry
   * into the next block, until one value of at most 15 is left.
   */
  private static int propagate(CircuitBuilder b, List<List<Integer>> parts, int block, int blocks) {
    List<Integer> at = parts.get(block);
    while (at.size() > 1 || b.range(at.get(0)).max() > BLOCK_MAX) {
      int sum = at.remove(0);
      while (!at.isEmpty() && b.range(sum).max() + b.range(at.get(0)).max() <= SUM_MAX) {
        sum = b.add(sum, at.remove(0));
      }
      cut(b, sum, 1, block, blocks, parts);
      at.add(0, at.remove(at.size() - 1)); // the digit just cut first: it absorbs the next parts
    }
    return at.get(0);
  }

  /** The largest key over every sample: ‖p̄‖² + 2⟨p, x̄⟩ with x̄ = L − 1 everywhere. */
  static long largestKey(long[][] points, long levels) {
    long largest = 0;
    for (long[] point : points) {
      long key = 0;
      for (long p : point) {
        key += (levels - 1 - p) * (levels - 1 - p) + 2 * p * (levels - 1);
      }
      largest = Math.max(largest, key);
    }
    return largest;
  }

  private static List<Integer> partsOf(List<List<Integer>> parts, int block) {
    while (parts.size() <= block) {
      parts.add(new ArrayList<>());
    }
    return parts.get(block);
  }

  private static boolean constantLeft(long[] constant) {
    for (long c : constant) {
      if (c != 0) {
        return true;
      }
    }
    return false;
  }
}
