package io.fhestreams.ml.circuit.exec;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Runs a {@link Circuit} on a {@link Backend}: one walk over the nodes in topological order. */
public final class CircuitInterpreter {
  private CircuitInterpreter() {}

  /**
   * Evaluates the circuit.
   *
   * @param inputs one tensor per input node, in {@link Circuit#inputs()} order
   * @return one tensor per output node, in {@link Circuit#outputs()} order
   */
  public static <T> List<T> run(Circuit circuit, Backend<T> backend, List<T> inputs) {
    if (inputs.size() != circuit.inputs().size()) {
      throw new IllegalArgumentException(
          "circuit inputs: expected "
              + circuit.inputs().size()
              + " tensors, found "
              + inputs.size());
    }
    Evaluation<T> evaluation = new Evaluation<>(circuit, backend, inputs);
    for (Node node : circuit.nodes()) {
      evaluation.step(node);
    }
    return evaluation.outputs;
  }

  /** One walk: each step evaluates one node on the backend from the values of its operands. */
  private static final class Evaluation<T> implements Operation.Visitor<T> {
    private final Circuit circuit;
    private final Backend<T> backend;
    private final Iterator<T> inputs;
    private final List<T> values;
    private final List<T> outputs;
    private Node node;

    Evaluation(Circuit circuit, Backend<T> backend, List<T> inputs) {
      this.circuit = circuit;
      this.backend = backend;
      this.inputs = inputs.iterator();
      this.values = new ArrayList<>(circuit.nodes().size());
      this.outputs = new ArrayList<>(circuit.outputs().size());
    }

    void step(Node next) {
      node = next;
      values.add(next.operation().accept(this));
    }

    @Override
    public T visit(Operation.Input in) {
      return backend.input(node, inputs.next());
    }

    @Override
    public T visit(Operation.Add a) {
      return backend.add(node, values.get(a.left()), values.get(a.right()));
    }

    @Override
    public T visit(Operation.Subtract s) {
      return backend.subtract(node, values.get(s.left()), values.get(s.right()));
    }

    @Override
    public T visit(Operation.AddConstant c) {
      return backend.addConstant(node, c, values.get(c.operand()));
    }

    @Override
    public T visit(Operation.MultiplyConstant m) {
      return backend.multiplyConstant(node, m, values.get(m.operand()));
    }

    @Override
    public T visit(Operation.MatMulConstant m) {
      return backend.matMulConstant(node, m, values.get(m.operand()));
    }

    @Override
    public T visit(Operation.TableLookup t) {
      return backend.tableLookup(node, circuit.node(t.operand()), t, values.get(t.operand()));
    }

    @Override
    public T visit(Operation.RoundBits r) {
      return backend.roundBits(node, r, values.get(r.operand()));
    }

    @Override
    public T visit(Operation.Remainder r) {
      return backend.remainder(node, r, values.get(r.operand()), values.get(r.rounding()));
    }

    @Override
    public T visit(Operation.CompareSwap c) {
      return backend.compareSwap(
          node,
          c,
          circuit.node(c.left()),
          circuit.node(c.right()),
          values.get(c.left()),
          values.get(c.right()));
    }

    @Override
    public T visit(Operation.Max m) {
      return backend.max(
          node,
          circuit.node(m.left()),
          circuit.node(m.right()),
          values.get(m.left()),
          values.get(m.right()));
    }

    @Override
    public T visit(Operation.Output o) {
      T value = backend.output(node, values.get(o.operand()));
      outputs.add(value);
      return value;
    }
  }
}
