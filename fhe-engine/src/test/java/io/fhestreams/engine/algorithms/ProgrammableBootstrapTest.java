package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.MessageEncoding;
import io.fhestreams.engine.keys.TestKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bootstraps random lookup tables over every message of every PBS parameter set and requires 0
 * wrong results. 2^-64 sets: 1,024 (2-bit) + 896 (4-bit) + 64 (6-bit) + 64 batch + 2 × 64 many-LUT
 * inputs; 2^-128 sets (centered-mean modulus switch): 128 (2-bit) + 128 (4-bit) + 64 (6-bit, whose
 * keys take about 0.73 GB and the longest key generation, so one table only) + 2 × 64 many-LUT
 * inputs; batched vs one at a time: 8 × (13 + 13 + 5 + 5); three concurrent callers on pooled
 * workspaces: 27 + 108: 3,047 bootstraps per run. Also prints the measured output noise of a
 * KS-PBS.
 */
class ProgrammableBootstrapTest {
  private static final ParameterSet P2 = ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64;
  private static final ParameterSet P4 = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
  private static final ParameterSet P6 = ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64;
  private static final ParameterSet P2_2M128 = ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M128;
  private static final ParameterSet P4_2M128 = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M128;
  private static final ParameterSet P6_2M128 = ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M128;

  @Test
  void shouldBootstrapRandomTablesOverAllMessages_2bit() {
    assertRandomTables(P2, 256);
  }

  @Test
  void shouldBootstrapRandomTablesOverAllMessages_4bit() {
    assertRandomTables(P4, 56);
  }

  @Test
  void shouldBootstrapRandomTablesOverAllMessages_6bit() {
    assertRandomTables(P6, 1);
  }

  @Test
  void shouldBootstrapRandomTablesOverAllMessages_2bit_2M128() {
    assertRandomTables(P2_2M128, 32);
  }

  @Test
  void shouldBootstrapRandomTablesOverAllMessages_4bit_2M128() {
    assertRandomTables(P4_2M128, 8);
  }

  /**
   * Keys generated here rather than cached in {@link TestKeys}, so that their 0.73 GB is freed
   * after.
   */
  @Test
  void shouldBootstrapRandomTablesOverAllMessages_6bit_2M128() {
    ClientKey ck = ClientKey.generate(P6_2M128);
    long t0 = System.nanoTime();
    EvaluationKeys ek = ck.generateEvaluationKeys();
    System.out.printf("keygen %s: %.1f s%n", P6_2M128.id(), (System.nanoTime() - t0) / 1e9);
    assertRandomTables(P6_2M128, ck, ek, 1);
  }

  @Test
  void parallelBatchShouldEqualSequentialBitForBit() {
    ClientKey ck = TestKeys.client(P4);
    EvaluationKeys ek = TestKeys.evaluation(P4);
    SplittableRandom rnd = new SplittableRandom();
    int count = 32;
    LweCiphertext[] in = new LweCiphertext[count];
    LookupTable[] luts = new LookupTable[count];
    long[] expected = new long[count];
    for (int i = 0; i < count; i++) {
      long m = rnd.nextLong(16);
      long[] f = rnd.longs(16, 0, 16).toArray();
      in[i] = ck.encrypt(m);
      luts[i] = LookupTables.forFunction(P4, x -> f[(int) x]);
      expected[i] = f[(int) m];
    }
    LweCiphertext[] parallel =
        ProgrammableBootstrap.parBootstrapNew(
            ek.bootstrapKey(),
            ek.keyswitchKey(),
            P4.modulusSwitch(),
            in,
            luts,
            TaskRunner.threads(3),
            ProgrammableBootstrap.DEFAULT_MAX_BATCH);
    for (int i = 0; i < count; i++) {
      LweCiphertext sequential =
          ProgrammableBootstrap.bootstrapNew(
              ek.bootstrapKey(), ek.keyswitchKey(), P4.modulusSwitch(), in[i], luts[i]);
      assertThat(parallel[i].data()).as("ciphertext %d", i).isEqualTo(sequential.data());
      assertThat(ck.decrypt(parallel[i])).isEqualTo(expected[i]);
    }
  }

