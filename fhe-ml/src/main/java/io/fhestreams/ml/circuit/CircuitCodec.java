package io.fhestreams.ml.circuit;

import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;

/**
 * Writes a {@link Circuit} as a compact binary body and reads it back. The body has no header of
 * its own: it travels inside a versioned, checksummed artifact container. Reading treats the body
 * as hostile: every count and length is bounded by {@link #MAX_ELEMENTS} and by the bytes that
 * remain before anything is allocated, the tensor elements of all nodes together by {@link
 * #MAX_ELEMENTS}, every value range by {@link #MAX_VALUE_BITS}; and it re-infers every range and
 * re-checks every shape and operand, so a tampered body cannot yield an inconsistent circuit.
 *
 * <p>Layout: int node count; per node a tag byte, then the operation's fields (ints and longs in
 * big endian, strings as modified UTF-8, arrays as int length then elements).
 */
public final class CircuitCodec {
  /**
   * Largest node count, array length, tensor size, and total of the tensor sizes of all nodes
   * accepted when reading: about 16 M elements.
   */
  public static final int MAX_ELEMENTS = 1 << 24;

  /** Widest value range accepted when reading, as {@link ValueRange#unsigned} allows. */
  public static final int MAX_VALUE_BITS = 62;

  private static final int TAG_INPUT = 0;
  private static final int TAG_ADD = 1;
  private static final int TAG_SUBTRACT = 2;
  private static final int TAG_ADD_CONSTANT = 3;
  private static final int TAG_MULTIPLY_CONSTANT = 4;
  private static final int TAG_MATMUL_CONSTANT = 5;
  private static final int TAG_TABLE_LOOKUP = 6;
  private static final int TAG_ROUND_BITS = 7;
  private static final int TAG_OUTPUT = 8;
  private static final int TAG_MAX = 9;
  private static final int TAG_REMAINDER = 10;
  private static final int TAG_COMPARE_SWAP = 11;

  /** The shortest node: a tag, an operand and an empty label (an output). */
  private static final int MIN_NODE_BYTES = 1 + Integer.BYTES + 2;

  private CircuitCodec() {}

  /** Writes the circuit. */
  public static void write(Circuit circuit, DataOutput out) throws IOException {
    out.writeInt(circuit.nodes().size());
    for (Node n : circuit.nodes()) {
      n.operation().accept(ENCODER).writeTo(out);
    }
  }

