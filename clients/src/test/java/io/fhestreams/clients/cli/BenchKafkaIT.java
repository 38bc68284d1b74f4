package io.fhestreams.clients.cli;

import static io.fhestreams.clients.cli.CliFixtures.FIXTURES;
import static io.fhestreams.clients.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fhe bench --kafka} on the small XGBoost fixture (12 bootstraps a sample): through the in-process
 * broker, registry and streams app with 1 and 2 stream threads, every request answered once and exactly.
 * Its FIGURES lines are CI-sized, not the figures of streams-app/README.md.
 */
class BenchKafkaIT {

  @Test
  void shouldAnswerEveryRequestOnceAndExactlyWithOneAndTwoStreamThreads(@TempDir Path tmp) {
    Path model = tmp.resolve("xgb-small");
    CliFixtures.Run compile = fhe("compile", "--model", FIXTURES.resolve("trees/breast_cancer_xgb_small.json").toString(),
        "--calibration", FIXTURES.resolve("breast_cancer_train.csv").toString(), "--out", model.toString());
    assertThat(compile.exitCode()).as(compile.err()).isZero();

    CliFixtures.Run run = fhe("bench", "--model", model.toString(), "--input",
        FIXTURES.resolve("breast_cancer_test.csv").toString(), "--samples", "2", "--kafka", "--stream-threads", "1,2",
        "--steady-fraction", "0.8", "--work-dir", tmp.resolve("run").toString());
    System.out.print(run.out());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    for (String threads : new String[] {"1 stream thread(s), burst", "1 stream thread(s), steady at ",
        "2 stream thread(s), burst", "2 stream thread(s), steady at "}) {
      assertThat(run.out()).containsPattern("FIGURES .*" + threads.replace("(", "\\(").replace(")", "\\)")
          + ".*2 records: \\d+\\.\\d+ records/s, latency p50 \\d+\\.\\d s, p99 \\d+\\.\\d s, app CPU \\d+\\.\\d+ s/record");
    }
    // one warm-up request per client, then two burst and two steady requests
    assertThat(run.out()).containsPattern("1 stream thread\\(s\\), \\d+ worker\\(s\\), 1 client\\(s\\)")
        .containsPattern("2 stream thread\\(s\\), \\d+ worker\\(s\\), 2 client\\(s\\)")
        .contains("(read_committed): 5 sent, 0 lost, 0 duplicated")
        .contains("(read_committed): 6 sent, 0 lost, 0 duplicated");
  }
}
