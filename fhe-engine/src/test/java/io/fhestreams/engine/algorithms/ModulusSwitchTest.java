package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.entities.LweCiphertext;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.ModulusSwitchKind;
import io.fhestreams.engine.params.PolynomialSize;
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
}
