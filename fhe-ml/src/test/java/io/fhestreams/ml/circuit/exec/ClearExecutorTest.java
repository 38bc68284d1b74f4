package io.fhestreams.ml.circuit.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.ml.circuit.Circuit;
import io.fhestreams.ml.circuit.CircuitBuilder;
import io.fhestreams.ml.circuit.ValueRange;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClearExecutorTest {

  @Test
  void shouldComputeEveryOperationExactly() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 2, ValueRange.unsigned(4));
    int y = b.input("y", 2, ValueRange.unsigned(4));
    int s = b.add(x, y);
    int d = b.subtract(s, b.multiplyConstant(y, new long[] {2, 2}));
    int a = b.addConstant(d, new long[] {20, 20});
    int r = b.roundBits(a, 2);
    // a lies in [−10, 50] (interval analysis), r = ⌊a/4⌋ in [−3, 12]: the table holds k² from index
    // −3
    long[] squares = new long[16];
    for (int k = 0; k < squares.length; k++) {
      squares[k] = (long) (k - 3) * (k - 3);
    }
    int t = b.tableLookup(r, -3, squares);
    b.output(b.matMulConstant(t, 2, new long[] {1, 1, 3, -1}), "out");
    b.output(a, "a");
    Circuit c = b.build();
    SplittableRandom random = new SplittableRandom(99);
    for (int trial = 0; trial < 200; trial++) {
      long[] xs = {random.nextInt(16), random.nextInt(16)};
      long[] ys = {random.nextInt(16), random.nextInt(16)};
      long[] av = new long[2];
      long[] tv = new long[2];
      for (int i = 0; i < 2; i++) {
        av[i] = xs[i] + ys[i] - 2 * ys[i] + 20;
        long rounded = Math.floorDiv(av[i], 4);
        tv[i] = rounded * rounded;
      }
      List<long[]> out = ClearExecutor.evaluate(c, List.of(xs, ys));
      assertThat(out.get(0))
          .as("trial %d", trial)
          .containsExactly(tv[0] + tv[1], 3 * tv[0] - tv[1]);
      assertThat(out.get(1)).as("trial %d", trial).containsExactly(av);
    }
  }

  @Test
  void inputOutsideItsRange_fails() {
    CircuitBuilder b = new CircuitBuilder();
    int x = b.input("x", 1, ValueRange.unsigned(4));
    b.output(x, "x");
    Circuit c = b.build();
    assertThatThrownBy(() -> ClearExecutor.evaluate(c, List.of(new long[] {16})))
        .hasMessageContaining("value 16 is outside the declared range [0, 15]");
    assertThatThrownBy(() -> ClearExecutor.evaluate(c, List.of(new long[] {1, 2})))
        .hasMessageContaining("expected 1 values, found 2");
    assertThatThrownBy(() -> ClearExecutor.evaluate(c, List.of()))
        .hasMessageContaining("expected 1 tensors, found 0");
  }
}
