package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.MessageEncoding;
import io.fhestreams.engine.keys.MultiBitEvaluationKeys;
import io.fhestreams.engine.params.MultiBitParameterSet;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-bit KS-PBS of every multi-bit set against the clear lookup: random tables over every
 * message (seeded, the seed printed), each input bootstrapped on one thread and with the two-thread
 * option, which must agree bit for bit; 0 wrong results. Keys are generated per set and dropped
 * after (the Fourier keys take 118–320 MB).
 */
class MultiBitBootstrapTest {
  static Stream<MultiBitParameterSet> sets() {
    return ParameterSets.multiBit().stream();
  }

  @ParameterizedTest
  @MethodSource("sets")
  void shouldMatchTheClearLookupOnOneAndTwoThreads(MultiBitParameterSet set) {
    ParameterSet params = set.parameters();
    ClientKey ck = ClientKey.generate(params);
    long t0 = System.nanoTime();
    MultiBitEvaluationKeys ek = ck.generateMultiBitEvaluationKeys(set);
    System.out.printf("keygen %s: %.1f s%n", set.id(), (System.nanoTime() - t0) / 1e9);
    long seed = new SplittableRandom().nextLong();
    SplittableRandom rnd = new SplittableRandom(seed);
    int p = (int) params.messageModulus();
    int tables = Math.max(1, 32 / p);
    MultiBitWorkspace ws = new MultiBitWorkspace(ek.bootstrapKey());
    try (MultiBitBlindRotation.PreparationThread helper =
        new MultiBitBlindRotation.PreparationThread()) {
      for (int t = 0; t < tables; t++) {
        long[] f = rnd.longs(p, 0, p).toArray();
        LookupTable lut = LookupTables.forFunction(params, x -> f[(int) x]);
        for (int m = 0; m < p; m++) {
          LweCiphertext in = ck.encrypt(m);
          LweCiphertext one = LweCiphertext.zeros(in.dimension());
          LweCiphertext two = LweCiphertext.zeros(in.dimension());
          MultiBitBootstrap.bootstrapInPlace(
              ek.bootstrapKey(), ek.keyswitchKey(), in, lut, one, ws);
          MultiBitBootstrap.bootstrapInPlace(
              ek.bootstrapKey(), ek.keyswitchKey(), in, lut, two, ws, helper);
          String what =
              String.format(
                  "%s table %s message %d (seed %d)", set.id(), Arrays.toString(f), m, seed);
          assertThat(MessageEncoding.decode(params, ck.decryptPhase(one))).as(what).isEqualTo(f[m]);
          assertThat(two.data()).as("two threads, " + what).isEqualTo(one.data());
        }
      }
    }
    System.out.printf(
        "multi-bit PBS %s: %d inputs × 2, 0 wrong (seed %d)%n", set.id(), tables * p, seed);
  }
}
