package io.fhestreams.ml.circuit;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link Circuit} node by node, checking shapes and inferring each node's value range from
 * its operands' ranges and its clear constants. Every method returns the new node's id.
 */
public final class CircuitBuilder {
  private final List<Node> nodes = new ArrayList<>();

  /** An encrypted input of {@code size} elements, each declared to lie in {@code range}. */
  public int input(String label, int size, ValueRange range) {
    return add(new Operation.Input(label, size, range), size, range);
  }

  /** Element-wise a + b. */
  public int add(int left, int right) {
    Node a = sameSize(left, right, "add");
    return add(new Operation.Add(left, right), a.size(), a.range().plus(node(right).range()));
  }

  /** Element-wise a − b. */
  public int subtract(int left, int right) {
    Node a = sameSize(left, right, "subtract");
    return add(new Operation.Subtract(left, right), a.size(), a.range().minus(node(right).range()));
  }

  /** Element-wise a + c. */
  public int addConstant(int operand, long[] constant) {
    Node a = node(operand);
    checkLength(constant.length, a, "add_constant");
    ValueRange r = null;
    for (long c : constant) {
      ValueRange e = a.range().plus(new ValueRange(c, c));
      r = r == null ? e : r.union(e);
    }
    return add(new Operation.AddConstant(operand, constant), a.size(), r);
  }

  /** Element-wise a · c. */
  public int multiplyConstant(int operand, long[] constant) {
    Node a = node(operand);
    checkLength(constant.length, a, "multiply_constant");
    ValueRange r = null;
    for (long c : constant) {
      ValueRange e = a.range().times(c);
      r = r == null ? e : r.union(e);
    }
    return add(new Operation.MultiplyConstant(operand, constant), a.size(), r);
  }

  /** y = M·a with M of {@code rows} × size(a), row-major. */
  public int matMulConstant(int operand, int rows, long[] matrix) {
    Node a = node(operand);
    Operation.MatMulConstant op = new Operation.MatMulConstant(operand, rows, a.size(), matrix);
    ValueRange r = null;
    for (int i = 0; i < rows; i++) {
      ValueRange row = new ValueRange(0, 0);
      for (int j = 0; j < a.size(); j++) {
        row = row.plus(a.range().times(op.entry(i, j)));
      }
      r = r == null ? row : r.union(row);
    }
    return add(op, rows, r);
  }

