package io.fhestreams.ml.circuit;

/**
 * One node of a {@link Circuit}: an operation, the size of the tensor it produces and the range of
 * its values (inferred by {@link CircuitBuilder}).
 *
 * @param id position in the circuit's topological order
 * @param operation what the node computes
 * @param size number of elements of the tensor it produces
 * @param range the interval holding every element
 */
public record Node(int id, Operation operation, int size, ValueRange range) {

  /** Bits needed for this node's values ({@link ValueRange#bitWidth()}). */
  public int bitWidth() {
    return range.bitWidth();
  }

  /**
   * s such that this node's encrypted values sit at Δ·2^s: the bits a rounding dropped (its result
   * stays at the accumulator's scale), 0 for every other node.
   */
  public int scaleBits() {
    return operation instanceof Operation.RoundBits r ? r.bits() : 0;
  }

  /** Human-readable name for errors and reports, e.g. {@code "#3 matmul_constant"}. */
  public String describe() {
    String label = operation instanceof Operation.Labelled l ? " '" + l.label() + "'" : "";
    return "#" + id + " " + operation.name() + label;
  }
}
