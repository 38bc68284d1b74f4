package io.fhestreams.engine.algorithms;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.entities.LweKeyswitchKey;

/**
 * LWE key switching (tfhe-rs {@code lwe_keyswitch.rs}): output = (0,…,0,b) - Σ_i Σ_j
 * d_ij·KSK[i][j], where d_ij are the signed base-2^baseLog digits of a_i rounded to its top
 * baseLog·l bits. The phase is kept; the noise grows by the key-switch term of the noise model.
 *
 * <p>The key and the accumulation live modulo 2^32, as tfhe-rs's {@code
 * keyswitch_lwe_ciphertext_with_scalar_change} (u64 input, u32 key and output) for its KS32
 * parameter sets: the digits need only baseLog·l ≤ 32 bits of each input coefficient, int
 * arithmetic wraps modulo 2^32 exactly as the torus does, and the output is next switched to 2N (at
 * most 2^15), far below 2^32. Each call streams n_in·l·(n_out+1) ints of key (36 MB for the 4-bit
 * set), half the traffic of a 64-bit key, and the inner loop is an int multiply-subtract the JIT
 * vectorizes ({@code vpmulld}) because the key is stored row by row; zero digits (1 in 2^baseLog)
 * are skipped, and the other rows are applied four at a time (one pass over the accumulator per
 * four rows). A batch ({@link #keyswitchBatch}) streams the key once for all its ciphertexts.
 */
public final class LweKeyswitch {
  private LweKeyswitch() {}

  /**
   * Key-switches {@code input} into {@code output} (overwritten): the 32-bit result scaled by 2^32
   * onto the 64-bit torus. Allocates one (n_out+1)-int scratch; the bootstrap uses the
   * allocation-free {@link #keyswitch}.
   */
  public static void keyswitchInPlace(
      LweKeyswitchKey ksk, LweCiphertext input, LweCiphertext output) {
    Checks.requireEqual(
        "input LweDimension",
        ksk.inputDimension(),
        "LweKeyswitchKey input",
        input.dimension(),
        "input LweCiphertext");
    Checks.requireEqual(
        "output LweDimension",
        ksk.outputDimension(),
        "LweKeyswitchKey output",
        output.dimension(),
        "output LweCiphertext");
    int[] result = new int[ksk.outputDimension().toLweSize()];
    keyswitch(ksk, input.data(), 0, result);
    long[] out = output.data();
    for (int c = 0; c < result.length; c++) {
      out[c] = (long) result[c] << 32;
    }
  }

  /** Key-switches {@code input} into a new ciphertext under the output key. */
  public static LweCiphertext keyswitchNew(LweKeyswitchKey ksk, LweCiphertext input) {
    LweCiphertext out = LweCiphertext.zeros(ksk.outputDimension());
    keyswitchInPlace(ksk, input, out);
    return out;
  }

  /**
   * Input coefficients per block of {@link #keyswitchBatch}: their rows (4 levels of 919 ints for
   * the 4-bit set, ≈ 15 KB per coefficient) are read from memory once and then from the core's L2
   * cache (1 MB on Zen 5) for the other ciphertexts of the batch.
   */
  static final int BATCH_BLOCK_BYTES = 256 << 10;

  /**
   * The key switch on raw arrays: {@code in[inOff, inOff + n_in + 1)} (64-bit torus) into {@code
   * out[0, n_out + 1)}, torus elements modulo 2^32 (the body rounded to 32 bits).
   */
  static void keyswitch(LweKeyswitchKey ksk, long[] in, int inOff, int[] out) {
    start(ksk, in, inOff, out);
    subtractRows(ksk, in, inOff, out, 0, ksk.inputDimension().value());
  }

  /**
   * Key-switches {@code inputs[from, from + count)} into {@code outs[0, count)} (each n_out + 1,
   * overwritten), each result equal to {@link #keyswitch}'s. The key is streamed once for the batch
   * instead of once per ciphertext: block by block of input coefficients ({@link
   * #BATCH_BLOCK_BYTES} of rows), every ciphertext subtracts that block's rows before the next
   * block is read. The key is 30 MB for the 4-bit set and the key switch is bound by reading it
   * (about 1 ms per ciphertext, benchmarks/RESULTS.md), so a batch of 8 reads an eighth of it per
   * ciphertext.
   */
  static void keyswitchBatch(
      LweKeyswitchKey ksk, LweCiphertext[] inputs, int from, int count, int[][] outs) {
    int rowBytes = ksk.levelCount().value() * ksk.outputDimension().toLweSize() * Integer.BYTES;
    keyswitchBatch(ksk, inputs, from, count, outs, Math.max(1, BATCH_BLOCK_BYTES / rowBytes));
  }

