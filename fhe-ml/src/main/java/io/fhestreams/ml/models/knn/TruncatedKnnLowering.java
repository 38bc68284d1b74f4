package io.fhestreams.ml.models.knn;

import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.Operation;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.models.knn.KnnLowering.Labels;
import io.fhestreams.ml.models.knn.KnnLowering.Lowered;
import io.fhestreams.ml.models.knn.KnnLowering.Settings;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lowers a {@link NeighborSet} with truncated distances in one leveled key ({@link
 * KnnLowering.Distances#TRUNCATED}):
 *
 * <ol>
 *   <li><b>distances</b>, leveled: the client sends its quantized features in thermometer form
 *       ({@link io.fhestreams.ml.deploy.IoLayout}), so any function f of one feature is a sum of
 *       its bits with clear coefficients. With f(q) = min((q − p)², t), 0 at p and growing both
 *       ways, f(q) = Σ_{k ≤ p} (f(k − 1) − f(k))·[q &lt; k] + Σ_{k &gt; p} (f(k) − f(k − 1))·[q ≥
 *       k]: every coefficient is non-negative, so d_p = Σ_j min((x_j − p_j)², t) is one row of a
 *       clear matrix product whose inferred range starts at 0 and ends at Σ_j f(0) + f(L − 1), at
 *       most twice the true maximum. The truncation t (none: t = (L − 1)²) leaves the near points'
 *       distances alone and narrows the far ones' (the ⟨x, p⟩ form with ||x||² dropped would shift
 *       every distance by a sample-dependent amount and widen the range instead);
 *   <li><b>keys</b>, leveled, in one of two {@link Labels} layouts: {@link Labels#IN_KEY}, key =
 *       d·2^b + class index (b = ⌈log2 C⌉ bits, the class index a clear constant per point; equal
 *       distances are ordered by class, the smaller first; equal keys are interchangeable for the
 *       vote), or {@link Labels#APART}, key = d, every key bit a distance bit. Exact either way: no
 *       distance bit is dropped, the distances must fit the key ({@link KnnLowering#distanceBits});
 *   <li><b>selection</b>: the keys form G groups of ⌈N / G⌉ slots, G the largest power of two with
 *       G·2k ≤ N (the padding slots get the largest distance and the last class, so the largest
 *       key); each group is sorted by odd-even transposition (Knuth, TAOCP vol. 3, 5.3.4, exercise
 *       37) and keeps its k smallest, then groups are merged pairwise: the k smallest of two sorted
 *       k-lists A, B are min(A_i, B_{k − 1 − i}) (Batcher's bitonic observation), re-sorted unless
 *       it is the last merge. Every comparator is one {@link
 *       io.fhestreams.ml.circuit.Operation.CompareSwap} vectorized over the groups: min and max
 *       from one relu of the key difference, exact whatever its width (split at {@link
 *       #compareLowBits} bits when wider than a bootstrap reads whole), with exact ranges
 *       (selections are one-hot matrices, never sums of partial vectors, whose inferred ranges
 *       would add up);
 *   <li><b>vote</b>, {@link Labels#IN_KEY}: the k selected keys' classes are their low b bits (a
 *       {@link io.fhestreams.ml.circuit.Operation.Remainder} of their rounding); per class c, one
 *       lookup per class gives [class = c] and a sum the count. {@link Labels#APART}: the largest
 *       of the k selected distances is the threshold τ; each point's [d ≤ τ] is one sign read of τ
 *       − d (split as a comparison splits its difference), and a clear one-hot matrix sums them per
 *       class, leveled. Every point within τ votes, so a tie at τ lets more than k vote. The client
 *       de-quantizes the C counts and takes their arg-max, the smallest class on a tie, as
 *       scikit-learn's mode does.
 * </ol>
 */
public final class TruncatedKnnLowering {
  private TruncatedKnnLowering() {}

  /** Widest shifted key difference a comparison reads in one bootstrap (5 bits, the 4-bit set). */
  static final int WHOLE_READ_BITS = 5;

  /**
   * The low bits at which a comparison of keys in [0, maxKey] splits its difference: 0 when the
   * difference fits {@link #WHOLE_READ_BITS}, else half its width (rounded down), which balances
   * the widths of the high part and of the packed sign and low part.
   */
  public static int compareLowBits(long maxKey) {
    ValueRange keys = new ValueRange(0, maxKey);
    int whole = new Operation.CompareSwap(0, 0, 0).differenceWidth(keys, keys);
    if (whole <= WHOLE_READ_BITS) {
      return 0;
    }
    return whole / 2;
  }

  /** The inferred maximum distance (the largest row sum of the distance matrix). */
  static long maxDistance(NeighborSet set, List<UniformQuantizer> quantizers, long truncation) {
    long levels = KnnLowering.checkedLevels(set, quantizers);
    long[] matrix = distanceMatrix(set, quantizers, levels, truncation);
    return largestRowSum(matrix, 1 + 2 * set.features() * (int) (levels - 1));
  }

  /**
   * Lowers {@code set} with every feature quantized by {@code quantizers} (unsigned, one common
   * number of levels).
   */
  public static Lowered lower(
      NeighborSet set, List<UniformQuantizer> quantizers, Settings settings) {
    long levels = KnnLowering.checkedLevels(set, quantizers);
    int classes = set.classes().length;
    int classBits = KnnLowering.classBits(classes);
    CircuitBuilder b = new CircuitBuilder();
    int inputs = 1 + 2 * set.features() * (int) (levels - 1);
    int bits = b.input("thermometer", inputs, ValueRange.unsigned(1));
    int k = set.neighbors();
    int groups = KnnLowering.groupCount(set.size(), k);
    int slots = groups * ((set.size() + groups - 1) / groups);
    long[] matrix = distanceMatrix(set, quantizers, levels, settings.truncation());
    long maxDistance = largestRowSum(matrix, inputs);
    int distanceBits = KnnLowering.distanceBits(settings.keyBits(), classes, settings.labels());
    if (new ValueRange(0, maxDistance).bitWidth() > distanceBits) {
      throw new IllegalArgumentException(
          "KNN distances reach "
              + maxDistance
              + ", wider than the "
              + distanceBits
              + " bits a "
              + settings.keyBits()
              + "-bit key leaves them beside "
              + classes
              + " classes: raise the key bits or lower n_bits or the truncation");
    }
    boolean inKey = settings.labels() == Labels.IN_KEY;
    int labelBits = inKey ? classBits : 0;
    // key = d·2^b (+ class): the matrix scaled by 2^b; padding slots (the constant input bit times
    // the largest distance) get the largest distance (and the last class)
    long[] keyMatrix = new long[slots * inputs];
    for (int i = 0; i < matrix.length; i++) {
      keyMatrix[i] = matrix[i] << labelBits;
    }
    long[] classOf = new long[slots];
    for (int slot = 0; slot < slots; slot++) {
      if (slot >= set.size()) {
        keyMatrix[slot * inputs] = maxDistance << labelBits;
      }
      classOf[slot] = slot < set.size() ? set.classIndex(slot) : classes - 1;
    }
    int keys = b.matMulConstant(bits, slots, keyMatrix);
    if (inKey) {
      keys = b.addConstant(keys, classOf);
    }
    long maxKey = inKey ? (maxDistance << classBits) + classes - 1 : maxDistance;
    int lowBits = compareLowBits(maxKey);
    Selection selection =
        new Selection(
            b,
            k,
            (low, high) -> {
              int size = b.size(low.get(0));
              int swapped = b.compareSwap(low.get(0), high.get(0), lowBits);
              return new Swapped(
                  List.of(new Lazy<>(() -> Selection.select(b, swapped, 2 * size, size, g -> g))),
                  List.of(
                      new Lazy<>(
                          () -> Selection.select(b, swapped, 2 * size, size, g -> size + g))));
            });
    int votes;
    if (inKey) {
      List<Integer> classIndices = new ArrayList<>();
      for (List<Lazy<Integer>> nearest : selection.smallest(List.of(keys), slots, groups)) {
        int key = nearest.get(0).get();
        classIndices.add(b.remainder(key, b.roundBits(key, classBits)));
      }
      votes = KnnLowering.vote(b, classIndices, classes, Long.MAX_VALUE);
    } else {
      int distances = b.matMulConstant(bits, set.size(), matrix);
      int tau = selection.kthSmallest(List.of(keys), slots, groups).get(0).get();
      votes = voteWithin(b, distances, tau, set, lowBits);
    }
    b.output(votes, "votes");
    return new Lowered(b.build(), settings, maxDistance, lowBits, 0, 0);
  }

  /**
   * Per class c, the number of points of class c whose distance is at most τ (node {@code tau}, one
   * element): u = τ − d + s, s a multiple of 2^c (c = {@code lowBits}, the comparisons' split) with
   * u ≥ 0, and d ≤ τ exactly when ⌊u / 2^c⌋ ≥ s / 2^c (the comparison's identity, {@link
   * io.fhestreams.ml.circuit.Operation.CompareSwap}), so one exact rounding and one lookup per
   * point; then a clear one-hot matrix of the classes sums the points' bits, leveled.
   */
  private static int voteWithin(
      CircuitBuilder b, int distances, int tau, NeighborSet set, int lowBits) {
    int n = set.size();
    ValueRange range = b.range(distances);
    long shift = new Operation.CompareSwap(tau, distances, lowBits).shift(b.range(tau), range);
    long[] column = new long[n];
    Arrays.fill(column, 1);
    long[] shifts = new long[n];
    Arrays.fill(shifts, shift);
    int shifted = b.addConstant(b.subtract(b.matMulConstant(tau, n, column), distances), shifts);
    int high = lowBits == 0 ? shifted : b.roundBits(shifted, lowBits);
    ValueRange highRange = b.range(high);
    long[] within = new long[Math.toIntExact(highRange.max() - highRange.min() + 1)];
    for (int i = 0; i < within.length; i++) {
      within[i] = highRange.min() + i >= shift >> lowBits ? 1 : 0;
    }
    int bitsWithin = b.tableLookup(high, highRange.min(), within);
    int classes = set.classes().length;
    long[] oneHot = new long[classes * n];
    for (int i = 0; i < n; i++) {
      oneHot[set.classIndex(i) * n + i] = 1;
    }
    return b.matMulConstant(bitsWithin, classes, oneHot);
  }

  /**
   * Row i: the coefficients of Σ_j min((q_j − p_ij)², t) on the thermometer bits (column 0 the
   * constant 1, then per feature j and level k = 1..L − 1 the bits [q ≥ k], [q &lt; k]). With f(q)
   * = min((q − p)², t), which is 0 at p and grows both ways: f(q) = Σ_{k ≤ p} (f(k − 1) − f(k))·[q
   * &lt; k] + Σ_{k &gt; p} (f(k) − f(k − 1))·[q ≥ k], all coefficients non-negative.
   */
  static long[] distanceMatrix(
      NeighborSet set, List<UniformQuantizer> quantizers, long levels, long truncation) {
    int columns = 1 + 2 * set.features() * (int) (levels - 1);
    long[] m = new long[set.size() * columns];
    for (int i = 0; i < set.size(); i++) {
      double[] point = set.point(i);
      for (int j = 0; j < point.length; j++) {
        long p = quantizers.get(j).quantize(point[j]);
        for (int k = 1; k < levels; k++) {
          int at = i * columns + 1 + 2 * (j * (int) (levels - 1) + k - 1);
          long rise = clipped(k - p, truncation) - clipped(k - 1 - p, truncation);
          if (k <= p) {
            m[at + 1] = -rise; // [q < k]
          } else {
            m[at] = rise; // [q >= k]
          }
        }
      }
    }
    return m;
  }

  /** min(d², t). */
  static long clipped(long d, long truncation) {
    return Math.min(d * d, truncation);
  }

  /** The largest row sum of a matrix of non-negative entries: the inferred maximum distance. */
  private static long largestRowSum(long[] matrix, int columns) {
    long max = 0;
    for (int row = 0; row < matrix.length / columns; row++) {
      long sum = 0;
      for (int j = 0; j < columns; j++) {
        sum = Math.addExact(sum, matrix[row * columns + j]);
      }
      max = Math.max(max, sum);
    }
    return max;
  }
}
