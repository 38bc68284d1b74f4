package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.LookupTable;
import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.EvaluationKeys;
import io.fhestreams.engine.keys.MessageEncoding;
import io.fhestreams.engine.keys.TestKeys;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bootstraps random lookup tables over every message of every PBS parameter set and requires 0
 * wrong results: 1,024 (2-bit) + 1,024 (4-bit) + 128 (6-bit) + batch and many-LUT bootstraps.
 */
class ProgrammableBootstrapTest {
    private static final ParameterSet P2 = ParameterSets.MESSAGE_1_CARRY_1_TUNIFORM_2M64;
    private static final ParameterSet P4 = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
    private static final ParameterSet P6 = ParameterSets.MESSAGE_3_CARRY_3_TUNIFORM_2M64;

    @Test
    void shouldBootstrapRandomTablesOverAllMessages_2bit() {
        assertRandomTables(P2, 64);
    }

    @Test
    void shouldBootstrapRandomTablesOverAllMessages_4bit() {
        assertRandomTables(P4, 16);
    }

    @Test
    void shouldBootstrapRandomTablesOverAllMessages_6bit() {
        assertRandomTables(P6, 2);
    }

    private static void assertRandomTables(ParameterSet params, int tables) {
        ClientKey ck = TestKeys.client(params);
        EvaluationKeys ek = TestKeys.evaluation(params);
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
                ProgrammableBootstrap.bootstrapInPlace(ek.bootstrapKey(), ek.keyswitchKey(), params.modulusSwitch(),
                        in, lut, out, ws);
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
        System.out.printf("%s: %d bootstraps, 0 wrong, %.1f ms each (incl. encrypt/decrypt), "
                + "output noise std 2^%.2f (torus), Δ = 2^%d%n", params.id(), count, ms,
                Math.log(Math.sqrt(sumSq / count)) / Math.log(2) - 64, Long.numberOfTrailingZeros(params.delta()) - 64);
    }
}
