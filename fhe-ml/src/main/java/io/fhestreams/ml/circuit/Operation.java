package io.fhestreams.ml.circuit;

import java.util.Arrays;
import java.util.List;

/**
 * What a {@link Node} computes. Operands are node ids of earlier nodes; every tensor is a flat
 * vector of one sample's values. Constants are clear integers that the server knows; everything
 * else is encrypted.
 */
public sealed interface Operation
    permits Operation.Labelled,
        Operation.Add,
        Operation.Subtract,
        Operation.AddConstant,
        Operation.MultiplyConstant,
        Operation.MatMulConstant,
        Operation.TableLookup,
        Operation.RoundBits,
        Operation.Remainder,
        Operation.Max,
        Operation.CompareSwap {

  /** The ids of the nodes this operation reads. */
  List<Integer> operands();

  /** Short name used in reports and errors. */
  String name();

  /**
   * Bootstraps per element this operation costs: 1 for a table lookup and a max, {@link
   * RoundBits#bootstrapsPerElement()} for a rounding, 0 for leveled operations.
   */
  int bootstrapsPerElement();

  /**
   * Bootstraps of a node of {@code size} elements computing this operation: {@code size} times
   * {@link #bootstrapsPerElement()}, except for {@link CompareSwap}, which costs its bootstraps per
   * compared pair and outputs two elements per pair.
   */
  default long bootstraps(int size) {
    return (long) size * bootstrapsPerElement();
  }

  /** Calls the method of {@code visitor} for this operation's kind and returns its result. */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per kind of operation. Every dispatch over operations goes through {@link #accept},
   * so that a new kind is a compile error wherever it must be handled.
   *
   * @param <R> what the visit returns
   */
  interface Visitor<R> {
    R visit(Input op);

    R visit(Add op);

    R visit(Subtract op);

    R visit(AddConstant op);

    R visit(MultiplyConstant op);

    R visit(MatMulConstant op);

    R visit(TableLookup op);

    R visit(RoundBits op);

    R visit(Remainder op);

    R visit(Max op);

    R visit(CompareSwap op);

    R visit(Output op);
  }

  /** An operation the client knows by a label: a circuit's inputs and outputs. */
  sealed interface Labelled extends Operation permits Input, Output {
    /** The label the client knows the tensor by. */
    String label();
  }

  /** An encrypted input of the circuit; its values are declared to lie in {@code range}. */
  record Input(String label, int size, ValueRange range) implements Labelled {
    public Input {
      if (size <= 0) {
        throw new IllegalArgumentException("input size must be > 0, found " + size);
      }
    }

    @Override
    public List<Integer> operands() {
      return List.of();
    }

    @Override
    public String name() {
      return "input";
    }

    @Override
    public int bootstrapsPerElement() {
      return 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /** Element-wise a + b of two encrypted tensors of the same size. */
  record Add(int left, int right) implements Operation {
    @Override
    public List<Integer> operands() {
      return List.of(left, right);
    }

    @Override
    public String name() {
      return "add";
    }

    @Override
    public int bootstrapsPerElement() {
      return 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /** Element-wise a − b of two encrypted tensors of the same size. */
  record Subtract(int left, int right) implements Operation {
    @Override
    public List<Integer> operands() {
      return List.of(left, right);
    }

    @Override
    public String name() {
      return "subtract";
    }

    @Override
    public int bootstrapsPerElement() {
      return 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /** Element-wise a + c with a clear constant vector c of the operand's size. */
  record AddConstant(int operand, long[] constant) implements Operation {
    public AddConstant {
      constant = constant.clone();
    }

    @Override
    public long[] constant() {
      return constant.clone();
    }

    /** c[i] without a copy. */
    public long constant(int i) {
      return constant[i];
    }

    @Override
    public List<Integer> operands() {
      return List.of(operand);
    }

    @Override
    public String name() {
      return "add_constant";
    }

    @Override
    public int bootstrapsPerElement() {
      return 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof AddConstant a
          && a.operand == operand
          && Arrays.equals(a.constant, constant);
    }

    @Override
    public int hashCode() {
      return operand * 31 + Arrays.hashCode(constant);
    }
  }

  /** Element-wise a · c with a clear constant vector c of the operand's size. */
  record MultiplyConstant(int operand, long[] constant) implements Operation {
    public MultiplyConstant {
      constant = constant.clone();
    }

    @Override
    public long[] constant() {
      return constant.clone();
    }

    /** c[i] without a copy. */
    public long constant(int i) {
      return constant[i];
    }

    @Override
    public List<Integer> operands() {
      return List.of(operand);
    }

    @Override
    public String name() {
      return "multiply_constant";
    }

    @Override
    public int bootstrapsPerElement() {
      return 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MultiplyConstant m
          && m.operand == operand
          && Arrays.equals(m.constant, constant);
    }

    @Override
    public int hashCode() {
      return operand * 31 + Arrays.hashCode(constant);
    }
  }

  /**
   * y = M·a with a clear integer matrix M of {@code rows} × {@code columns} (row-major), where
   * {@code columns} is the operand's size: dot products and sums (a row of ones) are this
   * operation.
   */
  record MatMulConstant(int operand, int rows, int columns, long[] matrix) implements Operation {
    public MatMulConstant {
      if (rows <= 0 || columns <= 0 || matrix.length != (long) rows * columns) {
        throw new IllegalArgumentException(
            "matrix of "
                + rows
                + " x "
                + columns
                + ": expected "
                + ((long) rows * columns)
                + " entries, found "
                + matrix.length);
      }
      matrix = matrix.clone();
    }

    @Override
    public long[] matrix() {
      return matrix.clone();
    }

    /** M[row][column] without a copy. */
    public long entry(int row, int column) {
      return matrix[row * columns + column];
    }

    @Override
    public List<Integer> operands() {
      return List.of(operand);
    }

    @Override
    public String name() {
      return "matmul_constant";
    }

    @Override
    public int bootstrapsPerElement() {
      return 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MatMulConstant m
          && m.operand == operand
          && m.rows == rows
          && m.columns == columns
          && Arrays.equals(m.matrix, matrix);
    }

    @Override
    public int hashCode() {
      return operand * 31 + Arrays.hashCode(matrix);
    }
  }

  /**
   * Element-wise y = table[a − offset]: a univariate function of an encrypted integer, one
   * programmable bootstrap per element. The table must cover the operand's whole range.
   */
  record TableLookup(int operand, long offset, long[] table) implements Operation {
    public TableLookup {
      if (table.length == 0) {
        throw new IllegalArgumentException("lookup table is empty");
      }
      table = table.clone();
    }

    @Override
    public long[] table() {
      return table.clone();
    }

    /** table[a − offset] without a copy. */
    public long lookup(long a) {
      return table[(int) (a - offset)];
    }

    /** The range of indices the table covers. */
    public ValueRange domain() {
      return new ValueRange(offset, offset + table.length - 1);
    }

    @Override
    public List<Integer> operands() {
      return List.of(operand);
    }

    @Override
    public String name() {
      return "table_lookup";
    }

    @Override
    public int bootstrapsPerElement() {
      return 1;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TableLookup t
          && t.operand == operand
          && t.offset == offset
          && Arrays.equals(t.table, table);
    }

    @Override
    public int hashCode() {
      return operand * 31 + Arrays.hashCode(table);
    }
  }

  /**
   * y = ⌊a / 2^bits⌋: drops the {@code bits} least significant bits of an unsigned accumulator,
   * exactly, so that a following lookup reads fewer bits (Concrete's {@code round_bit_pattern} with
   * exactness EXACT, rounding down; a table wanting round-to-nearest evaluates its function at the
   * bucket's centre). Encrypted, the bits are extracted by {@link #bootstrapsPerElement()}
   * bootstraps and the result stays at the accumulator's scale times 2^bits, so only table lookups
   * may read it (the compiler refuses other readers).
   */
  record RoundBits(int operand, int bits) implements Operation {
    public RoundBits {
      if (bits < 1 || bits > 62) {
        throw new IllegalArgumentException("rounding must drop [1, 62] bits, found " + bits);
      }
    }

    /** ⌊a / 2^bits⌋. */
    public long apply(long a) {
      return a >> bits;
    }

    /**
     * Bootstraps per element of the exact bit extraction: the sign-type lookup of the dropped
     * chunk's top bit, then (for 2 or more bits) one lookup of the rest of the chunk.
     */
    @Override
    public int bootstrapsPerElement() {
      return bits == 1 ? 1 : 2;
    }

    @Override
    public List<Integer> operands() {
      return List.of(operand);
    }

    @Override
    public String name() {
      return "round_bits";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * y = a − 2^bits·⌊a / 2^bits⌋ = a mod 2^bits, the bits that the rounding {@code rounding} (a
   * {@link RoundBits} of {@code operand} dropping {@code bits}) dropped. Leveled: encrypted, the
   * rounding's result is 2^bits·⌊a/2^bits⌋ at the accumulator's scale, so the remainder is the
   * difference of the two ciphertexts. Its range is [0, 2^bits) whatever the operand's range, which
   * lets a circuit rebuild a value with a narrower range than the operand's (a clamp: the remainder
   * plus a lookup of the rounded value).
   */
  record Remainder(int operand, int rounding, int bits) implements Operation {
    public Remainder {
      if (bits < 1 || bits > 62) {
        throw new IllegalArgumentException("a remainder keeps [1, 62] bits, found " + bits);
      }
    }

    /** a − 2^bits·r, r the rounding's value. */
    public long apply(long a, long rounded) {
      return a - (rounded << bits);
    }

    @Override
    public List<Integer> operands() {
      return List.of(operand, rounding);
    }

    @Override
    public String name() {
      return "remainder";
    }

    @Override
    public int bootstrapsPerElement() {
      return 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Element-wise max(a, b) of two tensors of the same size, as b + relu(a − b): one bootstrap per
   * element reading the difference, shifted to start at 0 (its exact range is known from the
   * operands'). Max pooling is a pairwise tree of these over the pool window.
   */
  record Max(int left, int right) implements Operation {
    /**
     * Bits of the shifted difference a − b + (max b − min a) ∈ [0, max a − min b + max b − min a].
     */
    public static int differenceWidth(ValueRange left, ValueRange right) {
      return new ValueRange(0, Math.addExact(left.max() - right.min(), right.max() - left.min()))
          .bitWidth();
    }

    @Override
    public List<Integer> operands() {
      return List.of(left, right);
    }

    @Override
    public String name() {
      return "max";
    }

    @Override
    public int bootstrapsPerElement() {
      return 1;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /**
   * Element-wise compare-and-swap of two tensors of n elements: the output's 2n elements are min(a,
   * b) then max(a, b), both from one relu(a − b) (min = a − relu, max = b + relu). With {@code
   * lowBits} = 0 the shifted difference is read by one bootstrap, as {@link Max} reads it. With
   * {@code lowBits} = c &gt; 0 the difference may be wider than a bootstrap reads, and is still
   * compared exactly: u = a − b + s (s the least multiple of 2^c making u ≥ 0) is split by the
   * exact bit extraction of {@link RoundBits} into h = ⌊u / 2^c⌋ and l = u mod 2^c; since s is a
   * multiple of 2^c, a ≥ b exactly when h ≥ s / 2^c, and relu(a − b) = [h ≥ s/2^c]·(2^c·(h − s/2^c)
   * + l): a lookup of h gives the first term, another 2^c·[h ≥ s/2^c], which added to l packs the
   * sign with the low part for a third that gives the second term. 2 + 3 = 5 bootstraps per pair,
   * each reading at most max(c, t − c, c + 1) bits (t the difference's width) instead of t.
   */
  record CompareSwap(int left, int right, int lowBits) implements Operation {
    public CompareSwap {
      if (lowBits < 0 || lowBits > 62) {
        throw new IllegalArgumentException(
            "compare-swap low bits must be in [0, 62], found " + lowBits);
      }
    }

    /** The difference's shift s: its width when read whole, a multiple of 2^lowBits otherwise. */
    public long shift(ValueRange left, ValueRange right) {
      long s = Math.subtractExact(right.max(), left.min());
      long step = 1L << lowBits;
      return Math.max(0, Math.floorDiv(Math.addExact(s, step - 1), step) * step);
    }

    /** Bits of the shifted difference u = a − b + s ∈ [0, max a − min b + s]. */
    public int differenceWidth(ValueRange left, ValueRange right) {
      return new ValueRange(
              0, Math.addExact(Math.subtractExact(left.max(), right.min()), shift(left, right)))
          .bitWidth();
    }

    /** Bootstraps per compared pair (two output elements): 1 read whole, 5 split. */
    @Override
    public int bootstrapsPerElement() {
      return lowBits == 0 ? 1 : 5;
    }

    /** {@code size} / 2 pairs. */
    @Override
    public long bootstraps(int size) {
      return (long) (size / 2) * bootstrapsPerElement();
    }

    @Override
    public List<Integer> operands() {
      return List.of(left, right);
    }

    @Override
    public String name() {
      return "compare_swap";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }

  /** Marks an encrypted tensor as a circuit output, returned to the client. */
  record Output(int operand, String label) implements Labelled {
    @Override
    public List<Integer> operands() {
      return List.of(operand);
    }

    @Override
    public String name() {
      return "output";
    }

    @Override
    public int bootstrapsPerElement() {
      return 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visit(this);
    }
  }
}
