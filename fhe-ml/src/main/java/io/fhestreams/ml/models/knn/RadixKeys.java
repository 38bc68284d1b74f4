package io.fhestreams.ml.models.knn;

import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.deploy.IoLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact squared distances as keys of blocks of b bits ({@link #BLOCK_WIDTHS}: 4, every read within
 * 6 bits, the plain 6-bit set; or 2, every read within 4 bits, the 4-bit set), and their
 * compare-swap, however wide the keys.
 *
 * <p><b>Keys.</b> With x̄ = L − 1 − x and p̄ = L − 1 − p per feature, ‖x − p‖² = ‖p̄‖² + 2⟨p, x̄⟩ +
 * (‖x̄‖² − 2(L − 1)·Σx̄), the last term the same for every point, so key_p = ‖p̄‖² + 2⟨p, x̄⟩ ≥ 0
 * orders the points exactly as their distances do and is linear in x̄ with clear coefficients. The
 * client sends the base-4 digits of x̄ ({@link IoLayout.Inputs#COMPLEMENT_DIGITS}); with p in
 * digits of b/2 bits (base 4 for 4-bit blocks, bits for 2-bit blocks), ⟨p, x̄⟩ = Σ_e 2^e·Σ x̄_a·p_c
 * over 2a + (b/2)·c = e: each digit product is at most 9 (3 for bits), so groups of 7 (5) of a
 * column form one leveled sum of at most 2^(b + 2) − 1 (63, 15). Each sum is cut into the blocks
 * its weight 2^(e + 1) reaches by one lookup per block; then each block's parts are summed (up to
 * 2^(b + 2) − 1) and cut into the block's digit and its carry into the next block, as TFHE-rs
 * propagates radix carries (a block is message and carry, {@code full_propagate}), until every
 * block is one value of at most 2^b − 1. ‖p̄‖² enters as clear constants per block.
 *
 * <p><b>Compare-swap</b>, after TFHE-rs's radix comparisons ({@code
 * tfhe/src/integer/server_key/comparator.rs}): per block the sign of a_i − b_i as 0/1/2 (the most
 * significant block's as 4·sign), then folds from the top, each a lookup of 4·s_high + s_low (at
 * most 10) returning 4·sign (the last f·[a &gt; b], f = 2^(b + 1)): 2n − 1 lookups for n blocks.
 * Then per block min_i = A(f·[a &gt; b] + a_i) + B(f·[a &gt; b] + b_i) and max_i likewise, four
 * lookups keeping one side or 0, clamped to [0, 2^b − 1], so a block leaves a compare-swap as a sum
 * of two fresh lookups of range [0, f − 2]: 6n − 1 bootstraps, 4n − 1 where the network keeps one
 * side (each side is built only when asked for, {@link Swapped}), and every scaled sign comes out
 * of a lookup (a leveled scaling would scale its noise too). The widest read is a block difference
 * shifted to [0, 2f − 4], within b + 2 bits.
 */
final class RadixKeys {
  /** Block widths the keys take: 4 (reads of 6 bits) or 2 (reads of 4 bits, the 4-bit set). */
  static final List<Integer> BLOCK_WIDTHS = List.of(4, 2);

  /** Bits of a block. */
  final int blockBits;

  /** Largest value of a block. */
  final long blockMax;

  /**
   * The largest leveled sum a block read takes: blockBits + 2 bits (a block leaves a compare-swap
   * as a sum of two lookups, below 2^(blockBits + 1), packed under a select flag).
   */
  final long sumMax;

  /** Bits of a point's digit: half a block, so a weight 2^(2a + pointBits·b + 1) cuts evenly. */
  private final int pointBits;

  /** Digit products (each at most 3·(2^pointBits − 1)) summed before a lookup cuts them. */
  private final int termsPerGroup;

  /** The flag of a packed select read, 2^(blockBits + 1): above any block sum. */
  private final long flag;

  RadixKeys(int blockBits) {
    if (!BLOCK_WIDTHS.contains(blockBits)) {
      throw new IllegalArgumentException(
          "exact KNN key blocks are " + BLOCK_WIDTHS + " bits wide, not " + blockBits);
    }
    this.blockBits = blockBits;
    this.blockMax = (1L << blockBits) - 1;
    this.sumMax = (1L << (blockBits + 2)) - 1;
    this.pointBits = blockBits / 2;
    this.termsPerGroup = (int) (sumMax / (3 * ((1L << pointBits) - 1)));
    this.flag = 1L << (blockBits + 1);
  }

