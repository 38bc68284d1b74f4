package io.fhestreams.engine.circuit.exec;

import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.circuit.Circuit;
import io.fhestreams.engine.circuit.Node;
import io.fhestreams.engine.circuit.Operation;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.Evaluator;
import java.util.List;

/**
 * Runs a circuit on ciphertexts with the engine's {@link Evaluator}: leveled operations for additions
 * and products with clear constants, one programmable bootstrap per element of each table lookup or
 * rounding. Under a leveled parameter set, values wrap modulo the message space exactly as the
 * compiler assumed. The bootstraps of one node are independent: they run through a {@link TaskRunner}
 * (by default new threads on all cores; a server may pass its own shared pool).
 */
public final class EncryptedExecutor implements Backend<LweCiphertext[]> {
  private final Evaluator evaluator;
  private final TaskRunner runner;

  /** An executor with the server's evaluation keys, bootstrapping on all cores. */
  public EncryptedExecutor(EvaluationKeys keys) {
    this(keys, TaskRunner.threads(Runtime.getRuntime().availableProcessors()));
  }

  /** An executor with the server's evaluation keys whose bootstraps of a node run through {@code runner}. */
  public EncryptedExecutor(EvaluationKeys keys, TaskRunner runner) {
    this.evaluator = new Evaluator(keys);
    this.runner = java.util.Objects.requireNonNull(runner, "runner");
  }

  /** Evaluates the circuit on encrypted inputs, one array per input node. */
  public List<LweCiphertext[]> run(Circuit circuit, List<LweCiphertext[]> inputs) {
    return CircuitInterpreter.run(circuit, this, inputs);
  }

  @Override
  public LweCiphertext[] input(Node node, LweCiphertext[] value) {
    if (value.length != node.size()) {
      throw new IllegalArgumentException(
          "input " + node.describe() + ": expected " + node.size() + " ciphertexts, found " + value.length);
    }
    return value;
  }

  @Override
  public LweCiphertext[] add(Node node, LweCiphertext[] a, LweCiphertext[] b) {
    LweCiphertext[] y = new LweCiphertext[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = evaluator.add(a[i], b[i]);
    }
    return y;
  }

  @Override
  public LweCiphertext[] subtract(Node node, LweCiphertext[] a, LweCiphertext[] b) {
    LweCiphertext[] y = new LweCiphertext[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = evaluator.sub(a[i], b[i]);
    }
    return y;
  }

  @Override
  public LweCiphertext[] addConstant(Node node, Operation.AddConstant op, LweCiphertext[] a) {
    LweCiphertext[] y = new LweCiphertext[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = evaluator.addClear(a[i], op.constant(i));
    }
    return y;
  }

  @Override
  public LweCiphertext[] multiplyConstant(Node node, Operation.MultiplyConstant op, LweCiphertext[] a) {
    LweCiphertext[] y = new LweCiphertext[a.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = evaluator.multiplyClear(a[i], op.constant(i));
    }
    return y;
  }

  @Override
  public LweCiphertext[] matMulConstant(Node node, Operation.MatMulConstant op, LweCiphertext[] a) {
    LweCiphertext[] y = new LweCiphertext[op.rows()];
    long[] row = new long[op.columns()];
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < row.length; j++) {
        row[j] = op.entry(i, j);
      }
      y[i] = evaluator.dot(a, row);
    }
    return y;
  }

  @Override
  public LweCiphertext[] tableLookup(Node node, Operation.TableLookup op, LweCiphertext[] a) {
    if (op.offset() < 0) {
      throw new IllegalArgumentException("lookup " + node.describe() + " indexes from " + op.offset()
          + "; bootstrapped messages are unsigned");
    }
    LookupTable table = evaluator.lookupTable(m -> op.domain().contains(m) ? op.lookup(m) : 0);
    return evaluator.bootstrapAll(a, new LookupTable[] {table}, runner);
  }

  @Override
  public LweCiphertext[] roundBits(Node node, Operation.RoundBits op, LweCiphertext[] a) {
    LookupTable table = evaluator.lookupTable(op::apply);
    return evaluator.bootstrapAll(a, new LookupTable[] {table}, runner);
  }

  @Override
  public LweCiphertext[] output(Node node, LweCiphertext[] a) {
    return a;
  }
}
