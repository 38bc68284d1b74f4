package io.fhestreams.ml.circuit;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes a {@link Circuit} as a compact binary body and reads it back. The body has no header of
 * its own: it travels inside a versioned, checksummed artifact container. Reading re-infers every
 * range and re-checks every shape, so a tampered body cannot yield an inconsistent circuit.
 *
 * <p>Layout: int node count; per node a tag byte, then the operation's fields (ints and longs in
 * big endian, strings as modified UTF-8, arrays as int length then elements).
 */
public final class CircuitCodec {
  /** Largest node count or array length accepted when reading, to refuse absurd lengths early. */
  private static final int MAX_LENGTH = 1 << 24;

  private CircuitCodec() {}

  /** Writes the circuit. */
  public static void write(Circuit circuit, DataOutput out) throws IOException {
    out.writeInt(circuit.nodes().size());
    for (Node n : circuit.nodes()) {
      Operation op = n.operation();
      if (op instanceof Operation.Input in) {
        out.writeByte(0);
        out.writeUTF(in.label());
        out.writeInt(in.size());
        out.writeLong(in.range().min());
        out.writeLong(in.range().max());
      } else if (op instanceof Operation.Add a) {
        out.writeByte(1);
        out.writeInt(a.left());
        out.writeInt(a.right());
      } else if (op instanceof Operation.Subtract s) {
        out.writeByte(2);
        out.writeInt(s.left());
        out.writeInt(s.right());
      } else if (op instanceof Operation.AddConstant c) {
        out.writeByte(3);
        out.writeInt(c.operand());
        writeLongs(c.constant(), out);
      } else if (op instanceof Operation.MultiplyConstant m) {
        out.writeByte(4);
        out.writeInt(m.operand());
        writeLongs(m.constant(), out);
      } else if (op instanceof Operation.MatMulConstant m) {
        out.writeByte(5);
        out.writeInt(m.operand());
        out.writeInt(m.rows());
        writeLongs(m.matrix(), out);
      } else if (op instanceof Operation.TableLookup t) {
        out.writeByte(6);
        out.writeInt(t.operand());
        out.writeLong(t.offset());
        writeLongs(t.table(), out);
      } else if (op instanceof Operation.RoundBits r) {
        out.writeByte(7);
        out.writeInt(r.operand());
        out.writeInt(r.bits());
      } else if (op instanceof Operation.Max m) {
        out.writeByte(9);
        out.writeInt(m.left());
        out.writeInt(m.right());
      } else {
        Operation.Output o = (Operation.Output) op;
        out.writeByte(8);
        out.writeInt(o.operand());
        out.writeUTF(o.label());
      }
    }
  }

  /**
   * Reads a circuit written by {@link #write}; malformed bodies fail with a message naming the
   * node.
   */
  public static Circuit read(DataInput in) throws IOException {
    int count = length(in.readInt(), "node count");
    CircuitBuilder builder = new CircuitBuilder();
    for (int i = 0; i < count; i++) {
      int tag = in.readByte();
      Operation op =
          switch (tag) {
            case 0 ->
                new Operation.Input(
                    in.readUTF(), in.readInt(), new ValueRange(in.readLong(), in.readLong()));
            case 1 -> new Operation.Add(in.readInt(), in.readInt());
            case 2 -> new Operation.Subtract(in.readInt(), in.readInt());
            case 3 -> new Operation.AddConstant(in.readInt(), readLongs(in));
            case 4 -> new Operation.MultiplyConstant(in.readInt(), readLongs(in));
            case 5 -> {
              int operand = in.readInt();
              int rows = in.readInt();
              long[] matrix = readLongs(in);
              if (rows <= 0 || matrix.length % rows != 0) {
                throw new IOException(
                    "node #"
                        + i
                        + ": matrix of "
                        + matrix.length
                        + " entries does not split into "
                        + rows
                        + " rows");
              }
              yield new Operation.MatMulConstant(operand, rows, matrix.length / rows, matrix);
            }
            case 6 -> new Operation.TableLookup(in.readInt(), in.readLong(), readLongs(in));
            case 7 -> new Operation.RoundBits(in.readInt(), in.readInt());
            case 8 -> new Operation.Output(in.readInt(), in.readUTF());
            case 9 -> new Operation.Max(in.readInt(), in.readInt());
            default -> throw new IOException("node #" + i + ": unknown operation tag " + tag);
          };
      try {
        builder.replay(op);
      } catch (IllegalArgumentException e) {
        throw new IOException("node #" + i + " is inconsistent: " + e.getMessage(), e);
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new IOException("circuit is inconsistent: " + e.getMessage(), e);
    }
  }

  private static void writeLongs(long[] values, DataOutput out) throws IOException {
    out.writeInt(values.length);
    for (long v : values) {
      out.writeLong(v);
    }
  }

  private static long[] readLongs(DataInput in) throws IOException {
    long[] values = new long[length(in.readInt(), "array length")];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readLong();
    }
    return values;
  }

  private static int length(int n, String what) throws IOException {
    if (n < 0 || n > MAX_LENGTH) {
      throw new IOException(what + " must be in [0, " + MAX_LENGTH + "], found " + n);
    }
    return n;
  }
}
