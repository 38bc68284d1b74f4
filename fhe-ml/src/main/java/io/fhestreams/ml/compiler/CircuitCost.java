package io.fhestreams.ml.compiler;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one evaluation of a circuit costs the server, counted from the circuit alone: the figures of
 * the {@link CompileReport} (bootstraps by bit width, leveled operations) and what a server checks
 * an untrusted artifact against (the longest chain of bootstraps, an estimate of peak memory). Sums
 * saturate at {@link Long#MAX_VALUE}, so a hostile circuit yields a huge cost, never an overflow.
 *
 * @param bootstrapsByBitWidth programmable bootstraps per evaluation, by the bit width they read
 * @param leveledOperations ciphertext multiply-adds per evaluation
 * @param bootstrapDepth the most bootstraps on one path from an input to an output: evaluations run
 *     a node's bootstraps in parallel, so this is their sequential length
 * @param peakMemoryBytes estimated peak heap of one encrypted evaluation: the interpreter keeps
 *     every node's ciphertexts (one LWE ciphertext of the big key per element), plus the output
 *     list and its compressed copy, plus the largest lookup table one bootstrapping node builds
 */
public record CircuitCost(
    SortedMap<Integer, Long> bootstrapsByBitWidth,
    long leveledOperations,
    int bootstrapDepth,
    long peakMemoryBytes) {

  public CircuitCost {
    bootstrapsByBitWidth = Collections.unmodifiableSortedMap(new TreeMap<>(bootstrapsByBitWidth));
  }

  /** Total bootstraps per evaluation. */
  public long bootstraps() {
    return bootstrapsByBitWidth.values().stream().reduce(0L, CircuitCost::saturatedAdd);
  }

  /** The cost of one evaluation of {@code circuit} under {@code p}. */
  public static CircuitCost of(Circuit circuit, ParameterSet p) {
    SortedMap<Integer, Long> byWidth = new TreeMap<>();
    long leveledOps = 0;
    int[] depth = new int[circuit.nodes().size()];
    int maxDepth = 0;
    long ciphertextBytes = 8L * (p.bigLweDimension().value() + 1);
    long heldElements = 0;
    long widestTableBytes = 0;
    for (Node node : circuit.nodes()) {
      Operation op = node.operation();
      long bootstraps = op.bootstraps(node.size());
      if (bootstraps > 0) {
        int width = lookupWidth(circuit, node);
        byWidth.merge(width, bootstraps, CircuitCost::saturatedAdd);
        // the table's values (2^width longs) and its GLWE accumulator ((k+1)·N longs)
        long table = saturatedMultiply(8, saturatedAdd(1L << Math.min(width, 62), glweLongs(p)));
        widestTableBytes = Math.max(widestTableBytes, table);
      }
      leveledOps = saturatedAdd(leveledOps, op.accept(new LeveledOperations(node)));
      int operandDepth = 0;
      for (int operand : op.operands()) {
        operandDepth = Math.max(operandDepth, depth[operand]);
      }
      depth[node.id()] = operandDepth + (bootstraps > 0 ? 1 : 0);
      maxDepth = Math.max(maxDepth, depth[node.id()]);
      heldElements = saturatedAdd(heldElements, node.size());
    }
    long outputs = 0;
    for (Node out : circuit.outputs()) {
      outputs = saturatedAdd(outputs, out.size());
    }
    // an output is its operand's array: its ciphertexts are held once, by the operand
    long heldBytes = saturatedMultiply(heldElements - outputs, ciphertextBytes);
    long outputListBytes = saturatedMultiply(2 * outputs, ciphertextBytes);
    return new CircuitCost(
        byWidth,
        leveledOps,
        maxDepth,
        saturatedAdd(heldBytes, saturatedAdd(outputListBytes, widestTableBytes)));
  }

  /**
   * The bit width a bootstrapping node reads (0 for a leveled node): the operand's width for a
   * table lookup, the dropped bits for a rounding, the shifted difference's width for a max.
   */
  public static int lookupWidth(Circuit circuit, Node node) {
    return node.operation().accept(new LookupWidth(circuit));
  }

  /**
   * Ciphertext multiply-adds of one node: one per non-zero matrix entry (the executors skip the
   * zeros, which trees' and pruned layers' matrices are mostly made of), one per element of a sum,
   * difference or product; adding a constant and the labelled nodes cost none.
   */
  private record LeveledOperations(Node node) implements Operation.Visitor<Long> {
    @Override
    public Long visit(Operation.Input op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.Add op) {
      return (long) node.size();
    }

    @Override
    public Long visit(Operation.Subtract op) {
      return (long) node.size();
    }

    @Override
    public Long visit(Operation.AddConstant op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.MultiplyConstant op) {
      return (long) node.size();
    }

    @Override
    public Long visit(Operation.MatMulConstant op) {
      long nonZero = 0;
      for (int i = 0; i < op.rows(); i++) {
        for (int j = 0; j < op.columns(); j++) {
          nonZero += op.entry(i, j) != 0 ? 1 : 0;
        }
      }
      return nonZero;
    }

    @Override
    public Long visit(Operation.TableLookup op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.RoundBits op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.Remainder op) {
      return (long) node.size();
    }

    @Override
    public Long visit(Operation.Max op) {
      return 0L;
    }

    @Override
    public Long visit(Operation.CompareSwap op) {
      // per pair: the difference, min and max; split, also the low part, the packing and relu
      return (op.lowBits() == 0 ? 3L : 6L) * (node.size() / 2);
    }

    @Override
    public Long visit(Operation.Output op) {
      return 0L;
    }
  }

  private record LookupWidth(Circuit circuit) implements Operation.Visitor<Integer> {
    @Override
    public Integer visit(Operation.Input op) {
      return 0;
    }

    @Override
    public Integer visit(Operation.Add op) {
      return 0;
    }

    @Override
    public Integer visit(Operation.Subtract op) {
      return 0;
    }

    @Override
    public Integer visit(Operation.AddConstant op) {
      return 0;
    }

    @Override
    public Integer visit(Operation.MultiplyConstant op) {
      return 0;
    }

    @Override
    public Integer visit(Operation.MatMulConstant op) {
      return 0;
    }

    @Override
    public Integer visit(Operation.TableLookup op) {
      return circuit.node(op.operand()).bitWidth();
    }

    @Override
    public Integer visit(Operation.RoundBits op) {
      return op.bits();
    }

    @Override
    public Integer visit(Operation.Remainder op) {
      return 0;
    }

    @Override
    public Integer visit(Operation.Max op) {
      return Operation.Max.differenceWidth(
          circuit.node(op.left()).range(), circuit.node(op.right()).range());
    }

    /** The widest of its reads: the whole difference, or the chunk, h and the packed sign. */
    @Override
    public Integer visit(Operation.CompareSwap op) {
      int width =
          op.differenceWidth(circuit.node(op.left()).range(), circuit.node(op.right()).range());
      return op.lowBits() == 0
          ? width
          : Math.max(op.lowBits() + 1, Math.max(1, width - op.lowBits()));
    }

    @Override
    public Integer visit(Operation.Output op) {
      return 0;
    }
  }

  private static long glweLongs(ParameterSet p) {
    return (long) (p.glweDimension().value() + 1) * p.polynomialSize().value();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high != 0 || low < 0 ? Long.MAX_VALUE : low;
  }
}
