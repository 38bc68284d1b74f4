package io.fhestreams.ml.models.knn;

import io.fhestreams.ml.circuit.CircuitBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The selection network over keys, each a list of blocks (one node each, of the same size; one
 * block for a leveled key), compared by a {@link Swapper}: the keys form G groups of ⌈N / G⌉ slots,
 * G the largest power of two with G·2k ≤ N ({@link KnnLowering#groupCount}; the padding slots get
 * the largest key); each group is sorted by odd-even transposition (Knuth, TAOCP vol. 3, 5.3.4,
 * exercise 37) and keeps its k smallest, then groups are merged pairwise: the k smallest of two
 * sorted k-lists A, B are min(A_i, B_{k − 1 − i}) (Batcher's bitonic observation), re-sorted unless
 * it is the last merge. Every comparator is vectorized over the groups; selections are one-hot
 * matrices, never sums of partial vectors, whose inferred ranges would add up.
 *
 * <p>Every block of every wire is {@link Lazy}: a comparator is built when one of its blocks is
 * asked for, so the network builds only what its outputs read (not the maxima of the merges, nor
 * the wires past k after the first sort, nor the distance blocks of the k nearest).
 */
final class Selection {
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
        List<Lazy<Integer>> high = selectBlocks(wires.get(k - 1 - i), merging, half, g -> g + half);
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
   * #smallest}'s largest), read off when the k smallest come out sorted (one group, sorted whole),
   * else the maximum of a chain of comparisons.
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
    Lazy<Swapped> swapped = new Lazy<>(() -> swapper.swap(Swapped.built(low), Swapped.built(high)));
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
   * A node of {@code size} elements: element e is element {@code source.of(e)} of {@code node} (of
   * {@code from} elements), or 0 where it is negative; a one-hot matrix keeps the range exact.
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

  /** Mapping from an output element to an input element. */
  interface Source {
    int of(int element);
  }

  /** Element-wise compare-swap of two keys of blocks. */
  interface Swapper {
    Swapped swap(List<Integer> low, List<Integer> high);
  }
}
