package io.fhestreams.ml.models.knn;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a {@link NeighborSet} on quantized features to the circuit IR, after Concrete ML's {@code
 * KNeighborsClassifier} (quantized points and inputs, encrypted distances, a comparison network of
 * lookups selecting the k nearest, a vote). {@link #lowerExact} (the classifier's default) computes
 * exact distances as keys of 2- or 4-bit blocks ({@link RadixKeys}); {@link
 * TruncatedKnnLowering#lower} computes truncated distances in one leveled key. Both select the k
 * nearest keys with the same network ({@link Selection}); with the class index in the keys' low
 * bits ({@link Labels#IN_KEY}, always for exact keys) both count the selected keys' classes the
 * same way ({@link #vote}).
 */
public final class KnnLowering {
  private KnnLowering() {}

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
  static long checkedLevels(NeighborSet set, List<UniformQuantizer> quantizers) {
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
   * Per class c, the number of the selected keys whose class index (nodes of one element) is c: one
   * lookup per key and class, then sums, whose ranges stay [0, k], gathered into one node whose
   * range stays within {@code valueMax} ({@link #gather}). Each index is read apart (gathered into
   * one node first, the noise model would count their noise as a sum).
   */
  static int vote(CircuitBuilder b, List<Integer> classOf, int classes, long valueMax) {
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
}