  /**
   * Reads a circuit written by {@link #write}; malformed bodies fail with a message naming the node
   * and the field.
   */
  public static Circuit read(UntrustedInput in) throws IOException {
    int count;
    try {
      count = in.readCount("node count", MAX_ELEMENTS, MIN_NODE_BYTES);
    } catch (EOFException e) {
      throw new IOException("the body ends before the node count", e);
    }
    CircuitBuilder builder = new CircuitBuilder();
    long elements = 0;
    for (int i = 0; i < count; i++) {
      String node = "node #" + i;
      try {
        Node added = builder.replay(readOperation(in, node));
        elements += added.size();
        UntrustedInput.checkAtMost(
            node + ": tensor elements of the nodes so far", elements, MAX_ELEMENTS);
        if (added.bitWidth() > MAX_VALUE_BITS) {
          throw new IOException(
              node + ": values " + added.range() + " are wider than " + MAX_VALUE_BITS + " bits");
        }
      } catch (EOFException e) {
        throw new IOException(node + ": the body ends inside the node", e);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new IOException(node + " is inconsistent: " + e.getMessage(), e);
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new IOException("circuit is inconsistent: " + e.getMessage(), e);
    }
  }

  private static Operation readOperation(UntrustedInput in, String node) throws IOException {
    int tag = in.readByte();
    return switch (tag) {
      case TAG_INPUT ->
          new Operation.Input(
              in.readUTF(), readInputSize(in, node), new ValueRange(in.readLong(), in.readLong()));
      case TAG_ADD -> new Operation.Add(in.readInt(), in.readInt());
      case TAG_SUBTRACT -> new Operation.Subtract(in.readInt(), in.readInt());
      case TAG_ADD_CONSTANT ->
          new Operation.AddConstant(in.readInt(), in.readLongs(node + " constant", MAX_ELEMENTS));
      case TAG_MULTIPLY_CONSTANT ->
          new Operation.MultiplyConstant(
              in.readInt(), in.readLongs(node + " constant", MAX_ELEMENTS));
      case TAG_MATMUL_CONSTANT -> readMatMul(in, node);
      case TAG_TABLE_LOOKUP ->
          new Operation.TableLookup(
              in.readInt(), in.readLong(), in.readLongs(node + " table", MAX_ELEMENTS));
      case TAG_ROUND_BITS -> new Operation.RoundBits(in.readInt(), in.readInt());
      case TAG_OUTPUT -> new Operation.Output(in.readInt(), in.readUTF());
      case TAG_MAX -> new Operation.Max(in.readInt(), in.readInt());
      case TAG_REMAINDER -> new Operation.Remainder(in.readInt(), in.readInt(), in.readInt());
      case TAG_COMPARE_SWAP -> new Operation.CompareSwap(in.readInt(), in.readInt(), in.readInt());
      default -> throw new IOException(node + ": unknown operation tag " + tag);
    };
  }

  private static int readInputSize(UntrustedInput in, String node) throws IOException {
    int size = in.readInt();
    UntrustedInput.checkAtMost(node + " input size", size, MAX_ELEMENTS);
    return size;
  }

  private static Operation.MatMulConstant readMatMul(UntrustedInput in, String node)
      throws IOException {
    int operand = in.readInt();
    int rows = in.readInt();
    long[] matrix = in.readLongs(node + " matrix", MAX_ELEMENTS);
    if (rows <= 0 || matrix.length % rows != 0) {
      throw new IOException(
          node + ": matrix of " + matrix.length + " entries does not split into " + rows + " rows");
    }
    return new Operation.MatMulConstant(operand, rows, matrix.length / rows, matrix);
  }

  /** Writes one operation's tag and fields. */
  private interface Encoding {
    void writeTo(DataOutput out) throws IOException;
  }

  private static final Operation.Visitor<Encoding> ENCODER =
      new Operation.Visitor<>() {
        @Override
        public Encoding visit(Operation.Input in) {
          return out -> {
            out.writeByte(TAG_INPUT);
            out.writeUTF(in.label());
            out.writeInt(in.size());
            out.writeLong(in.range().min());
            out.writeLong(in.range().max());
          };
        }

        @Override
        public Encoding visit(Operation.Add a) {
          return out -> writeTwoInts(out, TAG_ADD, a.left(), a.right());
        }

        @Override
        public Encoding visit(Operation.Subtract s) {
          return out -> writeTwoInts(out, TAG_SUBTRACT, s.left(), s.right());
        }

        @Override
        public Encoding visit(Operation.AddConstant c) {
          return out -> writeWithLongs(out, TAG_ADD_CONSTANT, c.operand(), c.constant());
        }

        @Override
        public Encoding visit(Operation.MultiplyConstant m) {
          return out -> writeWithLongs(out, TAG_MULTIPLY_CONSTANT, m.operand(), m.constant());
        }

        @Override
        public Encoding visit(Operation.MatMulConstant m) {
          return out -> {
            out.writeByte(TAG_MATMUL_CONSTANT);
            out.writeInt(m.operand());
            out.writeInt(m.rows());
            writeLongs(m.matrix(), out);
          };
        }

        @Override
        public Encoding visit(Operation.TableLookup t) {
          return out -> {
            out.writeByte(TAG_TABLE_LOOKUP);
            out.writeInt(t.operand());
            out.writeLong(t.offset());
            writeLongs(t.table(), out);
          };
        }

        @Override
        public Encoding visit(Operation.RoundBits r) {
          return out -> writeTwoInts(out, TAG_ROUND_BITS, r.operand(), r.bits());
        }

        @Override
        public Encoding visit(Operation.Remainder r) {
          return out -> {
            writeTwoInts(out, TAG_REMAINDER, r.operand(), r.rounding());
            out.writeInt(r.bits());
          };
        }

        @Override
        public Encoding visit(Operation.Max m) {
          return out -> writeTwoInts(out, TAG_MAX, m.left(), m.right());
        }

        @Override
        public Encoding visit(Operation.CompareSwap c) {
          return out -> {
            writeTwoInts(out, TAG_COMPARE_SWAP, c.left(), c.right());
            out.writeInt(c.lowBits());
          };
        }

        @Override
        public Encoding visit(Operation.Output o) {
          return out -> {
            out.writeByte(TAG_OUTPUT);
            out.writeInt(o.operand());
            out.writeUTF(o.label());
          };
        }
      };

  /** A tag then two ints: two operands, or an operand and a width. */
  private static void writeTwoInts(DataOutput out, int tag, int first, int second)
      throws IOException {
    out.writeByte(tag);
    out.writeInt(first);
    out.writeInt(second);
  }

  private static void writeWithLongs(DataOutput out, int tag, int operand, long[] values)
      throws IOException {
    out.writeByte(tag);
    out.writeInt(operand);
    writeLongs(values, out);
  }

  private static void writeLongs(long[] values, DataOutput out) throws IOException {
    out.writeInt(values.length);
    for (long v : values) {
      out.writeLong(v);
    }
  }
}
