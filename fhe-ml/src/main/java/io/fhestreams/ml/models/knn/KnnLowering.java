package io.fhestreams.ml.models.knn;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lowers a {@link NeighborSet} on quantized features to the circuit IR, after Concrete ML's {@code
 * KNeighborsClassifier} (quantized points and inputs, encrypted distances, a comparison network of
 * lookups selecting the k nearest, a vote):
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
 *   <li><b>keys</b>: a comparison reads its difference in one bootstrap of key bits + 1 bits, so
 *       each distance is brought to a bucket: when d is wider than {@code distanceBits}, its low
 *       bits are dropped by exact rounding; a lookup then clips the bucket to the largest that
 *       leaves room for the class and returns key = bucket · C + class index (the class index added
 *       as a clear constant per point). Equal buckets are thus ordered by class, the smaller class
 *       first; keys that are equal are interchangeable for the vote;
 *   <li><b>selection</b>: the keys form G groups of ⌈N / G⌉ slots, G the largest power of two with
 *       G·k ≤ N (the padding slots get the largest distance and the last class, so the largest
 *       key); each group is sorted by odd-even transposition (Knuth, TAOCP vol. 3, 5.3.4, exercise
 *       37) and keeps its k smallest, then groups are merged pairwise: the k smallest of two sorted
 *       k-lists A, B are min(A_i, B_{k − 1 − i}) (Batcher's bitonic observation), re-sorted unless
 *       it is the last merge. Every comparator is vectorized over the groups: max(a, b) is one
 *       bootstrap, min(a, b) = K − max(K − a, K − b) another, and both keep exact ranges
 *       (selections are one-hot matrices, never sums of partial vectors, whose inferred ranges
 *       would add up);
 *   <li><b>vote</b>: per class c, one lookup per selected key gives [key mod C = c] and sums give
 *       the count; the client de-quantizes the C counts and takes their arg-max, the smallest class
 *       on a tie, as scikit-learn's mode does.
 * </ol>
 *
 * </ol>
 */
public final class KnnLowering {
  private KnnLowering() {}

  /**
   * How distances are computed and compared.
   *
   * @param keyBits bits of a key (a comparison's difference has one more)
   * @param distanceBits distances wider than this lose their low bits before their buckets
   * @param truncation each feature's squared difference is clipped to this (min((q − p)², t)): the
   *     distance of near points is unchanged, and the range of far ones shrinks to F·t, which keeps
   *     more low bits
   */
  public record Settings(int keyBits, int distanceBits, long truncation) {
    public Settings {
      if (keyBits < 2 || keyBits > 6 || distanceBits < 1 || distanceBits > 12 || truncation < 1) {
        throw new IllegalArgumentException(
            "KNN settings: key bits in [2, 6], distance bits in [1, 12], truncation >= 1, found "
                + keyBits
                + ", "
                + distanceBits
                + ", "
                + truncation);
      }
    }
  }

  /**
   * A lowered classifier.
   *
   * @param circuit the circuit
   * @param settings the settings it was lowered with
   * @param droppedBits low bits of the distances dropped before the buckets
   * @param bucketCap the largest bucket (larger distances are clipped to it)
   */
  public record Lowered(Circuit circuit, Settings settings, int droppedBits, long bucketCap) {}

  /** The largest bucket that leaves room for the class index in a key of {@code keyBits}. */
  public static long bucketCap(int keyBits, int classes) {
    long cap = (1L << keyBits) / classes - 1;
    if (cap < 1) {
      throw new IllegalArgumentException(
          classes + " classes leave no room for distances in a " + keyBits + "-bit key");
    }
    return cap;
  }

  /**
   * The low bits dropped from distances whose inferred maximum is {@code maxDistance}, to keep
   * {@code distanceBits}.
   */
  public static int droppedBits(long maxDistance, int distanceBits) {
    return Math.max(0, new ValueRange(0, maxDistance).bitWidth() - distanceBits);
  }

  /**
   * Lowers {@code set} with every feature quantized by {@code quantizers} (unsigned, one common
   * number of levels).
   */
  public static Lowered lower(
      NeighborSet set, List<UniformQuantizer> quantizers, Settings settings) {
    long levels = checkedLevels(set, quantizers);
    int classes = set.classes().length;
    long bucketCap = bucketCap(settings.keyBits(), classes);
    CircuitBuilder b = new CircuitBuilder();
    int inputs = 1 + 2 * set.features() * (int) (levels - 1);
    int bits = b.input("thermometer", inputs, ValueRange.unsigned(1));
    int k = set.neighbors();
    int groups = groupCount(set.size(), k);
    int slots = groups * ((set.size() + groups - 1) / groups);
    long[] matrix = distanceMatrix(set, quantizers, levels, settings.truncation());
    long maxDistance = largestRowSum(matrix, inputs);
    // padding slots: the constant input bit times the largest distance, then the last class
    long[] padded = Arrays.copyOf(matrix, slots * inputs);
    for (int slot = set.size(); slot < slots; slot++) {
      padded[slot * inputs] = maxDistance;
    }
    int distances = b.matMulConstant(bits, slots, padded);
    int dropped = droppedBits(maxDistance, settings.distanceBits());
    int read = dropped > 0 ? b.roundBits(distances, dropped) : distances;
    long readMax = maxDistance >> dropped;
    long[] bucketKey = new long[(int) readMax + 1];
    for (int v = 0; v < bucketKey.length; v++) {
      bucketKey[v] = Math.min(v, bucketCap) * classes;
    }
    long[] classOf = new long[slots];
    for (int i = 0; i < slots; i++) {
      classOf[i] = i < set.size() ? set.classIndex(i) : classes - 1;
    }
    int keys = b.addConstant(b.tableLookup(read, 0, bucketKey), classOf);
    long maxKey = bucketCap * classes + classes - 1;
    List<Integer> nearest = new Selection(b, maxKey, k).smallest(keys, slots, groups);
    b.output(vote(b, nearest, classes, maxKey), "votes");
    return new Lowered(b.build(), settings, dropped, bucketCap);
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
   * Per class c, the number of the selected keys (nodes of one element) whose class index (key mod
   * C) is c: one lookup per key and class, then sums, whose ranges stay [0, k].
   */
  private static int vote(CircuitBuilder b, List<Integer> keys, int classes, long maxKey) {
    List<Integer> counts = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      long[] isClass = new long[(int) maxKey + 1];
      for (int key = 0; key <= maxKey; key++) {
        isClass[key] = key % classes == c ? 1 : 0;
      }
      int count = -1;
      for (int key : keys) {
        int hit = b.tableLookup(key, 0, isClass);
        count = count < 0 ? hit : b.add(count, hit);
      }
      counts.add(count);
    }
    return gather(b, counts, 1);
  }

  /**
   * One node holding the elements of {@code parts} (each of {@code size} elements) in order:
   * placements and sums, leveled.
   */
  private static int gather(CircuitBuilder b, List<Integer> parts, int size) {
    int total = parts.size() * size;
    int sum = -1;
    int at = 0;
    for (int p : parts) {
      long[] place = new long[total * size];
      for (int e = 0; e < size; e++) {
        place[(at + e) * size + e] = 1;
      }
      int placed = b.matMulConstant(p, total, place);
      sum = sum < 0 ? placed : b.add(sum, placed);
      at += size;
    }
    return sum;
  }

  /** The selection network over keys in [0, maxKey]. */
  private static final class Selection {
    private final CircuitBuilder b;
    private final long maxKey;
    private final int k;

    Selection(CircuitBuilder b, long maxKey, int k) {
      this.b = b;
      this.maxKey = maxKey;
      this.k = k;
    }

    /**
     * k nodes of one element each: the k smallest of the {@code slots} keys in node {@code keys},
     * which form {@code groups} groups (a power of two) of slots / groups consecutive keys.
     */
    List<Integer> smallest(int keys, int slots, int groups) {
      int size = slots / groups;
      // wire i holds element i of every group
      List<Integer> wires = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        int wire = i;
        wires.add(select(keys, slots, groups, g -> g * size + wire));
      }
      if (groups > 1 || size > k) {
        sort(wires, groups);
      }
      wires = new ArrayList<>(wires.subList(0, k));
      while (groups > 1) {
        int half = groups / 2;
        List<Integer> merged = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          int low = select(wires.get(i), groups, half, g -> g);
          int high = select(wires.get(k - 1 - i), groups, half, g -> g + half);
          merged.add(min(low, high, half));
        }
        groups = half;
        wires = merged;
        if (groups > 1) {
          sort(wires, groups);
        }
      }
      return wires;
    }

    /** Odd-even transposition sort of the wires (of {@code size} elements), element-wise. */
    private void sort(List<Integer> wires, int size) {
      for (int round = 0; round < wires.size(); round++) {
        for (int i = round % 2; i + 1 < wires.size(); i += 2) {
          int a = wires.get(i);
          int c = wires.get(i + 1);
          wires.set(i, min(a, c, size));
          wires.set(i + 1, b.max(a, c));
        }
      }
    }

    /** min(a, b) = K − max(K − a, K − b): one bootstrap, and an exact range. */
    private int min(int a, int c, int size) {
      return flip(b.max(flip(a, size), flip(c, size)), size);
    }

    /** K − a, element-wise over {@code size} elements. */
    private int flip(int a, int size) {
      long[] minusOne = new long[size];
      long[] top = new long[size];
      Arrays.fill(minusOne, -1);
      Arrays.fill(top, maxKey);
      return b.addConstant(b.multiplyConstant(a, minusOne), top);
    }

    /** Mapping from an output element to an input element. */
    private interface Source {
      int of(int element);
    }

    /**
     * A node of {@code size} elements: element e is element {@code source.of(e)} of {@code node}
     * (of {@code from} elements); a one-hot matrix keeps the range exact.
     */
    private int select(int node, int from, int size, Source source) {
      long[] matrix = new long[size * from];
      for (int e = 0; e < size; e++) {
        matrix[e * from + source.of(e)] = 1;
      }
      return b.matMulConstant(node, size, matrix);
    }
  }
}
