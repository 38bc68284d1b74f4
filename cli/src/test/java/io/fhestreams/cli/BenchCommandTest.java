package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.FIXTURES;
import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @Test
  void shouldTimeEveryPhaseAndFindEveryDecryptionExact(@TempDir Path tmp) {
    Path model = CliFixtures.compile(tmp, "breast_cancer", "logistic");
    CliFixtures.Run run =
        fhe(
            "bench",
            "--model",
            model.toString(),
            "--input",
            FIXTURES.resolve("breast_cancer_test.csv").toString(),
            "--samples",
            "7");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("7 samples")
        .contains("encrypt")
        .contains("evaluate")
        .contains("decrypt")
        .contains("exact (vs clear)       7 / 7");
  }

  @Test
  void warmupSamples_runUntimedAndAreCheckedToo(@TempDir Path tmp) {
    Path model = CliFixtures.compile(tmp, "breast_cancer", "logistic");
    CliFixtures.Run run =
        fhe(
            "bench",
            "--model",
            model.toString(),
            "--input",
            FIXTURES.resolve("breast_cancer_test.csv").toString(),
            "--samples",
            "3",
            "--warmup-samples",
            "5");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("3 samples after 5 untimed")
        .contains("exact (vs clear)       8 / 8");
  }

  @Test
  void inputOfAnotherSchema_failsNamingBothSchemas(@TempDir Path tmp) {
    Path model = CliFixtures.compile(tmp, "breast_cancer", "logistic");
    CliFixtures.Run run =
        fhe(
            "bench",
            "--model",
            model.toString(),
            "--input",
            FIXTURES.resolve("iris_test.csv").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("do not match the model's input schema");
  }
}
