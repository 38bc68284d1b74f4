package io.fhestreams.ml.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fhestreams.ml.quantization.NBits;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BitSearchTest {
  private static final long SEED = 0x5eed1919L;

  @ParameterizedTest(name = "{0} calibration rows: {1} held out, {2} scored")
  @CsvSource({
    "39, 39, 39", // too few to split: all calibrate and score
    "124, 31, 124", // fewer than 100 held out: all scored
    "400, 100, 100"
  })
  void rowsHeldOutAndScored(int calibration, int heldOut, int scored) {
    SplittableRandom random = new SplittableRandom(SEED);
    BitSearch search =
        new BitSearch(
            QuantizedNetTest.net(NetActivation.RELU, random),
            QuantizedNetTest.rows(calibration, random),
            circuit -> true);
    assertThat(search.heldOutRows()).isEqualTo(heldOut);
    assertThat(search.scoredRows()).isEqualTo(scored);
  }

  @Test
  void fewerThan100HeldOutRows_areScoredWithAllCalibrationRows() {
    SplittableRandom random = new SplittableRandom(SEED);
    NeuralNet net = QuantizedNetTest.net(NetActivation.RELU, random);
    double[][] calibration = QuantizedNetTest.rows(124, random);
    BitSearch search = new BitSearch(net, calibration, circuit -> true);

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

  /**
   * McNemar's test on 314 rows (the digits nets' held-out count): one row more in agreement does
   * not outrank a lower score error, six rows more (all discordant rows on one side) do; at equal
   * agreement counts but different rows, the error decides.
   */
  @ParameterizedTest(name = "{0} and {1} rows only one agrees on")
  @CsvSource({
    "1, 0, false",
    "2, 0, false",
    "5, 0, false",
    "6, 0, true",
    "10, 1, true",
    "7, 3, false"
  })
  void agreement_outranksTheScoreErrorOnlyWhenSignificant(
      int onlyMore, int onlyOther, boolean more) {
    int rows = 314;
    BitSet common = new BitSet(rows);
    common.set(0, rows - onlyMore - onlyOther);
    BitSet moreAgreeing = (BitSet) common.clone();
    moreAgreeing.set(rows - onlyMore - onlyOther, rows - onlyOther);
    BitSet otherAgreeing = (BitSet) common.clone();
    otherAgreeing.set(rows - onlyOther, rows);
    // the setting agreeing on more rows has the larger score error
    BitSearch.Scored agreesMore = scored(moreAgreeing, rows, 2.0);
    BitSearch.Scored lowerError = scored(otherAgreeing, rows, 1.0);

    assertThat(agreesMore.significantlyDifferentAgreement(lowerError)).isEqualTo(more);
    assertThat(agreesMore.betterThan(lowerError)).isEqualTo(more);
    assertThat(lowerError.betterThan(agreesMore)).isEqualTo(!more);
  }

  private static BitSearch.Scored scored(BitSet agreeing, int rows, double scoreError) {
    return new BitSearch.Scored(
        NetQuantization.uniform(new NBits(3), 6),
        agreeing.cardinality() / (double) rows,
        agreeing,
        scoreError,
        96,
        0,
        null);
  }
}
