package io.fhestreams.engine.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TorusTest {

  @Test
  void shouldWrapRoundLargeDoublesModulo2To64() {
    assertThat(Torus.wrapRound(0x1p64 + 5.0 * 0x1p20)).isEqualTo(5L << 20);
    assertThat(Torus.wrapRound(-3.4)).isEqualTo(-3L);
    assertThat(Torus.wrapRound(2.6)).isEqualTo(3L);
    assertThat(Torus.wrapRound(0x1p63 * 3)).isEqualTo(Long.MIN_VALUE);
    assertThat(Torus.wrapRound(0x1p90 + 0x1p40)).isEqualTo(1L << 40);
  }

  @Test
  void shouldReadTorusValuesAsSignedReals() {
    assertThat(Torus.toSignedReal(1L << 62)).isEqualTo(0.25);
    assertThat(Torus.toSignedReal(Long.MIN_VALUE)).isEqualTo(-0.5);
    assertThat(Torus.toSignedReal(Torus.fromReal(-0.125))).isEqualTo(-0.125);
    assertThat(Torus.fromReal(1.25)).isEqualTo(1L << 62);
  }

  @Test
  void shouldRoundToTopBits() {
    assertThat(Torus.roundToBits(3L << 60, 4)).isEqualTo(3);
    assertThat(Torus.roundToBits((3L << 60) + (1L << 59), 4)).isEqualTo(4);
    assertThat(Torus.roundToBits(-1L, 4)).isEqualTo(0);
    assertThat(Torus.roundToBits(Torus.fromReal(0.25), 2)).isEqualTo(1);
  }
}
