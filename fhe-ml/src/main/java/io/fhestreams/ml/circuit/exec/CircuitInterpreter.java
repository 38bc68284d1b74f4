package io.fhestreams.ml.circuit.exec;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import java.util.ArrayList;
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
    List<T> values = new ArrayList<>(circuit.nodes().size());
    List<T> outputs = new ArrayList<>(circuit.outputs().size());
    int nextInput = 0;
    for (Node node : circuit.nodes()) {
      Operation op = node.operation();
      T value;
      if (op instanceof Operation.Input) {
        value = backend.input(node, inputs.get(nextInput++));
      } else if (op instanceof Operation.Add a) {
        value = backend.add(node, values.get(a.left()), values.get(a.right()));
      } else if (op instanceof Operation.Subtract s) {
        value = backend.subtract(node, values.get(s.left()), values.get(s.right()));
      } else if (op instanceof Operation.AddConstant c) {
        value = backend.addConstant(node, c, values.get(c.operand()));
      } else if (op instanceof Operation.MultiplyConstant m) {
        value = backend.multiplyConstant(node, m, values.get(m.operand()));
      } else if (op instanceof Operation.MatMulConstant m) {
        value = backend.matMulConstant(node, m, values.get(m.operand()));
      } else if (op instanceof Operation.TableLookup t) {
        value = backend.tableLookup(node, circuit.node(t.operand()), t, values.get(t.operand()));
      } else if (op instanceof Operation.RoundBits r) {
        value = backend.roundBits(node, r, values.get(r.operand()));
      } else if (op instanceof Operation.Max m) {
        value =
            backend.max(
                node,
                circuit.node(m.left()),
                circuit.node(m.right()),
                values.get(m.left()),
                values.get(m.right()));
      } else {
        value = backend.output(node, values.get(((Operation.Output) op).operand()));
        outputs.add(value);
      }
      values.add(value);
    }
    return outputs;
  }
}
