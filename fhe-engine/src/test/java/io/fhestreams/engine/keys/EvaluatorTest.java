package io.fhestreams.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The facade the compiler uses: leveled ops on the 24-bit set, then a small PBS circuit on the
 * 4-bit set.
 */
class EvaluatorTest {

  @Test
  void shouldEvaluateALinearModelExactlyOnTheLeveledSet() {
    ParameterSet p = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;
    ClientKey client = TestKeys.client(p);
    Evaluator server = new Evaluator(client.generateEvaluationKeys());
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int trial = 0; trial < 10; trial++) {
      long[] x = rnd.longs(30, -128, 128).toArray();
      long[] w = rnd.longs(30, -2000, 2000).toArray();
      long bias = rnd.nextLong(-100_000, 100_000);
      LweCiphertext[] cx = client.encrypt(x);
      LweCiphertext y = server.addClear(server.dot(cx, w), bias);
      long expected = bias;
      for (int i = 0; i < x.length; i++) {
        expected += x[i] * w[i];
      }
      assertThat(client.decrypt(y)).as("seed %d", seed).isEqualTo(expected);
      LweCiphertext z =
          server.sub(server.multiplyClear(server.negate(cx[0]), 3), server.add(cx[1], cx[2]));
      assertThat(client.decrypt(z)).isEqualTo(-3 * x[0] - (x[1] + x[2]));
    }
  }

  @Test
  void shouldApplyLookupTablesAfterLeveledOpsOnThe4BitSet() {
    ParameterSet p = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
    ClientKey client = TestKeys.client(p);
    Evaluator server = new Evaluator(TestKeys.evaluation(p));
    LookupTable relu = server.lookupTable(v -> v >= 8 ? 0 : v);
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        // 2a + b + 5 stays below 16 (the padding bit stays clear), then a lookup through a PBS
        LweCiphertext sum =
            server.addClear(
                server.add(server.multiplyClear(client.encrypt(a), 2), client.encrypt(b)), 5);
        long clear = 2 * a + b + 5;
        LweCiphertext out = server.bootstrap(sum, relu);
        assertThat(client.decrypt(out)).as("a=%d b=%d", a, b).isEqualTo(clear >= 8 ? 0 : clear);
      }
    }
    LweCiphertext[] batch = server.bootstrapAll(client.encrypt(new long[] {1, 2, 3, 9}), relu);
    assertThat(java.util.Arrays.stream(batch).mapToLong(client::decrypt).toArray())
        .containsExactly(1, 2, 3, 0);
  }

  @Test
  void bootstrapOnLeveledSet_fails() {
    ParameterSet p = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;
    Evaluator server = new Evaluator(EvaluationKeys.leveled(p));
    assertThatThrownBy(() -> server.lookupTable(x -> x))
        .hasMessageContaining("need a PBS parameter set");
    assertThatThrownBy(() -> server.bootstrap(server.trivial(1), null))
        .hasMessageContaining("is leveled");
  }
}
