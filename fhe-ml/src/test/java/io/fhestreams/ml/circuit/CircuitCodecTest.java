package io.fhestreams.ml.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CircuitCodecTest {

  static Circuit everyOperation() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 2, ValueRange.unsigned(4));
    int y = b.input("y", 2, ValueRange.unsigned(4));
    int s = b.add(x, y);
    int d = b.subtract(s, y);
    int m = b.multiplyConstant(d, new long[] {3, -1});
    int a = b.addConstant(m, new long[] {20, 20});
    int r = b.roundBits(a, 2);
    // interval analysis loses the correlation of x + y − y: r = ⌊a/4⌋ lies in [−7, 27]
    long[] squares = new long[35];
    for (int k = 0; k < squares.length; k++) {
      squares[k] = (long) (k - 7) * (k - 7);
    }
    int t = b.tableLookup(r, -7, squares);
    int mm = b.matMulConstant(b.max(t, x), 1, new long[] {1, 1});
    b.output(mm, "sum");
    b.output(b.compareSwap(x, y, 2), "swapped");
    b.output(b.compareSwap(x, y, 0), "swapped whole");
    b.output(b.remainder(a, r), "low bits");
    return b.build();
  }

  @Test
  void shouldRoundTripEveryOperation() throws IOException {
    Circuit c = everyOperation();
    assertThat(read(write(c))).isEqualTo(c);
  }

  @Test
  void tamperedBody_failsNamingTheNode() throws IOException {
    byte[] bytes = write(everyOperation());
    // node #2 (add) starts after the count and the two inputs (tag 1, label 3, size 4, range 16
    // bytes
    // each): make its right operand (tag 1, left 4, right 4 bytes) point forward
    byte[] tampered = bytes.clone();
    int addTag = 4 + 24 + 24;
    assertThat(tampered[addTag]).isEqualTo((byte) 1);
    tampered[addTag + 8] = 9;
    assertThatThrownBy(() -> read(tampered))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("node #2");
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> read(truncated)).isInstanceOf(IOException.class);
  }

  /** A remainder whose bits differ from its rounding's is refused, naming the node. */
  @Test
  void remainderNotKeepingItsRoundingsBits_fails() throws IOException {
    byte[] bytes = write(everyOperation());
    // the last two nodes: remainder (tag 10, operand, rounding, bits: 13 bytes), output (tag 8,
    // operand 4, label "low bits" 2 + 8 bytes)
    int bitsAt = bytes.length - 15 - 4;
    assertThat(bytes[bitsAt - 9]).isEqualTo((byte) 10);
    assertThat(bytes[bitsAt + 3]).isEqualTo((byte) 2);
    byte[] tampered = bytes.clone();
    tampered[bitsAt + 3] = 3;
    assertThatThrownBy(() -> read(tampered))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("node #15")
        .hasMessageContaining("does not keep the bits its rounding drops");
  }

  private static byte[] write(Circuit c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CircuitCodec.write(c, new DataOutputStream(out));
    return out.toByteArray();
  }

  private static Circuit read(byte[] bytes) throws IOException {
    return CircuitCodec.read(new UntrustedInput(bytes));
  }
}
