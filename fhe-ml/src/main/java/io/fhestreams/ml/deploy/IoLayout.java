package io.fhestreams.ml.deploy;

import io.fhestreams.ml.circuit.UntrustedInput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * How a model's features and outputs map onto its circuit's inputs and outputs, on the client side.
 *
 * <p>Inputs: {@code DIRECT} sends one quantized integer per feature; {@code THERMOMETER} sends a
 * constant 1, then for each feature quantized to q in [0, L) and each level k = 1..L − 1 the two
 * bits [q &gt;= k] and [q &lt; k] (unary encoding in both polarities: tree comparisons and their
 * negations become leveled sums with non-negative coefficients on the server, so every path sum has
 * an exact range; the levels are the client's own quantization, so the encoding reveals nothing of
 * the model).
 *
 * <p>Outputs: with {@code outputColumns} empty, circuit output i is model output i. Otherwise
 * circuit output i (de-quantized) is added into model column {@code outputColumns[i]}, and {@code
 * columnBase[c]} is added to column c: the client finishes sums the circuit leaves split (tree
 * ensembles).
 *
 * @param thermometer whether inputs are unary-encoded
 * @param outputColumns the model column of each circuit output, or empty for the identity
 * @param columnBase the base added to each model column (empty with the identity)
 */
public record IoLayout(boolean thermometer, int[] outputColumns, double[] columnBase) {
  /** One quantized integer per feature in, one model output per circuit output. */
  public static final IoLayout DIRECT = new IoLayout(false, new int[0], new double[0]);

  public IoLayout {
    outputColumns = outputColumns.clone();
    columnBase = columnBase.clone();
    for (int i = 0; i < outputColumns.length; i++) {
      if (outputColumns[i] < 0 || outputColumns[i] >= columnBase.length) {
        throw new IllegalArgumentException(
            "output " + i + " goes to column " + outputColumns[i] + " of " + columnBase.length);
      }
    }
    if (outputColumns.length == 0 && columnBase.length != 0) {
      throw new IllegalArgumentException("column bases without output columns");
    }
  }

  /**
   * Circuit inputs of one quantized sample {@code q} with quantizer levels {@code levels[j]} per
   * feature.
   */
  public long[] encodeInputs(long[] q, long[] levels) {
    if (!thermometer) {
      return q;
    }
    int size = 1;
    for (long l : levels) {
      size += 2 * ((int) l - 1);
    }
    long[] bits = new long[size];
    bits[0] = 1;
    int at = 1;
    for (int j = 0; j < q.length; j++) {
      for (int k = 1; k < levels[j]; k++) {
        bits[at++] = q[j] >= k ? 1 : 0;
        bits[at++] = q[j] < k ? 1 : 0;
      }
    }
    return bits;
  }

  /** Model outputs from de-quantized circuit outputs. */
  public double[] collect(double[] circuitOutputs) {
    if (outputColumns.length == 0) {
      return circuitOutputs;
    }
    if (circuitOutputs.length != outputColumns.length) {
      throw new IllegalArgumentException(
          "expected " + outputColumns.length + " circuit outputs, found " + circuitOutputs.length);
    }
    double[] y = columnBase.clone();
    for (int i = 0; i < circuitOutputs.length; i++) {
      y[outputColumns[i]] += circuitOutputs[i];
    }
    return y;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeBoolean(thermometer);
    out.writeInt(outputColumns.length);
    for (int c : outputColumns) {
      out.writeInt(c);
    }
    out.writeInt(columnBase.length);
    for (double b : columnBase) {
      out.writeDouble(b);
    }
  }

  static IoLayout read(UntrustedInput in) throws IOException {
    boolean thermometer = in.readBoolean();
    int[] columns = in.readInts("output columns", ClientArtifact.MAX_COUNT);
    double[] base = in.readDoubles("column bases", ClientArtifact.MAX_COUNT);
    return new IoLayout(thermometer, columns, base);
  }

  @Override
  public int[] outputColumns() {
    return outputColumns.clone();
  }

  @Override
  public double[] columnBase() {
    return columnBase.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IoLayout l
        && l.thermometer == thermometer
        && Arrays.equals(l.outputColumns, outputColumns)
        && Arrays.equals(l.columnBase, columnBase);
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(thermometer) * 31 + Arrays.hashCode(outputColumns);
  }

  @Override
  public String toString() {
    return "IoLayout["
        + (thermometer ? "thermometer" : "direct")
        + " inputs, "
        + (outputColumns.length == 0
            ? "direct outputs"
            : outputColumns.length + " outputs into " + columnBase.length + " columns")
        + "]";
  }
}
