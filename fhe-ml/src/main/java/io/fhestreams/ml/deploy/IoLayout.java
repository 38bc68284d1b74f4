package io.fhestreams.ml.deploy;

import io.fhestreams.ml.circuit.UntrustedInput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How a model's features and outputs map onto its circuit's inputs and outputs, on the client side.
 *
 * <p>Inputs: {@code DIRECT} sends one quantized integer per feature; {@code THERMOMETER} sends a
 * constant 1, then for each feature quantized to q in [0, L) and each level k = 1..L − 1 the two
 * bits [q &gt;= k] and [q &lt; k] (unary encoding in both polarities: tree comparisons and their
 * negations become leveled sums with non-negative coefficients on the server, so every path sum has
 * an exact range; the levels are the client's own quantization, so the encoding reveals nothing of
 * the model); {@code COMPLEMENT_DIGITS} sends, for each feature quantized to q in [0, L), the
 * base-4 digits of L − 1 − q, least significant first (⌈log2 L / 2⌉ per feature; the exact KNN
 * distances are linear in them with small clear coefficients, so every leveled sum of digit
 * products stays within a 6-bit message space).
 *
 * <p>Outputs: with {@code outputColumns} empty, circuit output i is model output i. Otherwise
 * circuit output i (de-quantized) is added into model column {@code outputColumns[i]}, and {@code
 * columnBase[c]} is added to column c: the client finishes sums the circuit leaves split (tree
 * ensembles).
 *
 * @param inputs how features become circuit inputs
 * @param outputColumns the model column of each circuit output, or empty for the identity
 * @param columnBase the base added to each model column (empty with the identity)
 */
public record IoLayout(Inputs inputs, int[] outputColumns, double[] columnBase) {
  /** One quantized integer per feature in, one model output per circuit output. */
  public static final IoLayout DIRECT = new IoLayout(Inputs.DIRECT, new int[0], new double[0]);

  /** How a quantized feature becomes circuit inputs (the ordinal is the serialized byte). */
  public enum Inputs {
    /** The quantized integer. */
    DIRECT,
    /** The unary bits of both polarities. */
    THERMOMETER,
    /** The base-4 digits of the complement L − 1 − q. */
    COMPLEMENT_DIGITS
  }

  /** Bits of one {@link Inputs#COMPLEMENT_DIGITS} digit. */
  public static final int DIGIT_BITS = 2;

  /** The base-4 digits of a feature of {@code levels} levels. */
  public static int digitsOf(long levels) {
    int bits = 64 - Long.numberOfLeadingZeros(levels - 1);
    return Math.max(1, (bits + DIGIT_BITS - 1) / DIGIT_BITS);
  }

  public IoLayout {
    Objects.requireNonNull(inputs, "inputs");
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
    if (inputs == Inputs.DIRECT) {
      return q;
    }
    if (inputs == Inputs.COMPLEMENT_DIGITS) {
      return complementDigits(q, levels);
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

  /** Circuit inputs of one sample: the inputs each feature of {@code levels[j]} levels becomes. */
  public long inputCount(long[] levels) {
    long n = inputs == Inputs.THERMOMETER ? 1 : 0;
    for (long l : levels) {
      n +=
          switch (inputs) {
            case DIRECT -> 1;
            case THERMOMETER -> 2 * (l - 1);
            case COMPLEMENT_DIGITS -> digitsOf(l);
          };
    }
    return n;
  }

  private static long[] complementDigits(long[] q, long[] levels) {
    int size = 0;
    for (long l : levels) {
      size += digitsOf(l);
    }
    long[] digits = new long[size];
    int at = 0;
    long mask = (1L << DIGIT_BITS) - 1;
    for (int j = 0; j < q.length; j++) {
      long complement = levels[j] - 1 - q[j];
      for (int d = 0; d < digitsOf(levels[j]); d++) {
        digits[at++] = (complement >> (DIGIT_BITS * d)) & mask;
      }
    }
    return digits;
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
    out.writeByte(inputs.ordinal()); // 0 and 1 as the boolean of earlier artifacts
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
    int code = in.readUnsignedByte();
    if (code >= Inputs.values().length) {
      throw new IOException(
          "input encoding " + code + " is not one of " + Arrays.toString(Inputs.values()));
    }
    int[] columns = in.readInts("output columns", ClientArtifact.MAX_COUNT);
    double[] base = in.readDoubles("column bases", ClientArtifact.MAX_COUNT);
    return new IoLayout(Inputs.values()[code], columns, base);
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
        && l.inputs == inputs
        && Arrays.equals(l.outputColumns, outputColumns)
        && Arrays.equals(l.columnBase, columnBase);
  }

  @Override
  public int hashCode() {
    return inputs.hashCode() * 31 + Arrays.hashCode(outputColumns);
  }

  @Override
  public String toString() {
    return "IoLayout["
        + inputs.name().toLowerCase(Locale.ROOT)
        + " inputs, "
        + (outputColumns.length == 0
            ? "direct outputs"
            : outputColumns.length + " outputs into " + columnBase.length + " columns")
        + "]";
  }
}
