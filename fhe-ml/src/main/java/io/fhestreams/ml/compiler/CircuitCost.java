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
    long heldBytes = 0;
    long widestTableBytes = 0;
    for (Node node : circuit.nodes()) {
      Operation op = node.operation();
      int width = lookupWidth(circuit, node);
      long bootstraps = (long) node.size() * Circuit.bootstrapsPerElement(op);
      if (bootstraps > 0) {
        byWidth.merge(width, bootstraps, CircuitCost::saturatedAdd);
        // the table's values (2^width longs) and its GLWE accumulator ((k+1)·N longs)
        long table = saturatedMultiply(8, saturatedAdd(1L << Math.min(width, 62), glweLongs(p)));
        widestTableBytes = Math.max(widestTableBytes, table);
      } else if (op instanceof Operation.MatMulConstant m) {
        leveledOps = saturatedAdd(leveledOps, (long) m.rows() * m.columns());
      } else if (op instanceof Operation.Add
          || op instanceof Operation.Subtract
          || op instanceof Operation.MultiplyConstant) {
        leveledOps = saturatedAdd(leveledOps, node.size());
      }
      int operandDepth = 0;
      for (int operand : op.operands()) {
        operandDepth = Math.max(operandDepth, depth[operand]);
      }
      depth[node.id()] = operandDepth + (bootstraps > 0 ? 1 : 0);
      maxDepth = Math.max(maxDepth, depth[node.id()]);
      // an output is its operand's array, the ciphertexts are counted once
      long held = op instanceof Operation.Output ? 0 : node.size();
      heldBytes = saturatedAdd(heldBytes, saturatedMultiply(held, ciphertextBytes));
    }
    long outputs = 0;
    for (Node out : circuit.outputs()) {
      outputs = saturatedAdd(outputs, out.size());
    }
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
    Operation op = node.operation();
    if (op instanceof Operation.TableLookup t) {
      return circuit.node(t.operand()).bitWidth();
    } else if (op instanceof Operation.RoundBits r) {
      return r.bits();
    } else if (op instanceof Operation.Max m) {
      return Operation.Max.differenceWidth(
          circuit.node(m.left()).range(), circuit.node(m.right()).range());
    }
    return 0;
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
