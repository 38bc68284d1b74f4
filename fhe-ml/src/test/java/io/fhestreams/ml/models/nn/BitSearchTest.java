package io.fhestreams.ml.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fhestreams.ml.quantization.NBits;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitSearchTest {
  private static final long SEED = 0x5eed1919L;

  /** A random 5 -> 8 -> 3 ReLU net. */
  private static NeuralNet net(SplittableRandom random) {
    return new NeuralNet(
        "t",
        5,
        List.of(
            dense(5, 8, random),
            new NetLayer.Elementwise(NetActivation.RELU, 8, "act"),
            dense(8, 3, random)));
  }

  private static NetLayer.Dense dense(int in, int out, SplittableRandom random) {
    double[] w = new double[in * out];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextDouble(-1, 1);
    }
    return new NetLayer.Dense(in, out, w, new double[out], "dense");
  }

  private static double[][] rows(int n, SplittableRandom random) {
    double[][] x = new double[n][5];
    for (double[] r : x) {
      for (int j = 0; j < r.length; j++) {
        r[j] = random.nextDouble(-3, 3);
      }
    }
    return x;
  }

  @Test
  void fewerThan100HeldOutRows_areScoredWithAllCalibrationRows() {
    SplittableRandom random = new SplittableRandom(SEED);
    NeuralNet net = net(random);
    double[][] calibration = rows(124, random);
    BitSearch search = new BitSearch(net, calibration, circuit -> true);
    assertThat(search.heldOutRows()).isEqualTo(31);
    assertThat(search.scoredRows()).isEqualTo(124);

    // 2 bits: coarse enough that some rows disagree, so the counts below are not trivially 1 and 0
    BitSearch.Scored s =
        search.score(NetQuantization.uniform(new NBits(2), 6).withMaxAccumulatorBits(12)).get();
    int agree = 0;
    double error = 0;
    for (double[] x : calibration) {
      double[] real = net.scores(x);
      double[] quantized = s.quantized().clearScores(x);
      agree += BitSearch.argMax(quantized) == BitSearch.argMax(real) ? 1 : 0;
      for (int k = 0; k < real.length; k++) {
        error += (quantized[k] - real[k]) * (quantized[k] - real[k]);
      }
    }
    System.out.printf(
        "seed %#x: agreement %d of 124, score error %.4f%n", SEED, agree, error / 124);
    assertThat(agree).as("seed %#x", SEED).isLessThan(124);
    assertThat(s.agreement()).as("seed %#x", SEED).isEqualTo(agree / 124.0);
    assertThat(s.scoreError()).as("seed %#x", SEED).isCloseTo(error / 124, within(1e-9));
  }

  @Test
  void atLeast100HeldOutRows_scoreOnlyThose() {
    SplittableRandom random = new SplittableRandom(SEED);
    BitSearch search = new BitSearch(net(random), rows(400, random), circuit -> true);
    assertThat(search.heldOutRows()).isEqualTo(100);
    assertThat(search.scoredRows()).isEqualTo(100);
  }

  @Test
  void fewerThan40CalibrationRows_allCalibrateAndScore() {
    SplittableRandom random = new SplittableRandom(SEED);
    BitSearch search = new BitSearch(net(random), rows(39, random), circuit -> true);
    assertThat(search.heldOutRows()).isEqualTo(39);
    assertThat(search.scoredRows()).isEqualTo(39);
  }
}
