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
import java.util.function.LongUnaryOperator;

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
    long shift = right.range().max() - left.range().min();
    int width = Operation.Max.differenceWidth(left.range(), right.range());
    LweCiphertext[] difference = new LweCiphertext[a.length];
    for (int i = 0; i < a.length; i++) {
      difference[i] = evaluator.addClear(evaluator.sub(a[i], b[i]), shift);
    }
    LweCiphertext[] relu = lookup(difference, 0, width, k -> Math.max(0, k - shift));
    for (int i = 0; i < a.length; i++) {
      relu[i] = evaluator.add(b[i], relu[i]);
    }
    return relu;
  }

  /**
   * min = a − relu(a − b) and max = b + relu(a − b) ({@link Operation.CompareSwap}). Read whole,
   * relu is one lookup of the shifted difference u = a − b + s, as in {@link #max}. Split at c
   * bits: {@link ExactRounding} gives 2^c·h and l = u − 2^c·h; h, at Δ·2^c, is lifted to its own
   * width for two lookups, A(h) = 2^c·relu(h − h0) and S(h) = 2^c·[h ≥ h0] (h0 = s / 2^c); S + l ∈
   * [0, 2^(c+1)) is lifted to c + 1 bits for C(p) = [p ≥ 2^c]·(p − 2^c); relu = A + C.
   */
  @Override
  public LweCiphertext[] compareSwap(
      Node node,
      Operation.CompareSwap op,
      Node left,
      Node right,
      LweCiphertext[] a,
      LweCiphertext[] b) {
    ParameterSet p = evaluator.parameters();
    long shift = op.shift(left.range(), right.range());
    int width = op.differenceWidth(left.range(), right.range());
    int n = a.length;
    LweCiphertext[] u = new LweCiphertext[n];
    for (int i = 0; i < n; i++) {
      u[i] = evaluator.addClear(evaluator.sub(a[i], b[i]), shift);
    }
    LweCiphertext[] relu;
    if (op.lowBits() == 0) {
      relu = lookup(u, 0, width, k -> Math.max(0, k - shift));
    } else {
      int c = op.lowBits();
      long h0 = shift >> c;
      long step = 1L << c;
      LweCiphertext[] high = ExactRounding.dropLowBits(evaluator, u, c, runner);
      int highWidth = Math.max(1, width - c);
      LweCiphertext[] both = new LweCiphertext[2 * n];
      System.arraycopy(high, 0, both, 0, n);
      System.arraycopy(high, 0, both, n, n);
      LweCiphertext[] read =
          lookup(both, c, highWidth, n, h -> step * Math.max(0, h - h0), h -> h >= h0 ? step : 0);
      LweCiphertext[] packed = new LweCiphertext[n];
      for (int i = 0; i < n; i++) {
        // S(h) + u − 2^c·h: the sign above the low part
        packed[i] = evaluator.add(read[n + i], evaluator.sub(u[i], high[i]));
      }
      LweCiphertext[] low = lookup(packed, 0, c + 1, k -> k >= step ? k - step : 0);
      relu = new LweCiphertext[n];
      for (int i = 0; i < n; i++) {
        relu[i] = evaluator.add(read[i], low[i]);
      }
    }
    LweCiphertext[] y = new LweCiphertext[2 * n];
    for (int i = 0; i < n; i++) {
      y[i] = evaluator.sub(a[i], relu[i]);
      y[n + i] = evaluator.add(b[i], relu[i]);
    }
    return y;
  }

  /** One bootstrap per element of {@code x}, values of {@code width} bits at Δ·2^scale, by f. */
  private LweCiphertext[] lookup(LweCiphertext[] x, int scale, int width, LongUnaryOperator f) {
    return lookup(x, scale, width, x.length, f, f);
  }

  /**
   * One bootstrap per element of {@code x}, values of {@code width} bits at Δ·2^scale, by {@code
   * first} for the elements before {@code split}, {@code second} for the rest.
   */
  private LweCiphertext[] lookup(
      LweCiphertext[] x,
      int scale,
      int width,
      int split,
      LongUnaryOperator first,
      LongUnaryOperator second) {
    ParameterSet p = evaluator.parameters();
    long lift = 1L << (p.messageBits() - scale - width);
    LookupTable[] tables = {table(p, width, first), table(p, width, second)};
    LookupTable[] perElement = new LookupTable[x.length];
    LweCiphertext[] lifted = new LweCiphertext[x.length];
    for (int i = 0; i < x.length; i++) {
      lifted[i] = evaluator.multiplyClear(x[i], lift);
      perElement[i] = tables[i < split ? 0 : 1];
    }
    return evaluator.bootstrapAll(lifted, perElement, runner);
  }

  /** The table of f over [0, 2^width), each value at Δ modulo the message space. */
  private static LookupTable table(ParameterSet p, int width, LongUnaryOperator f) {
    long[] values = new long[1 << width];
    for (int k = 0; k < values.length; k++) {
      values[k] = Math.floorMod(f.applyAsLong(k), p.messageModulus()) * p.delta();
    }
    return LookupTables.forTorusValues(p, values);
  }

  @Override
  public LweCiphertext[] output(Node node, LweCiphertext[] a) {
    return a;
  }
}
