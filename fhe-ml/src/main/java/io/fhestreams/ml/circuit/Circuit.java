package io.fhestreams.ml.circuit;

import java.util.ArrayList;
import java.util.List;

/**
 * A typed DAG over encrypted integer tensors: inputs, additions and subtractions, products and sums
 * with clear integer constants, table lookups, rounding, maxima, outputs. Nodes are in topological
 * order (each operand id is smaller than the node's id) and carry their inferred value ranges.
 * Immutable; built by {@link CircuitBuilder}, run by the executors of {@code circuit.exec}.
 */
public final class Circuit {
  private final List<Node> nodes;
  private final List<Node> inputs;
  private final List<Node> outputs;

  Circuit(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
    List<Node> in = nodes.stream().filter(n -> n.operation() instanceof Operation.Input).toList();
    List<Node> out = nodes.stream().filter(n -> n.operation() instanceof Operation.Output).toList();
    if (in.isEmpty() || out.isEmpty()) {
      throw new IllegalArgumentException(
          "a circuit needs at least one input and one output, found "
              + in.size()
              + " and "
              + out.size());
    }
    this.inputs = List.copyOf(in);
    this.outputs = List.copyOf(out);
  }

  /** All nodes in topological order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The node with this id. */
  public Node node(int id) {
    return nodes.get(id);
  }

  /** Input nodes, in the order the executors expect their values. */
  public List<Node> inputs() {
    return inputs;
  }

  /** Output nodes, in the order the executors return their values. */
  public List<Node> outputs() {
    return outputs;
  }

  /** Total number of input elements of one evaluation. */
  public int inputElements() {
    return inputs.stream().mapToInt(Node::size).sum();
  }

  /** Total number of output elements of one evaluation. */
  public int outputElements() {
    return outputs.stream().mapToInt(Node::size).sum();
  }

  /**
   * Number of programmable bootstraps of one evaluation: one per element of each table lookup and
   * max, {@link Operation.RoundBits#bootstrapsPerElement()} per element of each rounding.
   */
  public long bootstrapCount() {
    long count = 0;
    for (Node n : nodes) {
      count += n.operation().bootstraps(n.size());
    }
    return count;
  }

  /** The nodes that read node {@code id}. */
  public List<Node> readers(int id) {
    List<Node> readers = new ArrayList<>();
    for (Node n : nodes.subList(id + 1, nodes.size())) {
      if (n.operation().operands().contains(id)) {
        readers.add(n);
      }
    }
    return readers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Circuit c && c.nodes.equals(nodes);
  }

  @Override
  public int hashCode() {
    return nodes.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Circuit[\n");
    for (Node n : nodes) {
      s.append("  ")
          .append(n.describe())
          .append(" size=")
          .append(n.size())
          .append(" range=")
          .append(n.range())
          .append(" <- ")
          .append(n.operation().operands())
          .append('\n');
    }
    return s.append(']').toString();
  }
}
