package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ModulusSwitchKind;
import io.fhestreams.engine.params.PolynomialSize;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModulusSwitchTest {

    @Test
    void shouldRoundToNearestMultipleOf2To64Over2N() {
        // N = 1024: 2N = 2^11, grid step 2^53
        long[] data = {0, (1L << 53) - 1 - (1L << 51), (1L << 52), -1, Long.MIN_VALUE, -(1L << 52) - 1};
        int[] out = ModulusSwitch.switchNew(new LweCiphertext(data, new LweDimension(5)), new PolynomialSize(1024),
                ModulusSwitchKind.STANDARD);
        assertThat(out).containsExactly(0, 1, 1, 0, 1024, 2047);
    }

    /** From the 32-bit key-switch output: the same as switching the value scaled by 2^32 from 2^64. */
    @Test
    void shouldSwitchKeyTorusValuesAsTheirSixtyFourBitScaling() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int log2N : new int[] {9, 11, 13}) {
            int[] values = new int[2000];
            for (int i = 0; i < values.length; i++) {
                values[i] = i < 4 ? new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[i] : rnd.nextInt();
            }
            long[] scaled = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                scaled[i] = (long) values[i] << 32;
            }
            int[] expected = new int[values.length];
            ModulusSwitch.switchInto(scaled, 0, scaled.length, log2N + 1, ModulusSwitchKind.STANDARD, expected);
            ModulusSwitch.switchKeyTorusInPlace(values, values.length, log2N + 1, ModulusSwitchKind.STANDARD);
            assertThat(values).as("seed %d, N = 2^%d", seed, log2N).isEqualTo(expected);
        }
    }
}
