package io.fhestreams.ml.models.knn;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.Operation;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lowers a {@link NeighborSet} on quantized features to the circuit IR, after Concrete ML's {@code
 * KNeighborsClassifier} (quantized points and inputs, encrypted distances, a comparison network of
 * lookups selecting the k nearest, a vote). {@link #lowerExact} (the classifier's default) computes
 * exact distances as keys of 2- or 4-bit blocks ({@link RadixKeys}) and runs the same network and
 * in-key vote on them; {@link #lower} computes truncated distances in one leveled key:
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
 *       distance bit is dropped, the distances must fit the key ({@link #distanceBits});
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
public final class KnnLowering {
  private KnnLowering() {}

  /** Widest shifted key difference a comparison reads in one bootstrap (5 bits, the 4-bit set). */
  static final int WHOLE_READ_BITS = 5;

  /** Where a point's label travels through the selection. */
  public enum Labels {
    /**
     * In the key, d·2^b + class: the vote reads the k selected keys' low bits, k·(2 + C)
     * bootstraps; the class index takes b = ⌈log2 C⌉ of the key's bits from the distances.
     */
    IN_KEY,
    /**
     * Apart: the key is the distance alone, so the class count costs the distances no bit; the vote
     * compares every point's distance with the k-th smallest (3 bootstraps per point when split, 1
     * when read whole) and sums per class with a clear matrix.
     */
    APART
  }

  /** How distances become keys. */
  public enum Distances {
    /**
     * Leveled sums over thermometer inputs, each feature's squared difference truncated so that a
     * distance fits one key of at most 16 bits; n_bits and truncation chosen by leave-one-out.
     */
    TRUNCATED,
    /**
     * Exact squared distances of 8-bit features as keys of 2- or 4-bit blocks ({@link RadixKeys}),
     * the class index the least significant blocks, every read within the 4-bit or the plain 6-bit
     * set.
     */
    EXACT
  }

  /**
   * How distances are computed and compared.
   *
   * @param keyBits bits of a key: the distances must fit in {@link #distanceBits} of them (exact
   *     keys: the bits of their blocks, class block included)
   * @param truncation each feature's squared difference is clipped to this (min((q − p)², t)): the
   *     distance of near points is unchanged, and the range of far ones shrinks to F·t
   * @param labels where the labels travel
   * @param distances how distances become keys
   */
  public record Settings(int keyBits, long truncation, Labels labels, Distances distances) {
    public Settings {
      int widest = distances == Distances.EXACT ? 64 : 16;
      if (keyBits < 2 || keyBits > widest || truncation < 1 || labels == null) {
        throw new IllegalArgumentException(
            "KNN settings: key bits in [2, "
                + widest
                + "], truncation >= 1, a label layout, found "
                + keyBits
                + ", "
                + truncation
                + ", "
                + labels);
      }
    }

    /** Truncated distances in one key. */
    public Settings(int keyBits, long truncation, Labels labels) {
      this(keyBits, truncation, labels, Distances.TRUNCATED);
    }
  }

  /**
   * A lowered classifier.
   *
   * @param circuit the circuit
   * @param settings the settings it was lowered with
   * @param maxDistance the distances' inferred maximum
   * @param compareLowBits the low bits at which comparisons split their difference (0: read whole)
   * @param keyBlocks the blocks of an exact key, class blocks included (0: one leveled key)
   * @param blockBits the bits of an exact key's block (0: one leveled key)
   */
  public record Lowered(
      Circuit circuit,
      Settings settings,
      long maxDistance,
      int compareLowBits,
      int keyBlocks,
      int blockBits) {}

  /** The most classes an exact key takes (its class blocks hold 4 bits). */
  static final int EXACT_MAX_CLASSES = 16;

  /**
   * Lowers {@code set} with exact squared distances of its features quantized by {@code quantizers}
   * (unsigned, one common number of levels) as keys of blocks of {@code blockBits} bits ({@link
   * RadixKeys#BLOCK_WIDTHS}), the class index the least significant blocks (equal distances ordered
   * by class, as {@link Labels#IN_KEY}); inputs are the sample's complement digits ({@link
   * io.fhestreams.ml.deploy.IoLayout.Inputs#COMPLEMENT_DIGITS}).
   */
  public static Lowered lowerExact(
      NeighborSet set, List<UniformQuantizer> quantizers, int blockBits) {
    RadixKeys radix = new RadixKeys(blockBits);
    long levels = checkedLevels(set, quantizers);
    int classes = set.classes().length;
    if (classes > EXACT_MAX_CLASSES) {
      throw new IllegalArgumentException(
          "exact KNN keys hold the class index in 4 bits: at most "
              + EXACT_MAX_CLASSES
              + " classes, found "
              + classes);
    }
    int n = set.size();
    int features = set.features();
    long[][] points = new long[n][features];
    long maxDistance = 0;
    for (int i = 0; i < n; i++) {
      double[] p = set.point(i);
      long key = 0;
      for (int j = 0; j < features; j++) {
        points[i][j] = quantizers.get(j).quantize(p[j]);
        long far = Math.max(points[i][j], levels - 1 - points[i][j]);
        key += far * far;
      }
      maxDistance = Math.max(maxDistance, key);
    }
    CircuitBuilder b = new CircuitBuilder();
    int inputs = features * IoLayout.digitsOf(levels);
    int digits = b.input("complement digits", inputs, ValueRange.unsigned(IoLayout.DIGIT_BITS));
    int k = set.neighbors();
    int groups = groupCount(n, k);
    int slots = groups * ((n + groups - 1) / groups);
    int classBlocks = (classBits(classes) + blockBits - 1) / blockBits;
    long[] padding = new long[slots];
    for (int slot = 0; slot < slots; slot++) {
      padding[slot] = slot < n ? 0 : radix.blockMax;
    }
    List<Integer> key = new ArrayList<>();
    // the padding slots get the largest key: every distance block full, the last class
    int zero = b.matMulConstant(digits, slots, new long[slots * inputs]);
    for (int block = 0; block < classBlocks; block++) {
      long[] classDigit = new long[slots];
      for (int slot = 0; slot < slots; slot++) {
        long c = slot < n ? set.classIndex(slot) : classes - 1;
        classDigit[slot] = (c >> (blockBits * block)) & radix.blockMax;
      }
      key.add(b.addConstant(zero, classDigit));
    }
    for (int block : radix.distanceBlocks(b, digits, points, features, levels)) {
      key.add(
          slots == n
              ? block
              : b.addConstant(Selection.select(b, block, n, slots, e -> e < n ? e : -1), padding));
    }
    Selection selection = new Selection(b, k, (low, high) -> radix.compareSwap(b, low, high));
    List<Integer> classIndices = new ArrayList<>();
    for (List<Lazy<Integer>> nearest : selection.smallest(key, slots, groups)) {
      // only the class blocks: the nearest keys' distance blocks are never built
      List<Integer> classBlocksOf = Swapped.built(nearest.subList(0, classBlocks));
      classIndices.add(
          classBlocks == 1 ? classBlocksOf.get(0) : radix.joinLow(b, classBlocksOf, classBlocks));
    }
    b.output(vote(b, classIndices, classes, radix.sumMax), "votes");
    int keyBits = blockBits * key.size();
    Settings settings =
        new Settings(keyBits, (levels - 1) * (levels - 1), Labels.IN_KEY, Distances.EXACT);
    return new Lowered(b.build(), settings, maxDistance, 0, key.size(), blockBits);
  }

  /** b = ⌈log2 C⌉: the bits of a class index in a key. */
  public static int classBits(int classes) {
    return Math.max(1, 64 - Long.numberOfLeadingZeros(classes - 1L));
  }

  /** The bits left for distances in a key of {@code keyBits}; refuses too few. */
  public static int distanceBits(int keyBits, int classes, Labels labels) {
    int bits = labels == Labels.IN_KEY ? keyBits - classBits(classes) : keyBits;
    if (bits < 1) {
      throw new IllegalArgumentException(
          classes + " classes leave no room for distances in a " + keyBits + "-bit key");
    }
    return bits;
  }

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
    long levels = checkedLevels(set, quantizers);
    long[] matrix = distanceMatrix(set, quantizers, levels, truncation);
    return largestRowSum(matrix, 1 + 2 * set.features() * (int) (levels - 1));
  }

  /**
   * Lowers {@code set} with every feature quantized by {@code quantizers} (unsigned, one common
   * number of levels).
   */
  public static Lowered lower(
      NeighborSet set, List<UniformQuantizer> quantizers, Settings settings) {
    long levels = checkedLevels(set, quantizers);
    int classes = set.classes().length;
    int classBits = classBits(classes);
    CircuitBuilder b = new CircuitBuilder();
    int inputs = 1 + 2 * set.features() * (int) (levels - 1);
    int bits = b.input("thermometer", inputs, ValueRange.unsigned(1));
    int k = set.neighbors();
    int groups = groupCount(set.size(), k);
    int slots = groups * ((set.size() + groups - 1) / groups);
    long[] matrix = distanceMatrix(set, quantizers, levels, settings.truncation());
    long maxDistance = largestRowSum(matrix, inputs);
    int distanceBits = distanceBits(settings.keyBits(), classes, settings.labels());
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
      votes = vote(b, classIndices, classes, Long.MAX_VALUE);
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
   * The number of groups the slots form: the largest power of two G with G·k ≤ N (so each group
   * holds at least k points and merges always pair groups), at least 1.
   */
  static int groupCount(int points, int k) {
    int groups = 1;
    while ((long) groups * 2 * k <= points) {
      groups *= 2;
    }
    return groups;
  }

  /** The features' common number of levels; every quantizer must be unsigned. */
  private static long checkedLevels(NeighborSet set, List<UniformQuantizer> quantizers) {
    if (quantizers.size() != set.features()) {
      throw new IllegalArgumentException(
          "KNN: " + set.features() + " features but " + quantizers.size() + " quantizers");
    }
    long levels = quantizers.get(0).nBits().levels();
    for (UniformQuantizer q : quantizers) {
      if (q.signed() || q.nBits().levels() != levels) {
        throw new IllegalArgumentException(
            "KNN inputs need unsigned quantizers of one n_bits, found " + q);
      }
    }
    return levels;
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

  /**
   * Per class c, the number of the selected keys whose class index (nodes of one element) is c: one
   * lookup per key and class, then sums, whose ranges stay [0, k], gathered into one node whose
   * range stays within {@code valueMax} ({@link #gather}). Each index is read apart (gathered into
   * one node first, the noise model would count their noise as a sum).
   */
  private static int vote(CircuitBuilder b, List<Integer> classOf, int classes, long valueMax) {
    List<Integer> counts = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      int count = -1;
      for (int cls : classOf) {
        ValueRange r = b.range(cls);
        long[] isClass = new long[Math.toIntExact(r.max() - r.min() + 1)];
        if (c >= r.min() && c <= r.max()) {
          isClass[Math.toIntExact(c - r.min())] = 1;
        }
        int hit = b.tableLookup(cls, r.min(), isClass);
        count = count < 0 ? hit : b.add(count, hit);
      }
      counts.add(count);
    }
    return gather(b, counts, 1, valueMax);
  }

  /**
   * One node holding the elements of {@code parts} (each of {@code size} elements) in order:
   * placements and sums, leveled, when the summed ranges stay within {@code valueMax} (a node's
   * range is one for all its elements, so sums of placements add ranges the elements never reach);
   * else sums within valueMax / 2 joined by {@link CircuitBuilder#max} (one bootstrap per element,
   * reading a difference within valueMax; the range is the larger of the two).
   */
  private static int gather(CircuitBuilder b, List<Integer> parts, int size, long valueMax) {
    long summed = 0;
    for (int p : parts) {
      summed = Math.addExact(summed, b.range(p).max());
    }
    long sumMax = summed <= valueMax ? valueMax : valueMax / 2;
    int total = parts.size() * size;
    int gathered = -1;
    int sum = -1;
    int at = 0;
    for (int p : parts) {
      long[] place = new long[total * size];
      for (int e = 0; e < size; e++) {
        place[(at + e) * size + e] = 1;
      }
      int placed = b.matMulConstant(p, total, place);
      if (sum >= 0 && b.range(sum).max() + b.range(placed).max() > sumMax) {
        gathered = gathered < 0 ? sum : b.max(gathered, sum);
        sum = -1;
      }
      sum = sum < 0 ? placed : b.add(sum, placed);
      at += size;
    }
    return gathered < 0 ? sum : b.max(gathered, sum);
  }

  /**
   * The selection network over keys, each a list of blocks (one node each, of the same size; one
   * block for a leveled key), compared by {@code swapper}. Every block of every wire is {@link
   * Lazy}: a comparator is built when one of its blocks is asked for, so the network builds only
   * what its outputs read (not the maxima of the merges, nor the wires past k after the first sort,
   * nor the distance blocks of the k nearest).
   */
  private static final class Selection {
    private final CircuitBuilder b;
    private final int k;
    private final Swapper swapper;

    Selection(CircuitBuilder b, int k, Swapper swapper) {
      this.b = b;
      this.k = k;
      this.swapper = swapper;
    }

    /**
     * k keys of one element each, their blocks built when asked for: the k smallest of the {@code
     * slots} keys in {@code keys}, which form {@code groups} groups (a power of two) of slots /
     * groups consecutive keys.
     */
    List<List<Lazy<Integer>>> smallest(List<Integer> keys, int slots, int groups) {
      int size = slots / groups;
      List<Lazy<Integer>> whole = new ArrayList<>();
      for (int key : keys) {
        whole.add(new Lazy<>(() -> key));
      }
      // wire i holds element i of every group
      List<List<Lazy<Integer>>> wires = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        int wire = i;
        wires.add(selectBlocks(whole, slots, groups, g -> g * size + wire));
      }
      if (groups > 1 || size > k) {
        sort(wires);
      }
      wires = new ArrayList<>(wires.subList(0, k));
      for (int merging = groups; merging > 1; merging /= 2) {
        int half = merging / 2;
        List<List<Lazy<Integer>>> merged = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          List<Lazy<Integer>> low = selectBlocks(wires.get(i), merging, half, g -> g);
          List<Lazy<Integer>> high =
              selectBlocks(wires.get(k - 1 - i), merging, half, g -> g + half);
          merged.add(swap(low, high).min());
        }
        wires = merged;
        if (half > 1) {
          sort(wires);
        }
      }
      return wires;
    }

    /**
     * A key of one element, its blocks built when asked for: the k-th smallest of the keys ({@link
     * #smallest}'s largest), read off when the k smallest come out sorted (one group, sorted
     * whole), else the maximum of a chain of comparisons.
     */
    List<Lazy<Integer>> kthSmallest(List<Integer> keys, int slots, int groups) {
      List<List<Lazy<Integer>>> nearest = smallest(keys, slots, groups);
      if (groups == 1 && slots > k) {
        return nearest.get(k - 1);
      }
      List<Lazy<Integer>> largest = nearest.get(0);
      for (int i = 1; i < k; i++) {
        largest = swap(largest, nearest.get(i)).max();
      }
      return largest;
    }

    /** Odd-even transposition sort of the wires, element-wise. */
    private void sort(List<List<Lazy<Integer>>> wires) {
      for (int round = 0; round < wires.size(); round++) {
        for (int i = round % 2; i + 1 < wires.size(); i += 2) {
          Swapped swapped = swap(wires.get(i), wires.get(i + 1));
          wires.set(i, swapped.min());
          wires.set(i + 1, swapped.max());
        }
      }
    }

    /**
     * The compare-swap of two wires, built (the comparison of every block) when a block of either
     * side is first asked for.
     */
    private Swapped swap(List<Lazy<Integer>> low, List<Lazy<Integer>> high) {
      Lazy<Swapped> swapped =
          new Lazy<>(() -> swapper.swap(Swapped.built(low), Swapped.built(high)));
      List<Lazy<Integer>> min = new ArrayList<>();
      List<Lazy<Integer>> max = new ArrayList<>();
      for (int i = 0; i < low.size(); i++) {
        int block = i;
        min.add(swapped.map(s -> s.min().get(block).get()));
        max.add(swapped.map(s -> s.max().get(block).get()));
      }
      return new Swapped(min, max);
    }

    private List<Lazy<Integer>> selectBlocks(
        List<Lazy<Integer>> key, int from, int size, Source source) {
      List<Lazy<Integer>> blocks = new ArrayList<>();
      for (Lazy<Integer> block : key) {
        blocks.add(block.map(node -> select(b, node, from, size, source)));
      }
      return blocks;
    }

    /**
     * A node of {@code size} elements: element e is element {@code source.of(e)} of {@code node}
     * (of {@code from} elements), or 0 where it is negative; a one-hot matrix keeps the range
     * exact.
     */
    static int select(CircuitBuilder b, int node, int from, int size, Source source) {
      long[] matrix = new long[size * from];
      for (int e = 0; e < size; e++) {
        if (source.of(e) >= 0) {
          matrix[e * from + source.of(e)] = 1;
        }
      }
      return b.matMulConstant(node, size, matrix);
    }
  }

  /** Mapping from an output element to an input element. */
  private interface Source {
    int of(int element);
  }

  /** Element-wise compare-swap of two keys of blocks. */
  private interface Swapper {
    Swapped swap(List<Integer> low, List<Integer> high);
  }
}
