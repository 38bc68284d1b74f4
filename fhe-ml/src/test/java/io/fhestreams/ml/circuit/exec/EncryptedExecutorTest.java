package io.fhestreams.ml.circuit.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EncryptedExecutorTest {

  private static List<long[]> decrypt(ClientKey key, List<LweCiphertext[]> cts) {
    List<long[]> out = new ArrayList<>();
    for (LweCiphertext[] c : cts) {
      long[] v = new long[c.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = key.decrypt(c[i]);
      }
      out.add(v);
    }
    return out;
  }

  /**
   * Random leveled circuits (every leveled operation) on random inputs: decrypt(encrypted) ==
   * clear.
   */
  @Test
  void leveledCircuitsShouldEqualTheClearExecutorOnRandomInputs() {
    ParameterSet p = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;
    ClientKey key = ClientKey.generate(p);
    EncryptedExecutor executor = new EncryptedExecutor(EvaluationKeys.leveled(p));
    for (long seed = 1; seed <= 15; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      int n = 1 + random.nextInt(8);
      CircuitBuilder b = new CircuitBuilder();
      int x = b.input("x", n, ValueRange.unsigned(8));
      int y = b.input("y", n, ValueRange.unsigned(8));
      int s = b.subtract(b.add(x, y), b.multiplyConstant(y, random.longs(n, -50, 50).toArray()));
      int a = b.addConstant(s, random.longs(n, -1000, 1000).toArray());
      int rows = 1 + random.nextInt(3);
      b.output(
          b.matMulConstant(a, rows, random.longs((long) rows * n, -127, 128).toArray()), "dot");
      b.output(a, "a");
      Circuit c = b.build();
      for (int trial = 0; trial < 5; trial++) {
        long[] xs = random.longs(n, 0, 256).toArray();
        long[] ys = random.longs(n, 0, 256).toArray();
        List<long[]> clear = ClearExecutor.evaluate(c, List.of(xs, ys));
        List<long[]> encrypted =
            decrypt(key, executor.run(c, List.of(key.encrypt(xs), key.encrypt(ys))));
        for (int o = 0; o < clear.size(); o++) {
          assertThat(encrypted.get(o))
              .as("seed %d trial %d output %d", seed, trial, o)
              .containsExactly(clear.get(o));
        }
      }
    }
  }

  /** One lookup and one rounded lookup per input value under the 2-bit bootstrapping set. */
  @Test
  void lookupsShouldEqualTheClearExecutorForEveryMessage() {
    ParameterSet p = ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64;
    ClientKey key = ClientKey.generate(p);
    EncryptedExecutor executor = new EncryptedExecutor(key.generateEvaluationKeys());
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 4, ValueRange.unsigned(2));
    int t = b.tableLookup(x, 0, new long[] {3, 0, 2, 1});
    b.output(t, "t");
    b.output(b.tableLookup(b.roundBits(x, 1), 0, new long[] {2, 3}), "r");
    Circuit c = b.build();
    long[] all = {0, 1, 2, 3};
    List<long[]> clear = ClearExecutor.evaluate(c, List.of(all));
    List<long[]> encrypted =
        decrypt(key, executor.run(c, List.<LweCiphertext[]>of(key.encrypt(all))));
    assertThat(encrypted.get(0)).containsExactly(clear.get(0));
    assertThat(encrypted.get(0)).containsExactly(3, 0, 2, 1);
    assertThat(encrypted.get(1)).containsExactly(clear.get(1));
  }

  /**
   * Exact rounding (bit extraction, then a lookup read in runs) of every 4-bit value under the
   * 4-bit set, dropping 1 (one extraction bootstrap), 2 and 3 bits (two): every encrypted result
   * equals the clear one, under a set the compiler accepts at 2^-40.
   */
  @Test
  void exactRoundingShouldEqualTheClearExecutorForEveryValue() {
    long seed = 0x5EED_0007L;
    SplittableRandom random = new SplittableRandom(seed);
    ParameterSet p = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
    ClientKey key = ClientKey.generate(p);
    EncryptedExecutor executor = new EncryptedExecutor(key.generateEvaluationKeys());
    long[] all = java.util.stream.LongStream.range(0, 16).toArray();
    for (int bits = 1; bits <= 3; bits++) {
      CircuitBuilder b = new CircuitBuilder();
      int x = b.input("x", 16, ValueRange.unsigned(4));
      long[] table = random.longs(1 << (4 - bits), 0, 16).toArray();
      b.output(b.tableLookup(b.roundBits(b.addConstant(x, new long[16]), bits), 0, table), "y");
      Circuit c = b.build();
      var compiled =
          io.fhestreams.ml.compiler.Compiler.compile(
              c, new io.fhestreams.ml.compiler.CompileOptions(-40, List.of(p)));
      assertThat(compiled.report().bootstraps()).isEqualTo(16L * (bits == 1 ? 2 : 3));
      List<long[]> clear = ClearExecutor.evaluate(c, List.<long[]>of(all));
      List<long[]> encrypted =
          decrypt(key, executor.run(c, List.<LweCiphertext[]>of(key.encrypt(all))));
      assertThat(encrypted.get(0)).as("seed %d, %d bits", seed, bits).containsExactly(clear.get(0));
    }
  }

  /**
   * The clamp the nets use (QuantizedNet): r = ⌊x/4⌋, the remainder x mod 4, a lookup of r giving
   * 4·(min(max(r, 1), 2) − 1), their sum (x moved into [4, 11] by whole steps of 4, minus 4),
   * rounded by 1 bit and read by a random table; on seeded random 4-bit inputs under the 4-bit set,
   * which the compiler's noise model accepts at 2^-40: every encrypted output (the remainder itself
   * too) equals the clear one.
   */
  @Test
  void clampByRemainderShouldEqualTheClearExecutorOnRandomInputs() {
    ParameterSet p = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
    ClientKey key = ClientKey.generate(p);
    EncryptedExecutor executor = new EncryptedExecutor(key.generateEvaluationKeys());
    for (long seed = 41; seed <= 43; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      CircuitBuilder b = new CircuitBuilder();
      int x = b.input("x", 16, ValueRange.unsigned(4));
      int a = b.addConstant(x, new long[16]);
      int r = b.roundBits(a, 2);
      int remainder = b.remainder(a, r);
      int clamped = b.add(remainder, b.tableLookup(r, 0, new long[] {0, 0, 4, 4}));
      assertThat(b.range(clamped)).isEqualTo(new ValueRange(0, 7));
      long[] table = random.longs(4, 0, 16).toArray();
      b.output(b.tableLookup(b.roundBits(clamped, 1), 0, table), "y");
      b.output(remainder, "remainder");
      Circuit c = b.build();
      var compiled =
          io.fhestreams.ml.compiler.Compiler.compile(
              c, new io.fhestreams.ml.compiler.CompileOptions(-40, List.of(p)));
      // 2 + 1 (clamp) + 1 + 1 (rounding by 1 bit, lookup)
      assertThat(compiled.report().bootstraps()).isEqualTo(16L * 5);
      long[] xs = random.longs(16, 0, 16).toArray();
      List<long[]> clear = ClearExecutor.evaluate(c, List.<long[]>of(xs));
      List<long[]> encrypted =
          decrypt(key, executor.run(c, List.<LweCiphertext[]>of(key.encrypt(xs))));
      for (int i = 0; i < 16; i++) {
        // the remainder kept, the rounded value clamped to [1, 2]
        long v = xs[i] % 4 + 4 * (Math.min(Math.max(xs[i] / 4, 1), 2) - 1);
        assertThat(clear.get(0)[i]).as("seed %d, x %d", seed, xs[i]).isEqualTo(table[(int) v / 2]);
        assertThat(clear.get(1)[i]).isEqualTo(xs[i] % 4);
      }
      for (int o = 0; o < clear.size(); o++) {
        assertThat(encrypted.get(o)).as("seed %d output %d", seed, o).containsExactly(clear.get(o));
      }
    }
  }

  /**
   * max(a, b) of every pair of 3-bit values under the 4-bit set: one bootstrap each, equal to the
   * clear max.
   */
  @Test
  void maxShouldEqualTheClearExecutorForEveryPair() {
    ParameterSet p = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
    ClientKey key = ClientKey.generate(p);
    EncryptedExecutor executor = new EncryptedExecutor(key.generateEvaluationKeys());
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 64, ValueRange.unsigned(3));
    int y = b.input("y", 64, ValueRange.unsigned(3));
    int m = b.max(x, y);
    b.output(m, "max");
    Circuit c = b.build();
    assertThat(c.node(m).range()).isEqualTo(new ValueRange(0, 7));
    var compiled =
        io.fhestreams.ml.compiler.Compiler.compile(
            c, new io.fhestreams.ml.compiler.CompileOptions(-40, List.of(p)));
    assertThat(compiled.report().bootstrapsByBitWidth())
        .containsExactly(java.util.Map.entry(4, 64L));
    long[] xs = new long[64];
    long[] ys = new long[64];
    for (int i = 0; i < 64; i++) {
      xs[i] = i / 8;
      ys[i] = i % 8;
    }
    List<long[]> clear = ClearExecutor.evaluate(c, List.of(xs, ys));
    List<long[]> encrypted =
        decrypt(key, executor.run(c, List.of(key.encrypt(xs), key.encrypt(ys))));
    assertThat(encrypted.get(0)).containsExactly(clear.get(0));
    for (int i = 0; i < 64; i++) {
      assertThat(clear.get(0)[i]).isEqualTo(Math.max(xs[i], ys[i]));
    }
  }

  /**
   * Compare-and-swap of seeded random pairs of 6-bit values, their 7-bit difference split at 3 bits
   * (chunk 3, high part 4, packed sign and low part 4 bits) under the 4-bit set widened to 7-bit
   * messages, and of every pair of 2-bit values read whole: min then max, equal to the clear ones,
   * under a set the compiler accepts at 2^-40; a remainder of their rounding (their low 3 bits)
   * too.
   */
  @Test
  void compareSwapAndRemainderShouldEqualTheClearExecutorOnRandomPairs() {
    long seed = new SplittableRandom().nextLong();
    System.out.println("compareSwapAndRemainder seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    ParameterSet p = ParameterSets.widened(ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64, 7);
    ClientKey key = ClientKey.generate(p);
    EncryptedExecutor executor = new EncryptedExecutor(key.generateEvaluationKeys());
    int n = 24;
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", n, ValueRange.unsigned(6));
    int y = b.input("y", n, ValueRange.unsigned(6));
    int split = b.compareSwap(x, y, 3);
    b.output(split, "split");
    b.output(b.remainder(x, b.roundBits(x, 3)), "low");
    int small = b.input("s", 16, ValueRange.unsigned(2));
    int other = b.input("t", 16, ValueRange.unsigned(2));
    b.output(b.compareSwap(small, other, 0), "whole");
    Circuit c = b.build();
    assertThat(c.node(split).range()).isEqualTo(new ValueRange(0, 63));
    var compiled =
        io.fhestreams.ml.compiler.Compiler.compile(
            c, new io.fhestreams.ml.compiler.CompileOptions(-40, List.of(p)));
    assertThat(compiled.report().bootstraps()).isEqualTo(5L * n + 2L * n + 16);
    long[] xs = random.longs(n, 0, 64).toArray();
    long[] ys = random.longs(n, 0, 64).toArray();
    xs[0] = ys[0]; // a tie
    long[] ss = new long[16];
    long[] ts = new long[16];
    for (int i = 0; i < 16; i++) {
      ss[i] = i / 4;
      ts[i] = i % 4;
    }
    List<long[]> inputs = List.of(xs, ys, ss, ts);
    List<long[]> clear = ClearExecutor.evaluate(c, inputs);
    List<LweCiphertext[]> encryptedInputs = new ArrayList<>();
    for (long[] in : inputs) {
      encryptedInputs.add(key.encrypt(in));
    }
    List<long[]> encrypted = decrypt(key, executor.run(c, encryptedInputs));
    for (int o = 0; o < clear.size(); o++) {
      assertThat(encrypted.get(o)).as("seed %d, output %d", seed, o).containsExactly(clear.get(o));
    }
    for (int i = 0; i < n; i++) {
      assertThat(clear.get(0)[i]).isEqualTo(Math.min(xs[i], ys[i]));
      assertThat(clear.get(0)[n + i]).isEqualTo(Math.max(xs[i], ys[i]));
      assertThat(clear.get(1)[i]).isEqualTo(xs[i] % 8);
    }
    for (int i = 0; i < 16; i++) {
      assertThat(clear.get(2)[i]).isEqualTo(Math.min(ss[i], ts[i]));
      assertThat(clear.get(2)[16 + i]).isEqualTo(Math.max(ss[i], ts[i]));
    }
  }
}