  @Test
  void batchedShouldEqualOneAtATimeBitForBit_2bit() {
    assertBatchedEqualsOneAtATime(P2, 13);
  }

  @Test
  void batchedShouldEqualOneAtATimeBitForBit_4bit() {
    assertBatchedEqualsOneAtATime(P4, 13);
  }

  @Test
  void batchedShouldEqualOneAtATimeBitForBit_6bit() {
    assertBatchedEqualsOneAtATime(P6, 5);
  }

  @Test
  void batchedShouldEqualOneAtATimeBitForBit_2bit_2M128() {
    assertBatchedEqualsOneAtATime(P2_2M128, 5);
  }

  @Test
  void batchOfZero_fails() {
    EvaluationKeys ek = TestKeys.evaluation(P4);
    assertThatThrownBy(
            () ->
                ProgrammableBootstrap.parBootstrapNew(
                    ek.bootstrapKey(),
                    ek.keyswitchKey(),
                    P4.modulusSwitch(),
                    new LweCiphertext[0],
                    new LookupTable[] {LookupTables.forFunction(P4, x -> x)},
                    TaskRunner.threads(1),
                    0))
        .hasMessageContaining("maxBatch must be >= 1, found 0");
  }

  static ParameterSet[] fourBitSets() {
    return new ParameterSet[] {P4, P4_2M128};
  }

  @ParameterizedTest
  @MethodSource("fourBitSets")
  void manyLutShouldEvaluateSeveralFunctionsWithOneBlindRotation(ParameterSet p4) {
    ClientKey ck = TestKeys.client(p4);
    EvaluationKeys ek = TestKeys.evaluation(p4);
    BootstrapWorkspace ws = BootstrapWorkspace.forKey(ek.bootstrapKey());
    SplittableRandom rnd = new SplittableRandom();
    // 2-bit inputs in a 4-bit set: 2^(4-2) = 4 functions; 3-bit inputs: 2 functions.
    for (int inputBits : new int[] {2, 3}) {
      int count = LookupTables.maxFunctionCount(p4, inputBits);
      long[][] f = new long[count][];
      LongUnaryOperator[] fs = new LongUnaryOperator[count];
      for (int j = 0; j < count; j++) {
        long[] table = rnd.longs(1 << inputBits, 0, 16).toArray();
        f[j] = table;
        fs[j] = x -> table[(int) x];
      }
      LookupTable lut = LookupTables.forFunctions(p4, fs);
      for (int rep = 0; rep < 64 / (1 << inputBits); rep++) {
        for (int m = 0; m < (1 << inputBits); m++) {
          LweCiphertext[] out =
              ProgrammableBootstrap.bootstrapManyNew(
                  ek.bootstrapKey(), ek.keyswitchKey(), p4.modulusSwitch(), ck.encrypt(m), lut, ws);
          assertThat(out).hasSize(count);
          for (int j = 0; j < count; j++) {
            assertThat(ck.decrypt(out[j]))
                .as("function %d of %d-bit input %d", j, inputBits, m)
                .isEqualTo(f[j][m]);
          }
        }
      }
    }
  }

  @Test
  void tooManyFunctions_fails() {
    assertThatThrownBy(() -> LookupTables.forFunctions(P4, x -> x, x -> x, x -> x))
        .hasMessageContaining("power of two")
        .hasMessageContaining("found 3");
    assertThatThrownBy(
            () -> LookupTables.forFunction(ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17, x -> x))
        .hasMessageContaining("need a PBS parameter set");
  }

  @Test
  void bootstrapWithWrongInputDimension_failsNamingBoth() {
    EvaluationKeys ek = TestKeys.evaluation(P4);
    LweCiphertext wrong = LweCiphertext.zeros(P4.lweDimension());
    assertThatThrownBy(
            () ->
                ProgrammableBootstrap.bootstrapNew(
                    ek.bootstrapKey(),
                    ek.keyswitchKey(),
                    P4.modulusSwitch(),
                    wrong,
                    LookupTables.forFunction(P4, x -> x)))
        .hasMessageContaining("LweKeyswitchKey input: LweDimension[value=2048]")
        .hasMessageContaining("input LweCiphertext: LweDimension[value=879]");
  }

