package io.fhestreams.ml.models.knn;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import io.fhestreams.ml.quantization.NBits;
import io.fhestreams.ml.quantization.UniformQuantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The circuit builder keeps every node it is asked for, so a lowering must build only what reaches
 * the votes: a compare-swap whose minimum (or maximum) the network drops must not build it.
 */
class KnnLoweringTest {
  /** Exact keys of every fixture, both block widths: every node reaches the votes. */
  @ParameterizedTest
  @MethodSource("io.fhestreams.ml.models.knn.FheKNeighborsClassifierTest#fixtures")
  void exactLowering_buildsNoNodeTheVotesDoNotRead(String dataset) throws Exception {
    NeighborSet set =
        NeighborSet.fromSklearnJson(FheKNeighborsClassifierTest.KNN.resolve(dataset + "_knn.json"));
    List<UniformQuantizer> quantizers =
        KnnCalibration.commonScale(
            set, FheKNeighborsClassifierTest.test(dataset), FheKNeighborsClassifier.EXACT_N_BITS);
    List<String> unread = new ArrayList<>();
    for (int width : RadixKeys.BLOCK_WIDTHS) {
      Circuit circuit = KnnLowering.lowerExact(set, quantizers, width).circuit();
      unread.addAll(unread(circuit, dataset + ", " + width + "-bit blocks"));
    }
    assertThat(unread).as("%s: nodes no output reads", dataset).isEmpty();
  }

  /**
   * Truncated keys, labels in the key (the merges keep minima) and apart (the k-th smallest keeps
   * maxima), on seeded random points.
   */
  @ParameterizedTest
  @CsvSource({
    "IN_KEY, 1, 3",
    "IN_KEY, 5, 4",
    "APART, 3, 3",
    "APART, 4, 2",
  })
  void truncatedLowering_buildsNoNodeTheVotesDoNotRead(KnnLowering.Labels labels, int k, int bits) {
    long seed = new SplittableRandom().nextLong();
    System.out.printf("truncated lowering, %s, k = %d, %d bits: seed %d%n", labels, k, bits, seed);
    SplittableRandom random = new SplittableRandom(seed);
    int n = 30 + random.nextInt(40);
    int features = 2 + random.nextInt(3);
    double[][] points = new double[n][features];
    long[] classes = new long[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < features; j++) {
        points[i][j] = random.nextDouble();
      }
      classes[i] = random.nextInt(3);
    }
    NeighborSet set = new NeighborSet(points, classes, k);
    NBits nBits = new NBits(bits);
    List<UniformQuantizer> quantizers = KnnCalibration.commonScale(set, points, nBits);
    long truncation = 4;
    Circuit circuit =
        TruncatedKnnLowering.lower(
                set, quantizers, new KnnLowering.Settings(12, truncation, labels))
            .circuit();
    assertThat(unread(circuit, "seed " + seed))
        .as("seed %d: nodes no output reads", seed)
        .isEmpty();
  }

  /** The nodes, inputs aside, that no output reads, even through other nodes. */
  private static List<String> unread(Circuit circuit, String what) {
    List<Node> nodes = circuit.nodes();
    boolean[] read = new boolean[nodes.size()];
    for (int id = nodes.size() - 1; id >= 0; id--) {
      Operation op = nodes.get(id).operation();
      if (op instanceof Operation.Output) {
        read[id] = true;
      }
      if (read[id]) {
        for (int operand : op.operands()) {
          read[operand] = true;
        }
      }
    }
    List<String> unread = new ArrayList<>();
    long unreadBootstraps = 0;
    for (Node node : nodes) {
      if (!read[node.id()] && !(node.operation() instanceof Operation.Input)) {
        unread.add(node.describe());
        unreadBootstraps += node.operation().bootstraps(node.size());
      }
    }
    System.out.printf(
        "%s: %d nodes, %d bootstraps, %d unread nodes of %d bootstraps%n",
        what, nodes.size(), circuit.bootstrapCount(), unread.size(), unreadBootstraps);
    return unread;
  }
}
