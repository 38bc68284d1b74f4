package io.fhestreams.ml.compiler;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What compiling a circuit decided and what running it costs: the chosen parameter set, the number
 * of bootstraps by bit width, key sizes, bytes per sample and the estimated time per sample.
 *
 * @param parameterSetId the chosen set's id
 * @param messageBits the chosen set's message precision in bits
 * @param widestValueBits the widest value of the circuit, in bits
 * @param widestLookupBits the widest lookup input, in bits (0 without lookups)
 * @param bootstrapsByBitWidth number of bootstraps per sample, by lookup input width
 * @param log2PFail log2 of the probability that one evaluation goes wrong (union bound)
 * @param log2PFailTarget the target it was compiled against
 * @param clientKeyBytes size of the client's secret key material
 * @param evaluationKeyBytes size of the seeded evaluation keys the server needs (0 for a leveled
 *     circuit)
 * @param inputBytesPerSample encrypted input size of one sample (seeded ciphertexts, with header)
 * @param outputBytesPerSample encrypted output size of one sample (with header)
 * @param leveledOperationsPerSample ciphertext multiply-adds per sample
 * @param time estimated server time per sample on the compiling machine, from costs measured there
 * @param ciphertextLayout how inputs and outputs travel (LWE, packed, or coefficient-encoded GLWE),
 *     and for a linear circuit in the LWE layout why it is not coefficient-encoded
 */
public record CompileReport(
    String parameterSetId,
    int messageBits,
    int widestValueBits,
    int widestLookupBits,
    SortedMap<Integer, Long> bootstrapsByBitWidth,
    double log2PFail,
    double log2PFailTarget,
    long clientKeyBytes,
    long evaluationKeyBytes,
    long inputBytesPerSample,
    long outputBytesPerSample,
    long leveledOperationsPerSample,
    TimeEstimate time,
    String ciphertextLayout) {

  /** The layout of reports read from artifacts written before it was recorded. */
  public static final String UNRECORDED_LAYOUT = "LWE (layout not recorded)";

  public CompileReport {
    bootstrapsByBitWidth =
        java.util.Collections.unmodifiableSortedMap(new TreeMap<>(bootstrapsByBitWidth));
  }

  /** Total bootstraps per sample. */
  public long bootstraps() {
    return bootstrapsByBitWidth.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The report as printed by {@code fhe compile} and {@code fhe inspect}. */
  public String format() {
    StringBuilder s = new StringBuilder();
    s.append("parameter set        ")
        .append(parameterSetId)
        .append(" (")
        .append(messageBits)
        .append("-bit messages)\n");
    s.append("widest value         ").append(widestValueBits).append(" bits\n");
    s.append("bootstraps/sample    ");
    if (bootstrapsByBitWidth.isEmpty()) {
      s.append("0 (leveled: encrypted dot products only)\n");
    } else {
      StringBuilder parts = new StringBuilder();
      for (Map.Entry<Integer, Long> e : bootstrapsByBitWidth.entrySet()) {
        parts
            .append(parts.length() == 0 ? "" : ", ")
            .append(e.getValue())
            .append(" x ")
            .append(e.getKey())
            .append("-bit");
      }
      s.append(bootstraps()).append(" (").append(parts).append(")\n");
    }
    s.append("p_fail/evaluation    ")
        .append(log2(log2PFail))
        .append(" (target 2^")
        .append(fmt(log2PFailTarget))
        .append(")\n");
    s.append("client key           ").append(bytes(clientKeyBytes)).append('\n');
    s.append("evaluation keys      ").append(bytes(evaluationKeyBytes)).append('\n');
    s.append("ciphertexts          ").append(ciphertextLayout).append('\n');
    s.append("input/sample         ").append(bytes(inputBytesPerSample)).append('\n');
    s.append("output/sample        ").append(bytes(outputBytesPerSample)).append('\n');
    s.append("leveled ops/sample   ").append(leveledOperationsPerSample).append('\n');
    s.append("est. server time     ").append(time.format(bootstraps())).append('\n');
    return s.toString();
  }

  /** Writes the report (inside an artifact's payload). */
  public void write(DataOutput out) throws IOException {
    out.writeUTF(parameterSetId);
    out.writeInt(messageBits);
    out.writeInt(widestValueBits);
    out.writeInt(widestLookupBits);
    out.writeInt(bootstrapsByBitWidth.size());
    for (Map.Entry<Integer, Long> e : bootstrapsByBitWidth.entrySet()) {
      out.writeInt(e.getKey());
      out.writeLong(e.getValue());
    }
    out.writeDouble(log2PFail);
    out.writeDouble(log2PFailTarget);
    out.writeLong(clientKeyBytes);
    out.writeLong(evaluationKeyBytes);
    out.writeLong(inputBytesPerSample);
    out.writeLong(outputBytesPerSample);
    out.writeLong(leveledOperationsPerSample);
    time.write(out);
    out.writeUTF(ciphertextLayout);
  }

  /** Reads a report written by {@link #write}. */
  public static CompileReport read(DataInput in) throws IOException {
    return read(in, true);
  }

  /**
   * Reads a report written by {@link #write}, or by a writer before the ciphertext layout was
   * recorded ({@code withLayout} false: then it is {@link #UNRECORDED_LAYOUT}).
   */
  public static CompileReport read(DataInput in, boolean withLayout) throws IOException {
    String id = in.readUTF();
    int messageBits = in.readInt();
    int widest = in.readInt();
    int lookup = in.readInt();
    int n = in.readInt();
    if (n < 0 || n > 64) {
      throw new IOException("compile report: bootstrap widths must number [0, 64], found " + n);
    }
    SortedMap<Integer, Long> byWidth = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      byWidth.put(in.readInt(), in.readLong());
    }
    return new CompileReport(
        id,
        messageBits,
        widest,
        lookup,
        byWidth,
        in.readDouble(),
        in.readDouble(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        in.readLong(),
        TimeEstimate.read(in),
        withLayout ? in.readUTF() : UNRECORDED_LAYOUT);
  }

  private static String log2(double v) {
    return v == Double.NEGATIVE_INFINITY
        ? "0 (noise bounded below the decoding threshold)"
        : "2^" + fmt(v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String bytes(long b) {
    if (b < 10_000) {
      return b + " B";
    }
    return b < 10_000_000
        ? String.format(Locale.ROOT, "%.1f KiB (%d B)", b / 1024.0, b)
        : String.format(Locale.ROOT, "%.1f MiB (%d B)", b / 1048576.0, b);
  }
}
