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
 *   <li><b>distances</b>, leveled and exact: the client sends its quantized features in thermometer
 *       form ({@link io.fhestreams.ml.deploy.IoLayout}), so any function of one feature is a sum of
 *       its bits with clear coefficients. (q − p)² = Σ_{k ≤ p} (2(p − k) + 1)·[q &lt; k] + Σ_{k
 *       &gt; p} (2(k − p) − 1)·[q ≥ k]: every coefficient is non-negative, so d_p = ||x − p||² is
 *       one row of a clear matrix product whose inferred range starts at 0 and ends at Σ p_j² + (L
 *       − 1 − p_j)², at most twice the true maximum (the ⟨x, p⟩ form with ||x||² dropped would
 *       shift every distance by a sample-dependent amount, widening the range further);
 *   <li><b>keys</b>: a comparison reads its difference in one bootstrap of at most {@link
 *       #KEY_BITS} + 1 bits, so each distance is brought to a bucket: when d is wider than {@code
 *       distanceBits}, its low bits are dropped by exact rounding; a lookup then clips the bucket
 *       to the largest that leaves room for the label and returns key = bucket · C + class index
 *       (the class index added as a clear constant per point). Equal buckets are thus ordered by
 *       class, the smaller class first; keys that are equal are interchangeable for the vote;
 *   <li><b>selection</b>: the keys form ⌈N / k⌉ groups of k (padded with the largest key); each
 *       group is sorted by odd-even transposition (Knuth, TAOCP vol. 3, 5.3.4, exercise 37), then
 *       groups are merged pairwise: the k smallest of two sorted k-lists A, B are min(A_i, B_{k − 1
 *       − i}) (Batcher's bitonic observation), re-sorted unless it is the last merge. Every
 *       comparator is vectorized over the groups: max(a, b) is one bootstrap, min(a, b) = K − max(K
 *       − a, K − b) another, and both keep exact ranges. About N·(1 + 4·S(k)/k) bootstraps for S(k)
 *       = k(k − 1)/2 comparators per sort, against k·N for k bubble passes;
 *   <li><b>vote</b>: per class c, one lookup per selected key gives [key mod C = c] and a sum gives
 *       the count; the client de-quantizes the C counts and takes their arg-max, the smallest class
 *       on a tie, as scikit-learn's mode does.
 * </ol>
 */
public final class KnnLowering {
  private KnnLowering() {}

  /** Bits of a key: a comparison's difference then has {@code KEY_BITS + 1} bits. */
  public static final int KEY_BITS = 5;

  /**
   * A lowered classifier.
   *
   * @param circuit the circuit
   * @param droppedBits low bits of the distances dropped before the buckets
   * @param bucketCap the largest bucket (larger distances are clipped to it)
   */
  public record Lowered(Circuit circuit, int droppedBits, long bucketCap) {}

  /**
   * Lowers {@code set} with every feature quantized by {@code quantizers} (unsigned, one common
   * number of levels); distances wider than {@code distanceBits} lose their low bits.
   */
  public static Lowered lower(
      NeighborSet set, List<UniformQuantizer> quantizers, int distanceBits) {
    long levels = checkedLevels(set, quantizers);
    int classes = set.classes().length;
    long bucketCap = (1L << KEY_BITS) / classes - 1;
    if (bucketCap < 1) {
      throw new IllegalArgumentException(
          classes
              + " classes leave no room for distances in a "
              + KEY_BITS
              + "-bit key: at most "
              + ((1 << KEY_BITS) / 2)
              + " classes");
    }
    CircuitBuilder b = new CircuitBuilder();
    int inputs = 1 + 2 * set.features() * (int) (levels - 1);
    int bits = b.input("thermometer", inputs, ValueRange.unsigned(1));
    long[] matrix = distanceMatrix(set, quantizers, levels);
    int distances = b.matMulConstant(bits, set.size(), matrix);
    long maxDistance = largestRowSum(matrix, inputs);
    int dropped = Math.max(0, new ValueRange(0, maxDistance).bitWidth() - distanceBits);
    int read = dropped > 0 ? b.roundBits(distances, dropped) : distances;
    long readMax = maxDistance >> dropped;
    long[] bucketKey = new long[(int) readMax + 1];
    for (int v = 0; v < bucketKey.length; v++) {
      bucketKey[v] = Math.min(v, bucketCap) * classes;
    }
    long[] classOf = new long[set.size()];
    for (int i = 0; i < classOf.length; i++) {
      classOf[i] = set.classIndex(i);
    }
    int keys = b.addConstant(b.tableLookup(read, 0, bucketKey), classOf);
    long maxKey = bucketCap * classes + classes - 1;
    int k = set.neighbors();
    List<Integer> nearest = new Selection(b, maxKey, k).smallest(keys, set.size());
    b.output(vote(b, nearest, classes, maxKey), "votes");
    return new Lowered(b.build(), dropped, bucketCap);
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
   * Row i: the coefficients of ||x − p_i||² on the thermometer bits (column 0 the constant 1, then
   * per feature j and level k = 1..L − 1 the bits [q ≥ k], [q &lt; k]).
   */
  static long[] distanceMatrix(NeighborSet set, List<UniformQuantizer> quantizers, long levels) {
    int columns = 1 + 2 * set.features() * (int) (levels - 1);
    long[] m = new long[set.size() * columns];
    for (int i = 0; i < set.size(); i++) {
      double[] point = set.point(i);
      for (int j = 0; j < point.length; j++) {
        long p = quantizers.get(j).quantize(point[j]);
        for (int k = 1; k < levels; k++) {
          int at = i * columns + 1 + 2 * (j * (int) (levels - 1) + k - 1);
          if (k <= p) {
            m[at + 1] = 2 * (p - k) + 1; // [q < k]
          } else {
            m[at] = 2 * (k - p) - 1; // [q >= k]
          }
        }
      }
    }
    return m;
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

    /** k nodes of one element each: the k smallest of the {@code n} keys in node {@code keys}. */
    List<Integer> smallest(int keys, int n) {
      int groups = (n + k - 1) / k;
      // wire i holds element i of every group: point g·k + i, or the padding key
      List<Integer> wires = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        int wire = i;
        wires.add(select(keys, n, groups, g -> g * k + wire < n ? g * k + wire : -1));
      }
      if (groups > 1) {
        sort(wires, groups);
      }
      while (groups > 1) {
        int half = (groups + 1) / 2;
        List<Integer> merged = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          int low = select(wires.get(i), groups, half, g -> g);
          int from = groups;
          int high =
              select(wires.get(k - 1 - i), groups, half, g -> g + half < from ? g + half : -1);
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

    /** Mapping from an output element to an input element (or −1 for the padding key). */
    private interface Source {
      int of(int element);
    }

    /**
     * A node of {@code size} elements: element e is element {@code source.of(e)} of {@code node}
     * (of {@code from} elements), or the padding key maxKey.
     */
    private int select(int node, int from, int size, Source source) {
      long[] matrix = new long[size * from];
      long[] pad = new long[size];
      for (int e = 0; e < size; e++) {
        int s = source.of(e);
        if (s < 0) {
          pad[e] = maxKey;
        } else {
          matrix[e * from + s] = 1;
        }
      }
      return b.addConstant(b.matMulConstant(node, size, matrix), pad);
    }
  }
}