  /**
   * {@code count} random messages, each through its own random table (one of them a many-LUT table,
   * read at function 0 as {@link ProgrammableBootstrap#bootstrapNew} reads it), bootstrapped one at
   * a time and then through the batch API with batch sizes 1, 3 (odd, not dividing count), 8 and
   * count, on 1 to 3 workers: every result equal bit for bit, and decrypting to the table's value.
   * Also one table for all inputs.
   */
  /**
   * Several callers at once (as Kafka Streams' stream threads call), each bootstrapping alone and
   * in batches on pooled workspaces: every result equals the one computed before on a fresh
   * workspace, so no two callers ever shared one.
   */
  @Test
  void concurrentCallersShouldEachGetResultsOfTheirOwn() throws Exception {
    ClientKey ck = TestKeys.client(P4);
    EvaluationKeys ek = TestKeys.evaluation(P4);
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int callers = 3;
    int count = 9;
    LweCiphertext[][] in = new LweCiphertext[callers][count];
    LookupTable[][] luts = new LookupTable[callers][count];
    LweCiphertext[][] expected = new LweCiphertext[callers][count];
    for (int c = 0; c < callers; c++) {
      for (int i = 0; i < count; i++) {
        long[] f = rnd.longs(16, 0, 16).toArray();
        in[c][i] = ck.encrypt(rnd.nextLong(16));
        luts[c][i] = LookupTables.forFunction(P4, x -> f[(int) x]);
        LweCiphertext out = LweCiphertext.zeros(in[c][i].dimension());
        ProgrammableBootstrap.bootstrapInPlace(
            ek.bootstrapKey(),
            ek.keyswitchKey(),
            P4.modulusSwitch(),
            in[c][i],
            luts[c][i],
            out,
            BootstrapWorkspace.forKey(ek.bootstrapKey()));
        expected[c][i] = out;
      }
    }
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int caller = c;
        done.add(
            threads.submit(
                () -> {
                  for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < count; i++) {
                      assertThat(
                              ProgrammableBootstrap.bootstrapNew(
                                      ek.bootstrapKey(),
                                      ek.keyswitchKey(),
                                      P4.modulusSwitch(),
                                      in[caller][i],
                                      luts[caller][i])
                                  .data())
                          .as("caller %d round %d input %d alone (seed %d)", caller, round, i, seed)
                          .isEqualTo(expected[caller][i].data());
                    }
                    LweCiphertext[] batched =
                        ProgrammableBootstrap.parBootstrapNew(
                            ek.bootstrapKey(),
                            ek.keyswitchKey(),
                            P4.modulusSwitch(),
                            in[caller],
                            luts[caller],
                            TaskRunner.threads(2),
                            4);
                    for (int i = 0; i < count; i++) {
                      assertThat(batched[i].data())
                          .as(
                              "caller %d round %d input %d batched (seed %d)",
                              caller, round, i, seed)
                          .isEqualTo(expected[caller][i].data());
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static void assertBatchedEqualsOneAtATime(ParameterSet params, int count) {
    ClientKey ck = TestKeys.client(params);
    EvaluationKeys ek = TestKeys.evaluation(params);
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int p = (int) params.messageModulus();
    LweCiphertext[] in = new LweCiphertext[count];
    LookupTable[] luts = new LookupTable[count];
    long[] expected = new long[count];
    for (int i = 0; i < count; i++) {
      int m = rnd.nextInt(p);
      long[] f = rnd.longs(p, 0, p).toArray();
      in[i] = ck.encrypt(m);
      if (i == 1) {
        // two functions of a (p/2)-valued input: coefficient 0 of the rotation is the first one
        int half = p / 2;
        m = rnd.nextInt(half);
        in[i] = ck.encrypt(m);
        luts[i] = LookupTables.forFunctions(params, x -> f[(int) x], x -> f[(int) (half - 1 - x)]);
      } else {
        luts[i] = LookupTables.forFunction(params, x -> f[(int) x]);
      }
      expected[i] = f[m];
    }
    LweCiphertext[] single = new LweCiphertext[count];
    for (int i = 0; i < count; i++) {
      single[i] =
          ProgrammableBootstrap.bootstrapNew(
              ek.bootstrapKey(), ek.keyswitchKey(), params.modulusSwitch(), in[i], luts[i]);
      assertThat(ck.decrypt(single[i]))
          .as("%s input %d (seed %d)", params.id(), i, seed)
          .isEqualTo(expected[i]);
    }
    // {8, 1} runs a full batch of the default size; {8, 2} and {count, 3} cut the rest
    int[][] batchAndThreads = {{1, 2}, {3, 1}, {8, 1}, {8, 2}, {count, 3}};
    for (int[] bt : batchAndThreads) {
      LweCiphertext[] batched =
          ProgrammableBootstrap.parBootstrapNew(
              ek.bootstrapKey(),
              ek.keyswitchKey(),
              params.modulusSwitch(),
              in,
              luts,
              TaskRunner.threads(bt[1]),
              bt[0]);
      for (int i = 0; i < count; i++) {
        assertThat(batched[i].data())
            .as("%s batch %d threads %d input %d (seed %d)", params.id(), bt[0], bt[1], i, seed)
            .isEqualTo(single[i].data());
      }
    }
    LweCiphertext[] oneTable =
        ProgrammableBootstrap.parBootstrapNew(
            ek.bootstrapKey(),
            ek.keyswitchKey(),
            params.modulusSwitch(),
            in,
            new LookupTable[] {luts[0]},
            TaskRunner.threads(1),
            3);
    for (int i = 0; i < count; i++) {
      assertThat(oneTable[i].data())
          .as("%s one table, input %d (seed %d)", params.id(), i, seed)
          .isEqualTo(
              ProgrammableBootstrap.bootstrapNew(
                      ek.bootstrapKey(), ek.keyswitchKey(), params.modulusSwitch(), in[i], luts[0])
                  .data());
    }
  }

  private static void assertRandomTables(ParameterSet params, int tables) {
    assertRandomTables(params, TestKeys.client(params), TestKeys.evaluation(params), tables);
  }

  private static void assertRandomTables(
      ParameterSet params, ClientKey ck, EvaluationKeys ek, int tables) {
    BootstrapWorkspace ws = BootstrapWorkspace.forKey(ek.bootstrapKey());
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int p = (int) params.messageModulus();
    long count = 0;
    double sumSq = 0;
    long t0 = System.nanoTime();
    for (int t = 0; t < tables; t++) {
      long[] f = rnd.longs(p, 0, p).toArray();
      LookupTable lut = LookupTables.forFunction(params, x -> f[(int) x]);
      for (int m = 0; m < p; m++) {
        LweCiphertext in = ck.encrypt(m);
        LweCiphertext out = LweCiphertext.zeros(in.dimension());
        ProgrammableBootstrap.bootstrapInPlace(
            ek.bootstrapKey(), ek.keyswitchKey(), params.modulusSwitch(), in, lut, out, ws);
        long phase = ck.decryptPhase(out);
        assertThat(MessageEncoding.decode(params, phase))
            .as("%s table %s message %d (seed %d)", params.id(), Arrays.toString(f), m, seed)
            .isEqualTo(f[m]);
        double e = MessageEncoding.noise(params, phase, f[m]);
        sumSq += e * e;
        count++;
      }
    }
    double ms = (System.nanoTime() - t0) / 1e6 / count;
    double variance = sumSq / count / 0x1p128;
    System.out.printf(
        "PBS %s: %d bootstraps, 0 wrong, %.1f ms each (incl. encrypt/decrypt, shared CPU); "
            + "measured KS-PBS output noise variance 2^%.2f (torus), Δ = 2^%d%n",
        params.id(),
        count,
        ms,
        Math.log(variance) / Math.log(2),
        Long.numberOfTrailingZeros(params.delta()) - 64);
    // The published p_fail needs the noise far below Δ/2; require at least 4 standard deviations.
    assertThat(Math.sqrt(variance))
        .isLessThan(Math.scalb(1.0, Long.numberOfTrailingZeros(params.delta()) - 64 - 1) / 4);
  }
}
