package io.fhestreams.engine.keys;

import io.fhestreams.engine.algorithms.BootstrapWorkspace;
import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.LweLinearAlgebra;
import io.fhestreams.engine.algorithms.ProgrammableBootstrap;
import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.params.ParameterSet;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * The server-side facade: integer operations on encrypted messages of one parameter set, with the
 * {@link EvaluationKeys} a client handed over. Leveled operations never fail on noise by themselves
 * (keeping results within the message range and noise budget is the caller's job); a bootstrap
 * returns a fresh ciphertext of f(m). Thread-safe: each thread gets its own scratch.
 */
public final class Evaluator {
  private final EvaluationKeys keys;
  private final ParameterSet params;
  private final ThreadLocal<BootstrapWorkspace> workspace;

  public Evaluator(EvaluationKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.params = keys.parameters();
    this.workspace =
        keys.hasBootstrapKeys()
            ? ThreadLocal.withInitial(() -> BootstrapWorkspace.forKey(keys.bootstrapKey()))
            : null;
  }

  public ParameterSet parameters() {
    return params;
  }

  /**
   * Encrypts nothing: a trivial (public, noiseless) ciphertext of {@code message}, e.g. a constant
   * input.
   */
  public LweCiphertext trivial(long message) {
    LweCiphertext out = LweCiphertext.zeros(params.bigLweDimension());
    out.data()[params.bigLweDimension().value()] = MessageEncoding.encode(params, message);
    return out;
  }

  /** a + b. */
  public LweCiphertext add(LweCiphertext a, LweCiphertext b) {
    return LweLinearAlgebra.addNew(a, b);
  }

  /** a - b. */
  public LweCiphertext sub(LweCiphertext a, LweCiphertext b) {
    return LweLinearAlgebra.subNew(a, b);
  }

  /** -a. */
  public LweCiphertext negate(LweCiphertext a) {
    return LweLinearAlgebra.negateNew(a);
  }

  /** a · c for a clear integer c. */
  public LweCiphertext multiplyClear(LweCiphertext a, long c) {
    return LweLinearAlgebra.multiplyByCleartextNew(a, c);
  }

  /**
   * a + c for a clear integer c (encoded with the set's Δ). On a leveled set results wrap modulo
   * 2^messageBits; on a PBS set the result must stay in [0, 2^messageBits) for a later bootstrap to
   * read it (the padding bit must stay clear).
   */
  public LweCiphertext addClear(LweCiphertext a, long c) {
    return LweLinearAlgebra.addPlaintextNew(a, c * params.delta());
  }

  /** Σ w_i · x_i for clear integer weights. */
  public LweCiphertext dot(LweCiphertext[] xs, long[] weights) {
    return LweLinearAlgebra.dotProductNew(xs, weights);
  }

  /** The lookup table of f on [0, 2^messageBits) (values reduced mod 2^messageBits). */
  public LookupTable lookupTable(LongUnaryOperator f) {
    return LookupTables.forFunction(params, f);
  }

  /** Key switch + PBS of {@code a} through {@code table}: a fresh encryption of table(m). */
  public LweCiphertext bootstrap(LweCiphertext a, LookupTable table) {
    LweCiphertext out = LweCiphertext.zeros(a.dimension());
    ProgrammableBootstrap.bootstrapInPlace(
        keys.bootstrapKey(),
        keys.keyswitchKey(),
        params.modulusSwitch(),
        a,
        table,
        out,
        workspace.get());
    return out;
  }

  /** Bootstraps every ciphertext through {@code table} on all cores. */
  public LweCiphertext[] bootstrapAll(LweCiphertext[] as, LookupTable table) {
    return bootstrapAll(as, new LookupTable[] {table}, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Bootstraps ciphertext i through {@code tables[i]} (or all through {@code tables[0]} if it has
   * length 1) on {@code threads} threads.
   */
  public LweCiphertext[] bootstrapAll(LweCiphertext[] as, LookupTable[] tables, int threads) {
    return bootstrapAll(as, tables, TaskRunner.threads(threads));
  }

  /**
   * Bootstraps ciphertext i through {@code tables[i]} (or all through {@code tables[0]}), the work
   * run by {@code runner}.
   */
  public LweCiphertext[] bootstrapAll(LweCiphertext[] as, LookupTable[] tables, TaskRunner runner) {
    return ProgrammableBootstrap.parBootstrapNew(
        keys.bootstrapKey(), keys.keyswitchKey(), params.modulusSwitch(), as, tables, runner);
  }

  /**
   * Several functions of one input from one blind rotation (see {@link LookupTables#forFunctions}).
   */
  public LweCiphertext[] bootstrapMany(LweCiphertext a, LookupTable manyTable) {
    return ProgrammableBootstrap.bootstrapManyNew(
        keys.bootstrapKey(),
        keys.keyswitchKey(),
        params.modulusSwitch(),
        a,
        manyTable,
        workspace.get());
  }
}
