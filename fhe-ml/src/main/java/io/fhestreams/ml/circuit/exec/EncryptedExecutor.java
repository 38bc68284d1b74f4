package io.fhestreams.ml.circuit.exec;

import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.Evaluator;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.Node;
import io.fhestreams.ml.circuit.Operation;
import java.util.List;

/**
 * Runs a circuit on ciphertexts with the engine's {@link Evaluator}: leveled operations for
 * additions and products with clear constants, one programmable bootstrap per element of each table
 * lookup, and the exact bit extraction of {@link ExactRounding} for roundings. Under a leveled
 * parameter set, values wrap modulo the message space exactly as the compiler assumed. The
 * bootstraps of one node are independent: they run through a {@link TaskRunner} (by default new
 * threads on all cores; a server may pass its own shared pool).
 */
public final class EncryptedExecutor implements Backend<LweCiphertext[]> {
  private final Evaluator evaluator;
  private final TaskRunner runner;

  /** An executor with the server's evaluation keys, bootstrapping on all cores. */
  public EncryptedExecutor(EvaluationKeys keys) {
    this(keys, TaskRunner.threads(Runtime.getRuntime().availableProcessors()));
  }

  /**
   * An executor with the server's evaluation keys whose bootstraps of a node run through {@code
   * runner}.
   */
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
          "input "
              + node.describe()
              + ": expected "
              + node.size()
              + " ciphertexts, found "
              + value.length);
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
  public LweCiphertext[] multiplyConstant(
      Node node, Operation.MultiplyConstant op, LweCiphertext[] a) {
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

  /**
   * One bootstrap per element. The operand's values, unsigned and below 2^t (t its width), sit at
   * Δ·2^s (s the dropped bits when a rounding produced them, else 0): multiplying by 2^(W−s−t) (W
   * the set's message bits) puts them at the t-bit scale 2^(63−t) with the padding bit clear, so
   * that the key-switch and modulus-switch errors are measured against that scale rather than Δ,
   * and a t-bit table reads them (the lift of {@link ExactRounding}).
   */
  @Override
  public LweCiphertext[] tableLookup(
      Node node, Node operand, Operation.TableLookup op, LweCiphertext[] a) {
    if (op.offset() < 0) {
      throw new IllegalArgumentException(
          "lookup "
              + node.describe()
              + " indexes from "
              + op.offset()
              + "; bootstrapped messages are unsigned");
    }
    ParameterSet p = evaluator.parameters();
    int width = operand.bitWidth();
    long lift = 1L << (p.messageBits() - operand.scaleBits() - width);
    long[] values = new long[1 << width];
    for (int m = 0; m < values.length; m++) {
      values[m] =
          Math.floorMod(op.domain().contains(m) ? op.lookup(m) : 0, p.messageModulus()) * p.delta();
    }
    LweCiphertext[] lifted = new LweCiphertext[a.length];
    for (int i = 0; i < a.length; i++) {
      lifted[i] = evaluator.multiplyClear(a[i], lift);
    }
    return evaluator.bootstrapAll(
        lifted, new LookupTable[] {LookupTables.forTorusValues(p, values)}, runner);
  }

  /** Exact: see {@link ExactRounding}; only a table lookup may read the result. */
  @Override
  public LweCiphertext[] roundBits(Node node, Operation.RoundBits op, LweCiphertext[] a) {
    return ExactRounding.dropLowBits(evaluator, a, op.bits(), runner);
  }

  /**
   * The rounding's ciphertext holds 2^d·⌊a/2^d⌋ at a's scale ({@link ExactRounding}): the remainder
   * is the difference, no bootstrap.
   */
  @Override
  public LweCiphertext[] remainder(
      Node node, Operation.Remainder op, LweCiphertext[] a, LweCiphertext[] rounded) {
    return subtract(node, a, rounded);
  }

  /**
   * b + relu(a − b): the difference shifted by o = max b − min a to [0, t) (t bits from the
   * operands' ranges), lifted to the t-bit scale as a lookup's operand, then one bootstrap of
   * relu(k − o).
   */
  @Override
  public LweCiphertext[] max(
      Node node, Node left, Node right, LweCiphertext[] a, LweCiphertext[] b) {
    ParameterSet p = evaluator.parameters();
    long shift = right.range().max() - left.range().min();
    int width = Operation.Max.differenceWidth(left.range(), right.range());
    long lift = 1L << (p.messageBits() - width);
    long[] values = new long[1 << width];
    for (int k = 0; k < values.length; k++) {
      values[k] = Math.max(0, k - shift) * p.delta();
    }
    LweCiphertext[] difference = new LweCiphertext[a.length];
    for (int i = 0; i < a.length; i++) {
      difference[i] =
          evaluator.multiplyClear(evaluator.addClear(evaluator.sub(a[i], b[i]), shift), lift);
    }
    LookupTable table = LookupTables.forTorusValues(p, values);
    LweCiphertext[] relu = evaluator.bootstrapAll(difference, new LookupTable[] {table}, runner);
    for (int i = 0; i < a.length; i++) {
      relu[i] = evaluator.add(b[i], relu[i]);
    }
    return relu;
  }

  @Override
  public LweCiphertext[] output(Node node, LweCiphertext[] a) {
    return a;
  }
}