  /** As {@link #keyswitchBatch}, {@code block} input coefficients per block. */
  static void keyswitchBatch(
      LweKeyswitchKey ksk, LweCiphertext[] inputs, int from, int count, int[][] outs, int block) {
    int nIn = ksk.inputDimension().value();
    for (int b = 0; b < count; b++) {
      start(ksk, inputs[from + b].data(), 0, outs[b]);
    }
    for (int i = 0; i < nIn; i += block) {
      int end = Math.min(nIn, i + block);
      for (int b = 0; b < count; b++) {
        subtractRows(ksk, inputs[from + b].data(), 0, outs[b], i, end);
      }
    }
  }

  /** out = (0, …, 0, b rounded to the key's torus). */
  private static void start(LweKeyswitchKey ksk, long[] in, int inOff, int[] out) {
    int nOut = ksk.outputDimension().value();
    java.util.Arrays.fill(out, 0, nOut, 0);
    out[nOut] = LweKeyswitchKeyGeneration.roundToKeyTorus(in[inOff + ksk.inputDimension().value()]);
  }

  /** out -= Σ_{i in [iFrom, iTo)} Σ_t d_it·row_it, the digits of input coefficient i. */
  private static void subtractRows(
      LweKeyswitchKey ksk, long[] in, int inOff, int[] out, int iFrom, int iTo) {
    int size = ksk.outputDimension().toLweSize();
    int l = ksk.levelCount().value();
    int baseLog = ksk.baseLog().value();
    int shift = 64 - baseLog * l;
    long mask = (1L << baseLog) - 1;
    int[][] rows = ksk.rows();
    // the rows of nonzero digits are applied four per pass over out: a quarter of the
    // read-modify-write of out, and four key streams in flight at once
    int[] r0 = null;
    int[] r1 = null;
    int[] r2 = null;
    int d0 = 0;
    int d1 = 0;
    int d2 = 0;
    int pending = 0;
    for (int i = iFrom; i < iTo; i++) {
      long x = in[inOff + i];
      long state = ((x >>> (shift - 1)) + 1) >>> 1;
      for (int t = 0; t < l; t++) {
        long d = state & mask;
        long carry = (d >>> (baseLog - 1)) & 1;
        d -= carry << baseLog;
        state = (state >>> baseLog) + carry;
        if (d == 0) {
          continue;
        }
        int[] row = rows[i * l + t];
        switch (pending) {
          case 0 -> {
            r0 = row;
            d0 = (int) d;
          }
          case 1 -> {
            r1 = row;
            d1 = (int) d;
          }
          case 2 -> {
            r2 = row;
            d2 = (int) d;
          }
          default -> subtractScaled4(out, r0, d0, r1, d1, r2, d2, row, (int) d, size);
        }
        pending = (pending + 1) & 3;
      }
    }
    if (pending > 0) {
      subtractScaled(out, r0, size, d0);
    }
    if (pending > 1) {
      subtractScaled(out, r1, size, d1);
    }
    if (pending > 2) {
      subtractScaled(out, r2, size, d2);
    }
  }

  /**
   * out -= d·row; one index for both arrays, so that C2 vectorizes it (see {@link
   * LweKeyswitchKey}).
   */
  private static void subtractScaled(int[] out, int[] row, int size, int d) {
    for (int c = 0; c < size; c++) {
      out[c] -= d * row[c];
    }
  }

  /**
   * out -= d0·r0 + d1·r1 + d2·r2 + d3·r3 (int arithmetic wraps modulo 2^32, so the grouping does
   * not change the result); vectorized by C2 like {@link #subtractScaled}.
   */
  private static void subtractScaled4(
      int[] out, int[] r0, int d0, int[] r1, int d1, int[] r2, int d2, int[] r3, int d3, int size) {
    for (int c = 0; c < size; c++) {
      out[c] -= d0 * r0[c] + d1 * r1[c] + d2 * r2[c] + d3 * r3[c];
    }
  }
}
