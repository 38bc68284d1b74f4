package io.fhestreams.ml.models.knn;

import java.util.ArrayList;
import java.util.List;

/**
 * The two sides of an element-wise compare-swap of two keys of blocks (one node per block, least
 * significant first), each block built when first asked for: a selection network keeps one side of
 * most of its comparators, and reads only the class blocks of its last ones.
 *
 * @param min the minimum's blocks
 * @param max the maximum's blocks
 */
record Swapped(List<Lazy<Integer>> min, List<Lazy<Integer>> max) {
  /** The nodes of {@code blocks}, each built now if it was not yet. */
  static List<Integer> built(List<Lazy<Integer>> blocks) {
    List<Integer> nodes = new ArrayList<>();
    for (Lazy<Integer> block : blocks) {
      nodes.add(block.get());
    }
    return nodes;
  }
}
