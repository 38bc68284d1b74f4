package io.fhestreams.ml.circuit.exec;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import java.util.List;

/**
 * The reference executor: exact integer arithmetic on clear values. Inputs outside their declared
 * range are refused (the encrypted executor could not represent them); overflow throws.
 */
public class ClearExecutor implements Backend<long[]> {

  /** Evaluates the circuit on clear inputs, one {@code long[]} per input node. */
  public static List<long[]> evaluate(Circuit circuit, List<long[]> inputs) {
    return CircuitInterpreter.run(circuit, new ClearExecutor(), inputs);
  }

  @Override
  public long[] input(Node node, long[] value) {
    if (value.length != node.size()) {
      throw new IllegalArgumentException(
          "input "
              + node.describe()
              + ": expected "
              + node.size()
              + " values, found "
              + value.length);
    }
    for (int i = 0; i < value.length; i++) {
      if (!node.range().contains(value[i])) {
        throw new IllegalArgumentException(
            "input "
                + node.describe()
                + " element "
                + i
                + ": value "
                + value[i]
                + " is outside the declared range "
                + node.range());
      }
    }
    return value.clone();
  }

  @Override
  public long[] add(Node node, long[] a, long[] b) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.addExact(a[i], b[i]);
    }
    return y;
  }

  @Override
  public long[] subtract(Node node, long[] a, long[] b) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.subtractExact(a[i], b[i]);
    }
    return y;
  }

  @Override
  public long[] addConstant(Node node, Operation.AddConstant op, long[] a) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.addExact(a[i], op.constant(i));
    }
    return y;
  }

  @Override
  public long[] multiplyConstant(Node node, Operation.MultiplyConstant op, long[] a) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.multiplyExact(a[i], op.constant(i));
    }
    return y;
  }

  @Override
  public long[] matMulConstant(Node node, Operation.MatMulConstant op, long[] a) {
    long[] y = new long[op.rows()];
    for (int i = 0; i < y.length; i++) {
      long acc = 0;
      for (int j = 0; j < op.columns(); j++) {
        long w = op.entry(i, j);
        if (w != 0) { // sparse matrices (tree paths over unary inputs) are mostly zeros
          acc = Math.addExact(acc, Math.multiplyExact(w, a[j]));
        }
      }
      y[i] = acc;
    }
    return y;
  }

  @Override
  public long[] tableLookup(Node node, Node operand, Operation.TableLookup op, long[] a) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = op.lookup(a[i]);
    }
    return y;
  }

  @Override
  public long[] roundBits(Node node, Operation.RoundBits op, long[] a) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = op.apply(a[i]);
    }
    return y;
  }

  @Override
  public long[] remainder(Node node, Operation.Remainder op, long[] a, long[] rounded) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = op.apply(a[i], rounded[i]);
    }
    return y;
  }

  @Override
  public long[] max(Node node, Node left, Node right, long[] a, long[] b) {
    long[] y = new long[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(a[i], b[i]);
    }
    return y;
  }

  @Override
  public long[] compareSwap(
      Node node, Operation.CompareSwap op, Node left, Node right, long[] a, long[] b) {
    return compareSwap(a, b, 0);
  }

  /** min(a, b) then max(a, b) from relu(a − b + error) (b − relu, b + relu: exact at error 0). */
  static long[] compareSwap(long[] a, long[] b, long error) {
    long[] y = new long[2 * a.length];
    for (int i = 0; i < a.length; i++) {
      long relu = Math.max(0, a[i] - b[i] + error);
      y[i] = a[i] - relu;
      y[a.length + i] = b[i] + relu;
    }
    return y;
  }

  @Override
  public long[] output(Node node, long[] a) {
    return a.clone();
  }
}
