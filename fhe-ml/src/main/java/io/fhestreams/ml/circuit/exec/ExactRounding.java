package io.fhestreams.ml.circuit.exec;

import io.fhestreams.engine.algorithms.LookupTables;
import io.fhestreams.engine.algorithms.LweLinearAlgebra;
import io.fhestreams.engine.algorithms.TaskRunner;
import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.Evaluator;
import io.fhestreams.engine.params.ParameterSet;

/**
 * Exact rounding of an accumulator a ∈ [0, 2^W) (W the set's message bits, a at Δ = 2^(63−W)) to r
 * = ⌊a / 2^d⌋ by extracting its d low bits with bootstraps, after Bergerat, Boudi, Bourgerie,
 * Chillotti, Ligier, Orfila, Tap, "Parameter Optimization &amp; Larger Precision for (T)FHE", J.
 * Cryptology 2023 (bit extraction from the least significant bits; Concrete's {@code
 * round_bit_pattern} with exactness EXACT) and Chillotti, Ligier, Orfila, Tap, Asiacrypt 2021 (a
 * bootstrap may read any chunk of bits of the plaintext):
 *
 * <ol>
 *   <li>a · 2^(W−d+1) pushes the high bits out of the torus and leaves the low chunk c = a mod 2^d
 *       at the top, without padding, at step 2^(64−d); the key-switch and modulus-switch errors are
 *       then added at that scale, not at Δ. Half a step is added so that c sits in the middle of
 *       its box.
 *   <li>A sign-type (negacyclic) lookup returns ±v, v = 2^(d−2)·Δ, by the chunk's top bit b; a − v
 *       + (±v) = a − b·2^(d−1) at Δ.
 *   <li>For d ≥ 2 the rest of the chunk now has a clear top bit, i.e. a padding bit: the same
 *       product puts it at step 2^(64−d) and an ordinary lookup returns −rest·Δ.
 * </ol>
 *
 * The sum is 2^d·r at Δ, i.e. r at Δ·2^d ({@link io.fhestreams.ml.circuit.Node#scaleBits()}), which
 * the following lookup lifts to its own width ({@link EncryptedExecutor}); hence 1 bootstrap for d
 * = 1 and 2 for d ≥ 2 ({@link
 * io.fhestreams.ml.circuit.Operation.RoundBits#bootstrapsPerElement()}). Every read is exact while
 * the accumulator's noise is below Δ/2 and the switch errors are below half a chunk step; the
 * compiler checks both with the noise model ({@code Compiler}). One chunk holds all d bits: two
 * bootstraps whatever d is, and a d-bit chunk without padding has the margin of a (d−1)-bit padded
 * lookup, within what the published sets read for d up to their message bits + 1; wider drops are
 * refused by the compiler's noise check rather than split into more chunks.
 */
final class ExactRounding {
  private ExactRounding() {}

  /**
   * a mod 2^d at Δ for every element of {@code a}: a minus {@link #dropLowBits}, so a's noise
   * cancels and only the extraction's bootstraps' remains.
   */
  static LweCiphertext[] keepLowBits(
      Evaluator evaluator, LweCiphertext[] a, int bits, TaskRunner runner) {
    LweCiphertext[] high = dropLowBits(evaluator, a, bits, runner);
    LweCiphertext[] low = new LweCiphertext[a.length];
    for (int i = 0; i < a.length; i++) {
      low[i] = LweLinearAlgebra.subNew(a[i], high[i]);
    }
    return low;
  }

  /** 2^d·⌊a/2^d⌋ at Δ for every element of {@code a}. */
  static LweCiphertext[] dropLowBits(
      Evaluator evaluator, LweCiphertext[] a, int bits, TaskRunner runner) {
    ParameterSet p = evaluator.parameters();
    int w = p.messageBits();
    long lift = 1L << (w - bits + 1);
    long delta = p.delta();
    long v = (delta << (bits - 1)) >>> 1; // 2^(d-2)·Δ, Δ/2 when d = 1
    LweCiphertext[] chunk = new LweCiphertext[a.length];
    for (int i = 0; i < a.length; i++) {
      chunk[i] = LweLinearAlgebra.multiplyByCleartextNew(a[i], lift);
      LweLinearAlgebra.addPlaintextInPlace(chunk[i], 1L << (63 - bits));
    }
    LweCiphertext[] sign =
        evaluator.bootstrapAll(chunk, new LookupTable[] {LookupTables.constant(p, v)}, runner);
    LweCiphertext[] highCleared = new LweCiphertext[a.length];
    for (int i = 0; i < a.length; i++) {
      highCleared[i] = LweLinearAlgebra.addNew(a[i], sign[i]);
      LweLinearAlgebra.addPlaintextInPlace(highCleared[i], -v);
    }
    if (bits == 1) {
      return highCleared;
    }
    long[] rest = new long[1 << (bits - 1)];
    for (int c = 0; c < rest.length; c++) {
      rest[c] = -c * delta;
    }
    for (int i = 0; i < a.length; i++) {
      chunk[i] = LweLinearAlgebra.multiplyByCleartextNew(highCleared[i], lift);
    }
    LookupTable restTable = LookupTables.forTorusValues(p, rest);
    LweCiphertext[] low = evaluator.bootstrapAll(chunk, new LookupTable[] {restTable}, runner);
    for (int i = 0; i < a.length; i++) {
      LweLinearAlgebra.addInPlace(highCleared[i], low[i]);
    }
    return highCleared;
  }
}
