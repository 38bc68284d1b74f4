package io.fhestreams.ml.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AffineMapTest {

  @Test
  void shouldComposeLikeApplyingBothInTurn() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 50; trial++) {
      int a = 1 + random.nextInt(5);
      int b = 1 + random.nextInt(5);
      int c = 1 + random.nextInt(5);
      AffineMap f =
          new AffineMap(
              a, b, random.doubles(a * b, -3, 3).toArray(), random.doubles(b, -3, 3).toArray());
      AffineMap g =
          new AffineMap(
              b, c, random.doubles(b * c, -3, 3).toArray(), random.doubles(c, -3, 3).toArray());
      double[] x = random.doubles(a, -10, 10).toArray();
      assertThat(f.then(g).apply(x))
          .as("trial %d", trial)
          .containsExactly(g.apply(f.apply(x)), offset(1e-9));
    }
  }

  @Test
  void badShapes_fail() {
    assertThatThrownBy(() -> new AffineMap(2, 2, new double[3], new double[2]))
        .hasMessageContaining("2 x 2 = 4, found 3");
    assertThatThrownBy(() -> AffineMap.identity(2).then(AffineMap.identity(3)))
        .hasMessageContaining("2 outputs, next expects 3");
    assertThatThrownBy(() -> AffineMap.identity(2).apply(new double[3]))
        .hasMessageContaining("expected 2, found 3");
    assertThatThrownBy(() -> new AffineMap(1, 1, new double[] {Double.NaN}, new double[1]))
        .hasMessageContaining("finite");
  }
}
