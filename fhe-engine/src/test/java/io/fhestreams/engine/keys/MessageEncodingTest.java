package io.fhestreams.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import org.junit.jupiter.api.Test;

class MessageEncodingTest {

  @Test
  void shouldDecodePbsPhasesWithinHalfDeltaAndIgnoreNothingElse() {
    ParameterSet p = ParameterSets.MESSAGE_2_CARRY_2_TUNIFORM_2M64;
    long delta = p.delta();
    for (long m = 0; m < 16; m++) {
      long pt = MessageEncoding.encode(p, m);
      assertThat(pt).isEqualTo(m << 59);
      assertThat(MessageEncoding.decode(p, pt + delta / 2 - 1)).isEqualTo(m);
      assertThat(MessageEncoding.decode(p, pt - delta / 2)).isEqualTo(m);
    }
    // a slightly negative phase decodes to 0
    assertThat(MessageEncoding.decode(p, -5)).isZero();
  }

  @Test
  void shouldDecodeLeveledPhasesAsSignedIntegers() {
    ParameterSet p = ParameterSets.LEVELED_INT24_K1_N2048_TUNIFORM17;
    for (long m : new long[] {-(1 << 23), -1, 0, 1, (1 << 23) - 1}) {
      assertThat(MessageEncoding.decode(p, MessageEncoding.encode(p, m) + (1L << 38))).isEqualTo(m);
    }
  }
}
