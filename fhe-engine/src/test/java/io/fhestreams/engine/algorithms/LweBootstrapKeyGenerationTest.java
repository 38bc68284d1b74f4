package io.fhestreams.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.engine.entities.FourierLweBootstrapKey;
import io.fhestreams.engine.entities.GgswCiphertext;
import io.fhestreams.engine.entities.LweBootstrapKey;
import io.fhestreams.engine.math.CacheAligned;
import io.fhestreams.engine.math.NegacyclicFft;
import io.fhestreams.engine.params.DecompositionBaseLog;
import io.fhestreams.engine.params.DecompositionLevelCount;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.LweDimension;
import io.fhestreams.engine.params.PolynomialSize;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LweBootstrapKeyGenerationTest {
  private static final GlweDimension K = new GlweDimension(2);
  private static final PolynomialSize N = new PolynomialSize(64);
  private static final DecompositionBaseLog BASE_LOG = new DecompositionBaseLog(8);
  private static final DecompositionLevelCount LEVELS = new DecompositionLevelCount(2);

  private static LweBootstrapKey randomKey(int ggsws, SplittableRandom rnd) {
    long[] data = rnd.longs((long) ggsws * GgswCiphertext.sizeOf(K, N, LEVELS)).toArray();
    return new LweBootstrapKey(data, new LweDimension(ggsws), K, N, BASE_LOG, LEVELS);
  }

  /**
   * Every polynomial of the converted key is the transform of the standard key's polynomial, at the
   * key's aligned offset; a key converted GGSW by GGSW (as a decoder does) is the same key.
   */
  @Test
  void convertedKeyShouldHoldEachPolynomialsTransformPieceByPieceOrWhole() {
    long seed = new SplittableRandom().nextLong();
    System.out.println("LweBootstrapKeyGenerationTest seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    int ggsws = 5;
    LweBootstrapKey key = randomKey(ggsws, rnd);
    FourierLweBootstrapKey whole = LweBootstrapKeyGeneration.convertToFourierNew(key);
    assertThat(whole.offset()).isEqualTo(CacheAligned.START);
    int ggswSize = whole.ggswSize();
    assertThat(whole.data().length).isGreaterThanOrEqualTo(whole.offset() + ggsws * ggswSize);
    NegacyclicFft fft = NegacyclicFft.of(N);
    double[] expected = new double[N.value()];
    for (int p = 0; p < ggsws * ggswSize; p += N.value()) {
      fft.forward(key.data(), p, expected, 0, fft.newScratch());
      assertThat(
              Arrays.copyOfRange(whole.data(), whole.offset() + p, whole.offset() + p + N.value()))
          .as("polynomial at %d (seed %d)", p, seed)
          .isEqualTo(expected);
    }
    FourierLweBootstrapKey pieces = FourierLweBootstrapKey.zeros(new LweDimension(ggsws), key);
    for (int i = ggsws - 1; i >= 0; i--) {
      long[] one = Arrays.copyOfRange(key.data(), i * ggswSize, (i + 1) * ggswSize);
      LweBootstrapKeyGeneration.convertToFourier(
          new LweBootstrapKey(one, new LweDimension(1), K, N, BASE_LOG, LEVELS), pieces, i);
    }
    assertThat(pieces.data()).as("seed %d", seed).isEqualTo(whole.data());
  }

  @Test
  void convertingPastTheLastGgsw_failsNamingTheRange() {
    LweBootstrapKey two = randomKey(2, new SplittableRandom(1));
    FourierLweBootstrapKey out = FourierLweBootstrapKey.zeros(new LweDimension(3), two);
    assertThatThrownBy(() -> LweBootstrapKeyGeneration.convertToFourier(two, out, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GGSW 2 to 3 outside the FourierLweBootstrapKey's 0 to 2");
    assertThatThrownBy(() -> LweBootstrapKeyGeneration.convertToFourier(two, out, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GGSW -1 to 0 outside the FourierLweBootstrapKey's 0 to 2");
  }

  @Test
  void convertingIntoAKeyOfAnotherShape_failsNamingBoth() {
    LweBootstrapKey key = randomKey(1, new SplittableRandom(2));
    FourierLweBootstrapKey other =
        FourierLweBootstrapKey.zeros(
            new LweDimension(1), K, new PolynomialSize(128), BASE_LOG, LEVELS);
    assertThatThrownBy(() -> LweBootstrapKeyGeneration.convertToFourier(key, other, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Mismatched PolynomialSize")
        .hasMessageContaining("128")
        .hasMessageContaining("64");
  }
}
