package io.fhestreams.ml.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CircuitBuilderTest {

  @Test
  void shouldInferRangesAndBitWidthsFromConstants() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 3, ValueRange.unsigned(8));
    int dot = b.matMulConstant(x, 2, new long[] {1, -2, 3, 0, 0, 127});
    int shifted = b.addConstant(dot, new long[] {-10, 5});
    b.output(shifted, "y");
    Circuit c = b.build();
    assertThat(c.node(dot).range())
        .as("union of the rows' ranges")
        .isEqualTo(new ValueRange(-510, 32385));
    assertThat(c.node(shifted).range()).isEqualTo(new ValueRange(-520, 32390));
    assertThat(c.node(shifted).bitWidth()).isEqualTo(16);
    assertThat(c.inputElements()).isEqualTo(3);
    assertThat(c.outputElements()).isEqualTo(2);
    assertThat(c.bootstrapCount()).isZero();
  }

  @Test
  void shouldInferTheRangeOfALookupFromTheValuesItReads() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 2, new ValueRange(0, 3));
    int t = b.tableLookup(x, 0, new long[] {5, 9, 7, 6, 100});
    b.output(t, "y");
    Circuit c = b.build();
    assertThat(c.node(t).range()).as("entry 100 is unreachable").isEqualTo(new ValueRange(5, 9));
    assertThat(c.bootstrapCount()).isEqualTo(2);
  }

  @Test
  void shouldComputeSignedBitWidths() {
    assertThat(new ValueRange(-128, 127).bitWidth()).isEqualTo(8);
    assertThat(new ValueRange(-129, 0).bitWidth()).isEqualTo(9);
    assertThat(new ValueRange(0, 255).bitWidth()).isEqualTo(8);
    assertThat(new ValueRange(-1, 128).bitWidth()).isEqualTo(9);
  }

  @Test
  void badShapes_failNamingTheNode() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 3, ValueRange.unsigned(4));
    int y = b.input("y", 2, ValueRange.unsigned(4));
    assertThatThrownBy(() -> b.add(x, y))
        .hasMessageContaining("#0 input 'x' has 3")
        .hasMessageContaining("#1 input 'y' has 2");
    assertThatThrownBy(() -> b.addConstant(x, new long[2]))
        .hasMessageContaining("expected 3 constants, found 2");
    assertThatThrownBy(() -> b.matMulConstant(x, 2, new long[5]))
        .hasMessageContaining("expected 6 entries, found 5");
    assertThatThrownBy(() -> b.tableLookup(x, 0, new long[8]))
        .hasMessageContaining("table covers [0, 7]");
    assertThatThrownBy(() -> b.add(x, 9)).hasMessageContaining("operand #9 does not exist");
    int r = b.roundBits(y, 2);
    assertThatThrownBy(() -> b.remainder(x, r))
        .hasMessageContaining("remainder of #0: expected a rounding of #0 as second operand")
        .hasMessageContaining("#2 round_bits");
    assertThat(b.range(b.remainder(y, r))).isEqualTo(new ValueRange(0, 3));
    assertThatThrownBy(() -> new CircuitBuilder().build())
        .hasMessageContaining("at least one input and one output");
  }

  /**
   * A compare-swap holds 2n elements in the union of its operands' ranges (min and max are exact);
   * its split difference's shift is a multiple of 2^lowBits; a remainder keeps [0, min(max a,
   * 2^bits − 1)] for an unsigned operand, [0, 2^bits − 1] for a signed one.
   */
  @Test
  void compareSwapAndRemainder_inferTheirRanges() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 3, new ValueRange(2, 40));
    int y = b.input("y", 3, new ValueRange(5, 30));
    int s = b.compareSwap(x, y, 3);
    assertThat(b.range(s)).isEqualTo(new ValueRange(2, 40));
    Operation.CompareSwap op = new Operation.CompareSwap(x, y, 3);
    // s = 30 − 2 = 28 rounded up to 32; u = a − b + 32 ∈ [0, 40 − 5 + 32 = 67]: 7 bits
    assertThat(op.shift(new ValueRange(2, 40), new ValueRange(5, 30))).isEqualTo(32);
    assertThat(op.differenceWidth(new ValueRange(2, 40), new ValueRange(5, 30))).isEqualTo(7);
    assertThat(op.bootstraps(6)).isEqualTo(15);
    assertThat(new Operation.CompareSwap(x, y, 0).bootstraps(6)).isEqualTo(3);
    assertThat(b.range(b.remainder(x, b.roundBits(x, 3)))).isEqualTo(new ValueRange(0, 7));
    assertThat(b.range(b.remainder(x, b.roundBits(x, 8)))).isEqualTo(new ValueRange(0, 40));
    int signed = b.addConstant(x, new long[] {-5, -5, -5});
    assertThat(b.range(b.remainder(signed, b.roundBits(signed, 2))))
        .isEqualTo(new ValueRange(0, 3));
    b.output(s, "swapped");
    assertThat(b.build().node(s).size()).isEqualTo(6);
  }
}
