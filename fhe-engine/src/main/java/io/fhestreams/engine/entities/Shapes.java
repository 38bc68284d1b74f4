package io.fhestreams.engine.entities;

/** Length checks shared by the entities. */
final class Shapes {
  private Shapes() {}

  static void requireLength(String what, int expected, int found, String shape) {
    if (expected != found) {
      throw new IllegalArgumentException(
          what + " of shape " + shape + " needs " + expected + " elements, found " + found);
    }
  }

  /** Requires {@code rowCount} rows of {@code rowLength} elements each. */
  static void requireRows(String what, int rowCount, int rowLength, int[][] rows, String shape) {
    if (rows.length != rowCount) {
      throw new IllegalArgumentException(
          what + " of shape " + shape + " needs " + rowCount + " rows, found " + rows.length);
    }
    for (int r = 0; r < rows.length; r++) {
      requireLength(what + " row " + r, rowLength, rows[r].length, shape);
    }
  }

  static int product(String what, long... factors) {
    long p = 1;
    for (long f : factors) {
      p *= f;
      if (p > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(what + " too large for one Java array");
      }
    }
    return (int) p;
  }

  static void requireBinary(String what, long[] data) {
    for (int i = 0; i < data.length; i++) {
      if ((data[i] & ~1L) != 0) {
        throw new IllegalArgumentException(
            what + " must hold 0/1 values, found a non-binary value at index " + i);
      }
    }
  }
}
