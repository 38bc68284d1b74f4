package io.fhestreams.ml.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class PostProcessingTest {

  @Test
  void shouldExpandABinarySigmoidScoreIntoTwoProbabilities() {
    PostProcessing p = new PostProcessing(Activation.SIGMOID, new long[] {0, 1});
    Prediction pred = p.apply(new double[] {2.0});
    double s = 1 / (1 + Math.exp(-2.0));
    assertThat(pred.values()).containsExactly(new double[] {1 - s, s}, offset(1e-12));
    assertThat(pred.label()).isEqualTo(1);
    assertThat(pred.probabilities()).isTrue();
  }

  @Test
  void shouldPickTheClassOfTheLargestScore() {
    PostProcessing p = new PostProcessing(Activation.IDENTITY, new long[] {3, 5, 7});
    Prediction pred = p.apply(new double[] {-1, 4, 2});
    assertThat(pred.label()).isEqualTo(5);
    assertThat(pred.probabilities()).isFalse();
    assertThat(
            new PostProcessing(Activation.IDENTITY, new long[] {0, 1})
                .apply(new double[] {-0.5})
                .label())
        .isZero();
  }

  @Test
  void shouldNormalizeSoftmax() {
    Prediction pred =
        new PostProcessing(Activation.SOFTMAX, new long[] {0, 1, 2})
            .apply(new double[] {1000, 1001, 999});
    assertThat(pred.values()[0] + pred.values()[1] + pred.values()[2])
        .isCloseTo(1.0, offset(1e-12));
    assertThat(pred.label()).isEqualTo(1);
  }

  @Test
  void shouldApplyTheExpLinkOfARegressor() {
    Prediction pred = PostProcessing.regression(Activation.EXP).apply(new double[] {Math.log(3)});
    assertThat(pred.value()).isCloseTo(3.0, offset(1e-12));
    assertThat(pred.classifier()).isFalse();
  }

  @Test
  void mismatchedColumns_fail() {
    assertThatThrownBy(
            () ->
                new PostProcessing(Activation.SOFTMAX, new long[] {0, 1, 2})
                    .apply(new double[] {1, 2}))
        .hasMessageContaining("expected 3 columns, found 2");
  }
}
