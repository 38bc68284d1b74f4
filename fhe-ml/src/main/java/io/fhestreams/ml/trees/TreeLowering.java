package io.fhestreams.ml.trees;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import io.fhestreams.ml.deploy.IoLayout;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a {@link TreeEnsemble} on quantized features to the circuit IR, in the matrix form of
 * Hummingbird's GEMM strategy (Nakandala et al., OSDI 2020) as Concrete ML uses it:
 *
 * <ol>
 *   <li>comparisons: bit c = [q(x_f) &gt;= k_c], where k_c is the threshold on the feature's
 *       quantized scale (k = ⌊t / scale + zeroPoint⌋ + 1: the bins whose centre lies past t go
 *       right);
 *   <li>path aggregation: for each leaf, u = (D − its path length) + Σ over its path of the literal
 *       (bit, or its complement 1 − bit on a left turn): a clear matrix product with non-negative
 *       entries; the leaf is reached iff u = D (the longest path), one lookup per leaf into one
 *       table shared by all leaves ([u = D]), so all leaf bootstraps form one batch over the cores;
 *   <li>leaf values: the indicators times the leaf magnitudes quantized to {@code leafBits} bits, a
 *       clear matrix product whose rows sum as many same-signed leaves of one column as an unsigned
 *       4-bit value holds. Rows are single-signed by choice, not because outputs must be unsigned
 *       (the client decodes outputs as signed residues): an unsigned row uses the whole [0, 15] of
 *       the 4-bit set, where a mixed row would hold positive leaves up to 7 and negative ones down
 *       to −8 under one scale. The circuit's ranges are per node and by interval arithmetic, which
 *       cannot know that a tree's leaves are exclusive, so one row cannot sum a whole tree. Leaves
 *       are sorted by |value| and each row has its own signed scale, so small leaves keep their
 *       relative precision. The client adds the rows of a column and the base score ({@link
 *       IoLayout}), then applies the sigmoid or softmax and arg-max.
 * </ol>
 *
 * <p>Strategies, measured in bootstraps per sample (20 XGBoost trees of depth 4, breast cancer,
 * n_bits 5: 266 / 210 / 143; see the issue-6 note):
 *
 * <ul>
 *   <li>{@link Strategy#PLAIN} — the baseline: one lookup per tree node; the comparison gathers
 *       x_f, adds L − k_c (L = 2^n_bits levels) and looks up [v &gt;= L] on n_bits + 1 bits, so
 *       n_bits 4 and 5 need the 6-bit set and 6 and more do not compile;
 *   <li>{@link Strategy#SHARED} — each distinct (feature, level) evaluated once across all trees;
 *   <li>{@link Strategy#THERMOMETER} — the default and the cheapest correct design: the client
 *       sends a constant 1 and, for every level k of every feature, [q &gt;= k] and [q &lt; k]
 *       ({@link IoLayout}). Every literal is then an input ciphertext: comparisons cost no
 *       bootstrap, every path sum's range is exactly [0, D] (each row holds D unit entries), the
 *       widest value is 4 bits and the circuit runs under the 4-bit set whatever n_bits is. Its
 *       bootstraps are exactly the reachable leaves, on ⌈log2(D + 1)⌉ bits. It pays in input size,
 *       2·F·(L − 1) + 1 seeded ciphertexts of 8 bytes, which is why n_bits can rise to where
 *       calibration loses no accuracy at no bootstrap cost.
 * </ul>
 *
 * Comparisons constant on the quantized scale (k ≤ 0 or k ≥ L) cost nothing under every strategy:
 * the leaves they exclude are dropped. Not done: several comparisons of one feature in one many-LUT
 * blind rotation for the PLAIN/SHARED forms (the IR has no multi-output lookup; the thermometer
 * form leaves no comparison lookup to share).
 */
public final class TreeLowering {
  private TreeLowering() {}

  /** How comparisons are evaluated. */
  public enum Strategy {
    /** One n_bits + 1 bit lookup per tree node (the baseline). */
    PLAIN,
    /** One lookup per distinct (feature, quantized threshold) over all trees. */
    SHARED,
    /** Unary-encoded inputs: comparisons are input bits, no bootstrap. */
    THERMOMETER
  }

  /** The widest (unsigned) output of a leaf-value row: 4 bits, the cheap bootstrapping set. */
  static final int OUTPUT_BITS = 4;

  /**
   * A lowered ensemble.
   *
   * @param circuit the circuit
   * @param outputScales the de-quantization scale of each circuit output
   * @param layout the client's I/O layout (input encoding, output columns and base scores)
   */
  public record Lowered(Circuit circuit, double[] outputScales, IoLayout layout) {
    public Lowered {
      outputScales = outputScales.clone();
    }

    @Override
    public double[] outputScales() {
      return outputScales.clone();
    }
  }

  /** One literal of a leaf's path: comparison {@code comparison} must be {@code right}. */
  private record Literal(int comparison, boolean right) {}

  /**
   * Lowers {@code ensemble} with the features quantized by {@code quantizers} (unsigned), leaf
   * magnitudes on {@code leafBits} bits (1..4; the sign is in the row's scale).
   */
  public static Lowered lower(
      TreeEnsemble ensemble, List<UniformQuantizer> quantizers, Strategy strategy, int leafBits) {
    long levels = checkedLevels(ensemble, quantizers, leafBits);
    Paths paths = new Paths(ensemble, quantizers, strategy, levels);
    CircuitBuilder b = new CircuitBuilder();
    boolean thermometer = strategy == Strategy.THERMOMETER;
    PathSums sums =
        thermometer
            ? thermometerPathSums(b, paths, ensemble.features(), levels)
            : comparedPathSums(b, paths, ensemble.features(), levels);
    long[] isDeepest = new long[(int) sums.top() + 1];
    isDeepest[paths.deepest()] = 1;
    int indicators = b.tableLookup(sums.node(), 0, isDeepest);
    LeafRows rows = leafRows(ensemble, paths, leafBits);
    b.output(b.matMulConstant(indicators, rows.scales().length, rows.matrix()), "tree_scores");
    return new Lowered(
        b.build(),
        rows.scales(),
        new IoLayout(
            thermometer ? IoLayout.Inputs.THERMOMETER : IoLayout.Inputs.DIRECT,
            rows.columns(),
            ensemble.base()));
  }

  /** Checks the quantizers and the leaf width; returns the features' common number of levels. */
  private static long checkedLevels(
      TreeEnsemble ensemble, List<UniformQuantizer> quantizers, int leafBits) {
    int features = ensemble.features();
    if (quantizers.size() != features) {
      throw new IllegalArgumentException(
          ensemble.kind() + ": " + features + " features but " + quantizers.size() + " quantizers");
    }
    if (leafBits < 1 || leafBits > OUTPUT_BITS) {
      throw new IllegalArgumentException(
          "leaf magnitudes need [1, " + OUTPUT_BITS + "] bits, found " + leafBits);
    }
    long levels = quantizers.get(0).nBits().levels();
    for (UniformQuantizer q : quantizers) {
      if (q.signed() || q.nBits().levels() != levels) {
        throw new IllegalArgumentException(
            "tree inputs need unsigned quantizers of one n_bits, found " + q);
      }
    }
    return levels;
  }

  /**
   * The comparisons of the ensemble on the quantized scale (one per tree node under {@link
   * Strategy#PLAIN}, one per distinct (feature, level) otherwise) and the path of literals of every
   * reachable leaf.
   */
  private static final class Paths {
    final List<int[]> comparisons = new ArrayList<>(); // {feature, level}
    final List<List<Literal>> literals = new ArrayList<>();
    private final List<Integer> leafTree = new ArrayList<>();
    private final List<Integer> leafNode = new ArrayList<>();
    private final Map<Long, Integer> shared = new HashMap<>();
    private final TreeEnsemble ensemble;

    Paths(
        TreeEnsemble ensemble, List<UniformQuantizer> quantizers, Strategy strategy, long levels) {
      this.ensemble = ensemble;
      for (int t = 0; t < ensemble.trees().size(); t++) {
        Tree tree = ensemble.trees().get(t);
        int[] comparisonOf = new int[tree.size()];
        int[] constant = new int[tree.size()]; // 0: depends on x, 1: always right, -1: always left
        for (int i = 0; i < tree.size(); i++) {
          if (tree.isLeaf(i)) {
            continue;
          }
          int f = tree.featureOf(i);
          UniformQuantizer q = quantizers.get(f);
          long k = (long) Math.floor(tree.thresholdOf(i) / q.scale() + q.zeroPoint()) + 1;
          if (k <= 0) {
            constant[i] = 1;
          } else if (k >= levels) {
            constant[i] = -1;
          } else {
            comparisonOf[i] = comparison(f, k, strategy, levels);
          }
        }
        // depth-first walk collecting each leaf's literals
        walk(tree, 0, new ArrayList<>(), comparisonOf, constant, t);
      }
    }

    /** The index of comparison [q(x_f) &gt;= k], shared unless the strategy is PLAIN. */
    private int comparison(int f, long k, Strategy strategy, long levels) {
      if (strategy == Strategy.PLAIN) {
        comparisons.add(new int[] {f, (int) k});
        return comparisons.size() - 1;
      }
      long key = (long) f * levels + k;
      Integer c = shared.get(key);
      if (c == null) {
        c = comparisons.size();
        shared.put(key, c);
        comparisons.add(new int[] {f, (int) k});
      }
      return c;
    }

    private void walk(
        Tree tree, int i, List<Literal> path, int[] comparisonOf, int[] constant, int t) {
      if (tree.isLeaf(i)) {
        literals.add(List.copyOf(path));
        leafTree.add(t);
        leafNode.add(i);
        return;
      }
      if (constant[i] != 0) {
        // constant on the quantized scale: only the side it always takes is reachable, and it
        // adds nothing
        walk(
            tree,
            constant[i] > 0 ? tree.rightOf(i) : tree.leftOf(i),
            path,
            comparisonOf,
            constant,
            t);
        return;
      }
      path.add(new Literal(comparisonOf[i], false));
      walk(tree, tree.leftOf(i), path, comparisonOf, constant, t);
      path.set(path.size() - 1, new Literal(comparisonOf[i], true));
      walk(tree, tree.rightOf(i), path, comparisonOf, constant, t);
      path.remove(path.size() - 1);
    }

    int leaves() {
      return literals.size();
    }

    /** D: the length of the longest path. */
    int deepest() {
      return literals.stream().mapToInt(List::size).max().orElse(0);
    }

    /** Output {@code o} of leaf {@code l}. */
    double leafValue(int l, int o) {
      return ensemble.trees().get(leafTree.get(l)).leafValue(leafNode.get(l), o);
    }
  }

  /**
   * The node of the path sums u = D − (literals on the path) + Σ literals, one per leaf, reached
   * iff u = D; {@code top} is the largest sum the builder's interval arithmetic allows.
   */
  private record PathSums(int node, long top) {}

  /**
   * Path sums over thermometer inputs [1, (q_f &gt;= k, q_f &lt; k) for f, k]: every row holds D
   * non-negative unit entries (its literals, then D − len on the constant 1), so each path sum's
   * range is exactly [0, D].
   */
  private static PathSums thermometerPathSums(
      CircuitBuilder b, Paths paths, int features, long levels) {
    int leaves = paths.leaves();
    int deepest = paths.deepest();
    int width = (int) (1 + 2 * features * (levels - 1));
    int in = b.input("thermometer", width, new ValueRange(0, 1));
    long[] m = new long[leaves * width];
    for (int l = 0; l < leaves; l++) {
      List<Literal> path = paths.literals.get(l);
      m[l * width] = deepest - path.size();
      for (Literal lit : path) {
        int[] c = paths.comparisons.get(lit.comparison());
        m[l * width + 1 + 2 * (int) (c[0] * (levels - 1) + c[1] - 1) + (lit.right() ? 0 : 1)] += 1;
      }
    }
    return new PathSums(b.matMulConstant(in, leaves, m), deepest);
  }

  /**
   * Path sums over comparison bits evaluated by lookups on the quantized features: bit = [x_f − k +
   * L &gt;= L], one (n_bits + 1)-bit lookup per comparison, then the bits and their complements
   * summed per leaf by two non-negative matrix products.
   */
  private static PathSums comparedPathSums(
      CircuitBuilder b, Paths paths, int features, long levels) {
    List<int[]> comparisons = paths.comparisons;
    int leaves = paths.leaves();
    int deepest = paths.deepest();
    int x = b.input("features", features, new ValueRange(0, levels - 1));
    int count = Math.max(1, comparisons.size());
    long[] gather = new long[count * features];
    long[] shift = new long[count];
    java.util.Arrays.fill(shift, levels); // a constant-0 comparison when all are constant
    for (int c = 0; c < comparisons.size(); c++) {
      gather[c * features + comparisons.get(c)[0]] = 1;
      shift[c] = levels - comparisons.get(c)[1];
    }
    long[] step = new long[(int) (2 * levels)];
    java.util.Arrays.fill(step, (int) levels, step.length, 1);
    int bits = b.tableLookup(b.addConstant(b.matMulConstant(x, count, gather), shift), 0, step);
    long[] ones = new long[count];
    long[] minusOnes = new long[count];
    java.util.Arrays.fill(ones, 1);
    java.util.Arrays.fill(minusOnes, -1);
    int complements = b.addConstant(b.multiplyConstant(bits, minusOnes), ones);
    long[] right = new long[leaves * count];
    long[] left = new long[leaves * count];
    long[] pad = new long[leaves];
    long maxRight = 0;
    long maxLeft = 0;
    long maxPad = 0;
    for (int l = 0; l < leaves; l++) {
      List<Literal> path = paths.literals.get(l);
      pad[l] = deepest - path.size();
      long r = path.stream().filter(Literal::right).count();
      maxRight = Math.max(maxRight, r);
      maxLeft = Math.max(maxLeft, path.size() - r);
      maxPad = Math.max(maxPad, pad[l]);
      for (Literal lit : path) {
        (lit.right() ? right : left)[l * count + lit.comparison()] += 1;
      }
    }
    // two non-negative matrix products added: the range is over-estimated (interval arithmetic
    // adds the widest right and left counts) but stays unsigned
    int u =
        b.addConstant(
            b.add(
                b.matMulConstant(bits, leaves, right), b.matMulConstant(complements, leaves, left)),
            pad);
    return new PathSums(u, maxRight + maxLeft + maxPad);
  }

  /**
   * The leaf-value matrix (one row per output, leaves as columns), with each row's scale and model
   * column.
   */
  private record LeafRows(long[] matrix, double[] scales, int[] columns) {}

  /**
   * Rows of same-signed leaves of one column, sorted by |value| and packed while the row's sum
   * stays within an unsigned 4-bit value (the whole 4-bit range for one sign); each row has its own
   * scale, negative for negative leaves, so small leaves keep their relative precision.
   */
  private static LeafRows leafRows(TreeEnsemble ensemble, Paths paths, int leafBits) {
    int leaves = paths.leaves();
    long maxQ = (1L << leafBits) - 1;
    long hi = (1L << OUTPUT_BITS) - 1;
    List<long[]> rows = new ArrayList<>();
    List<Integer> rowColumn = new ArrayList<>();
    List<Double> rowScale = new ArrayList<>();
    for (int o = 0; o < ensemble.outputs(); o++) {
      for (int sign : new int[] {1, -1}) {
        final int col = o;
        List<Integer> order = new ArrayList<>();
        for (int l = 0; l < leaves; l++) {
          if (Math.signum(paths.leafValue(l, col)) == sign) {
            order.add(l);
          }
        }
        order.sort(
            (p1, p2) ->
                Double.compare(
                    Math.abs(paths.leafValue(p2, col)), Math.abs(paths.leafValue(p1, col))));
        long[] row = null;
        double scale = 1;
        long rowSum = 0;
        for (int l : order) {
          double v = paths.leafValue(l, col);
          long q = row == null ? 0 : Math.round(v / scale);
          if (row == null || rowSum + q > hi) {
            row = new long[leaves];
            scale = v / maxQ;
            q = maxQ;
            rows.add(row);
            rowColumn.add(col);
            rowScale.add(scale);
            rowSum = 0;
          }
          row[l] = q;
          rowSum += q;
        }
      }
    }
    if (rows.isEmpty()) {
      rows.add(new long[leaves]);
      rowColumn.add(0);
      rowScale.add(1.0);
    }
    long[] matrix = new long[rows.size() * leaves];
    double[] scales = new double[rows.size()];
    int[] columns = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, matrix, r * leaves, leaves);
      columns[r] = rowColumn.get(r);
      scales[r] = rowScale.get(r);
    }
    return new LeafRows(matrix, scales, columns);
  }
}
