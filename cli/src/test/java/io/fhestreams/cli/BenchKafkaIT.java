package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.FIXTURES;
import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fhe bench --kafka} on the small XGBoost fixture (12 bootstraps a sample): through the
 * in-process broker, registry and streams app with 2 stream threads (a client on each), a burst and
 * a steady phase, every request answered once and exactly. Its FIGURES lines are CI-sized, not the
 * figures of streams-app/README.md.
 */
class BenchKafkaIT {

  @Test
  void shouldAnswerEveryRequestOnceAndExactlyWithAClientOnEachStreamThread(@TempDir Path tmp) {
    Path model = tmp.resolve("xgb-small");
    CliFixtures.Run compile =
        fhe(
            "compile",
            "--model",
            FIXTURES.resolve("trees/breast_cancer_xgb_small.json").toString(),
            "--calibration",
            FIXTURES.resolve("breast_cancer_train.csv").toString(),
            "--out",
            model.toString());
    assertThat(compile.exitCode()).as(compile.err()).isZero();

    CliFixtures.Run run =
        fhe(
            "bench",
            "--model",
            model.toString(),
            "--input",
            FIXTURES.resolve("breast_cancer_test.csv").toString(),
            "--samples",
            "2",
            "--kafka",
            "--stream-threads",
            "2",
            "--steady-samples",
            "1",
            "--steady-fraction",
            "0.8",
            "--work-dir",
            tmp.resolve("run").toString());
    System.out.print(run.out());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    String figures =
        "FIGURES .*, 2 stream thread\\(s\\), %s.*, %d records: \\d+\\.\\d+ records/s, latency p50 \\d+\\.\\d ms, "
            + "p99 \\d+\\.\\d ms, app CPU \\d+\\.\\d+ ms/record";
    // every record costs the app some CPU, wherever its evaluation ran
    java.util.regex.Matcher cpu =
        java.util.regex.Pattern.compile("app CPU (\\d+\\.\\d+) ms/record").matcher(run.out());
    while (cpu.find()) {
      assertThat(Double.parseDouble(cpu.group(1))).as(cpu.group()).isPositive();
    }
    assertThat(run.out())
        .containsPattern(String.format(figures, "burst", 2))
        .containsPattern(String.format(figures, "steady at \\d+\\.\\d+/s", 1))
        .containsPattern("2 stream thread\\(s\\), \\d+ worker\\(s\\), 2 client\\(s\\)")
        // one warm-up request per client, then two burst requests and one steady
        .contains("(read_committed): 5 sent, 0 lost, 0 duplicated");
  }
}