  /** Element-wise y = table[a − offset]; the table must cover the operand's whole range. */
  public int tableLookup(int operand, long offset, long[] table) {
    Node a = node(operand);
    Operation.TableLookup op = new Operation.TableLookup(operand, offset, table);
    ValueRange domain = op.domain();
    if (!domain.contains(a.range().min()) || !domain.contains(a.range().max())) {
      throw new IllegalArgumentException(
          "table lookup on "
              + a.describe()
              + ": table covers "
              + domain
              + " but the operand's range is "
              + a.range());
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    // walk the table's indices, not the values: a range ending at Long.MAX_VALUE would wrap
    for (long i = a.range().min() - offset; i <= a.range().max() - offset; i++) {
      min = Math.min(min, table[(int) i]);
      max = Math.max(max, table[(int) i]);
    }
    return add(op, a.size(), new ValueRange(min, max));
  }

  /** y = round(a / 2^bits), half up. */
  public int roundBits(int operand, int bits) {
    Node a = node(operand);
    Operation.RoundBits op = new Operation.RoundBits(operand, bits);
    return add(op, a.size(), new ValueRange(op.apply(a.range().min()), op.apply(a.range().max())));
  }

  /**
   * a mod 2^d, {@code rounding} being {@code roundBits(operand, d)}: range [0, 2^d − 1] (exact for
   * an unsigned operand; the clear executors' ⌊⌋ makes it so for a signed one too).
   */
  public int remainder(int operand, int rounding) {
    Node a = node(operand);
    Node r = node(rounding);
    if (!(r.operation() instanceof Operation.RoundBits round) || round.operand() != operand) {
      throw new IllegalArgumentException(
          "remainder of #"
              + operand
              + ": expected a rounding of #"
              + operand
              + " as second operand, found "
              + r.describe());
    }
    Operation.Remainder op = new Operation.Remainder(operand, rounding, round.bits());
    long top = (1L << round.bits()) - 1;
    if (!a.range().isSigned()) {
      top = Math.min(top, a.range().max());
    }
    return add(op, a.size(), new ValueRange(0, top));
  }

  /**
   * Element-wise compare-and-swap of two tensors of n elements ({@link Operation.CompareSwap}): 2n
   * elements, min(a, b) then max(a, b); the range is exactly [min(min a, min b), max(max a, max
   * b)].
   */
  public int compareSwap(int left, int right, int lowBits) {
    Node a = sameSize(left, right, "compare_swap");
    ValueRange l = a.range();
    ValueRange r = node(right).range();
    Operation.CompareSwap op = new Operation.CompareSwap(left, right, lowBits);
    op.differenceWidth(l, r); // refuses operands whose difference overflows a long
    return add(
        op,
        Math.multiplyExact(2, a.size()),
        new ValueRange(Math.min(l.min(), r.min()), Math.max(l.max(), r.max())));
  }

  /** Element-wise max(a, b); its range is exactly [max(min a, min b), max(max a, max b)]. */
  public int max(int left, int right) {
    Node a = sameSize(left, right, "max");
    ValueRange l = a.range();
    ValueRange r = node(right).range();
    Operation.Max.differenceWidth(l, r); // refuses operands whose difference overflows a long
    return add(
        new Operation.Max(left, right),
        a.size(),
        new ValueRange(Math.max(l.min(), r.min()), Math.max(l.max(), r.max())));
  }

  /** The number of elements of node {@code id}. */
  public int size(int id) {
    return node(id).size();
  }

  /** The value range inferred for node {@code id}. */
  public ValueRange range(int id) {
    return node(id).range();
  }

  /** Marks a node as an output. */
  public int output(int operand, String label) {
    Node a = node(operand);
    return add(new Operation.Output(operand, label), a.size(), a.range());
  }

  /** The finished circuit. */
  public Circuit build() {
    return new Circuit(nodes);
  }

  /** Re-creates a node as read from a serialized circuit, inferring its range again. */
  Node replay(Operation op) {
    return nodes.get(op.accept(new Replay()));
  }

  private Node node(int id) {
    if (id < 0 || id >= nodes.size()) {
      throw new IllegalArgumentException(
          "operand #" + id + " does not exist: the circuit has " + nodes.size() + " nodes so far");
    }
    Node n = nodes.get(id);
    if (n.operation() instanceof Operation.Output) {
      throw new IllegalArgumentException("operand " + n.describe() + " is an output, not a value");
    }
    return n;
  }

  private Node sameSize(int left, int right, String what) {
    Node a = node(left);
    Node b = node(right);
    if (a.size() != b.size()) {
      throw new IllegalArgumentException(
          what
              + ": operand sizes differ, "
              + a.describe()
              + " has "
              + a.size()
              + ", "
              + b.describe()
              + " has "
              + b.size());
    }
    return a;
  }

  private static void checkLength(int length, Node a, String what) {
    if (length != a.size()) {
      throw new IllegalArgumentException(
          what + " on " + a.describe() + ": expected " + a.size() + " constants, found " + length);
    }
  }

  private int add(Operation op, int size, ValueRange range) {
    int id = nodes.size();
    nodes.add(new Node(id, op, size, range));
    return id;
  }

  /** Calls the builder method of each operation's kind with the operation's fields. */
  private final class Replay implements Operation.Visitor<Integer> {
    @Override
    public Integer visit(Operation.Input in) {
      return input(in.label(), in.size(), in.range());
    }

    @Override
    public Integer visit(Operation.Add a) {
      return add(a.left(), a.right());
    }

    @Override
    public Integer visit(Operation.Subtract s) {
      return subtract(s.left(), s.right());
    }

    @Override
    public Integer visit(Operation.AddConstant c) {
      return addConstant(c.operand(), c.constant());
    }

    @Override
    public Integer visit(Operation.MultiplyConstant m) {
      return multiplyConstant(m.operand(), m.constant());
    }

    @Override
    public Integer visit(Operation.MatMulConstant m) {
      return matMulConstant(m.operand(), m.rows(), m.matrix());
    }

    @Override
    public Integer visit(Operation.TableLookup t) {
      return tableLookup(t.operand(), t.offset(), t.table());
    }

    @Override
    public Integer visit(Operation.RoundBits r) {
      return roundBits(r.operand(), r.bits());
    }

    @Override
    public Integer visit(Operation.Remainder r) {
      int id = remainder(r.operand(), r.rounding());
      Operation built = nodes.get(id).operation();
      if (!built.equals(r)) {
        throw new IllegalArgumentException(
            "remainder " + r + " does not keep the bits its rounding drops: " + built);
      }
      return id;
    }

    @Override
    public Integer visit(Operation.Max m) {
      return max(m.left(), m.right());
    }

    @Override
    public Integer visit(Operation.CompareSwap c) {
      return compareSwap(c.left(), c.right(), c.lowBits());
    }

    @Override
    public Integer visit(Operation.Output o) {
      return output(o.operand(), o.label());
    }
  }
}