  /**
   * Distance blocks of every point, least significant first, each a node of {@code set.size()}
   * elements of range within [0, {@link #blockMax}], from the node {@code digits} of the sample's
   * complement digits; {@code points[i][j]} is point i's quantized feature j in [0, levels). Only
   * the blocks of the largest key are formed: every part of a key is non-negative and at most the
   * key, so no part and no carry reaches a block above it (the inferred ranges, sums of each part's
   * maximum, would add a block).
   */
  List<Integer> distanceBlocks(
      CircuitBuilder b, int digits, long[][] points, int features, long levels) {
    int n = points.length;
    int blocks =
        (new ValueRange(0, largestKey(points, levels)).bitWidth() + blockBits - 1) / blockBits;
    int perFeature = IoLayout.digitsOf(levels);
    int pointDigits =
        Math.max(1, (new ValueRange(0, levels - 1).bitWidth() + pointBits - 1) / pointBits);
    int inputs = features * perFeature;
    List<List<Integer>> parts = new ArrayList<>();
    int lastExponent = IoLayout.DIGIT_BITS * (perFeature - 1) + pointBits * (pointDigits - 1);
    for (int exponent = 0; exponent <= lastExponent; exponent++) {
      List<int[]> terms = new ArrayList<>(); // feature, digit of x̄, digit of p
      for (int j = 0; j < features; j++) {
        for (int a = 0; a < perFeature; a++) {
          int rest = exponent - IoLayout.DIGIT_BITS * a;
          if (rest >= 0 && rest % pointBits == 0 && rest / pointBits < pointDigits) {
            terms.add(new int[] {j, a, rest / pointBits});
          }
        }
      }
      for (int from = 0; from < terms.size(); from += termsPerGroup) {
        long[] matrix = new long[n * inputs];
        for (int[] t : terms.subList(from, Math.min(terms.size(), from + termsPerGroup))) {
          for (int i = 0; i < n; i++) {
            matrix[i * inputs + t[0] * perFeature + t[1]] = digit(points[i][t[0]], t[2], pointBits);
          }
        }
        if (Arrays.stream(matrix).allMatch(c -> c == 0)) {
          continue; // every point's digit is 0 here: the sum is 0, no block to cut
        }
        int sum = b.matMulConstant(digits, n, matrix);
        // weight 2^(exponent + 1) = (2^blockBits)^block · 2^((exponent + 1) % blockBits)
        cut(b, sum, 1L << ((exponent + 1) % blockBits), (exponent + 1) / blockBits, blocks, parts);
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
        digit[i] = constant[i] & blockMax;
        constant[i] >>= blockBits;
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
   * one size, ranges within [0, 2^(blockBits + 1))): the sign and its folds now, each side's two
   * lookups per block when that block is first asked for.
   */
  Swapped compareSwap(CircuitBuilder b, List<Integer> left, List<Integer> right) {
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
        sign[v] = n == 1 ? (s == 2 ? flag : 0) : i == n - 1 ? 4 * s : s;
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
        fold[v] = i > 0 ? 4 * s : (s == 2 ? flag : 0);
      }
      greater = b.tableLookup(both, 0, fold);
    }
    int sign = greater;
    List<Lazy<Integer>> min = new ArrayList<>();
    List<Lazy<Integer>> max = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int block = i;
      // f·[a > b] + a_i and f·[a > b] + b_i, shared by the block's two sides
      Lazy<int[]> packed =
          new Lazy<>(() -> new int[] {b.add(sign, left.get(block)), b.add(sign, right.get(block))});
      min.add(packed.map(p -> b.add(keep(b, p[0], false), keep(b, p[1], true))));
      max.add(packed.map(p -> b.add(keep(b, p[0], true), keep(b, p[1], false))));
    }
    return new Swapped(min, max);
  }

  /**
   * The value of a key's {@code count} least significant blocks (nodes of one element, each a
   * compare-swap's sum of two lookups), as a sum of one lookup per block, each its block clamped to
   * a block's range and shifted to its place: the range then is the blocks' own, [0,
   * 2^(count·blockBits)).
   */
  int joinLow(CircuitBuilder b, List<Integer> blocks, int count) {
    int sum = -1;
    for (int j = 0; j < count; j++) {
      ValueRange r = b.range(blocks.get(j));
      long[] table = new long[Math.toIntExact(r.max() - r.min() + 1)];
      for (int v = 0; v < table.length; v++) {
        table[v] = Math.min(Math.max(r.min() + v, 0), blockMax) << (blockBits * j);
      }
      int placed = b.tableLookup(blocks.get(j), r.min(), table);
      sum = sum < 0 ? placed : b.add(sum, placed);
    }
    return sum;
  }

  /**
   * A lookup of flag·g + v (g ∈ {0, 1}, v in [0, flag)): v clamped to a block when g = {@code
   * when}, else 0.
   */
  private int keep(CircuitBuilder b, int packed, boolean when) {
    ValueRange r = b.range(packed);
    long[] table = new long[Math.toIntExact(r.max() + 1)];
    for (int v = 0; v < table.length; v++) {
      table[v] = (v >= flag) == when ? Math.min(v % flag, blockMax) : 0;
    }
    return b.tableLookup(packed, 0, table);
  }

  /** Digit {@code d} (base 2^bits) of {@code value}. */
  private static long digit(long value, int d, int bits) {
    return (value >> (bits * d)) & ((1L << bits) - 1);
  }

  /**
   * Cuts node {@code sum} (weight scale·(2^blockBits)^block) into the blocks below {@code blocks}
   * it reaches, one lookup each, appended to {@code parts} (a higher block's part only where it can
   * be non-zero).
   */
  private void cut(
      CircuitBuilder b, int sum, long scale, int block, int blocks, List<List<Integer>> parts) {
    ValueRange r = b.range(sum);
    for (int k = 0; block + k < blocks && (scale * r.max()) >> (blockBits * k) > 0; k++) {
      long[] table = new long[Math.toIntExact(r.max() - r.min() + 1)];
      boolean any = false;
      for (int v = 0; v < table.length; v++) {
        table[v] = ((scale * (r.min() + v)) >> (blockBits * k)) & blockMax;
        any |= table[v] != 0;
      }
      if (any || k == 0) { // the block's own digit always: propagate puts it first
        partsOf(parts, block + k).add(b.tableLookup(sum, r.min(), table));
      }
    }
  }

  /**
   * The block's parts summed (each sum at most {@link #sumMax}) and cut into its digit and a carry
   * into the next block, until one value of at most {@link #blockMax} is left.
   */
  private int propagate(CircuitBuilder b, List<List<Integer>> parts, int block, int blocks) {
    List<Integer> at = parts.get(block);
    while (at.size() > 1 || b.range(at.get(0)).max() > blockMax) {
      int sum = at.remove(0);
      while (!at.isEmpty() && b.range(sum).max() + b.range(at.get(0)).max() <= sumMax) {
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
