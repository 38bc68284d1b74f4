package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short chaos scenario of {@code fhe chaos}, as CI can afford it: {@code fhe broker}, {@code
 * fhe registry} and three {@code fhe app} processes from target/fhe.jar, 2,000 encrypted records of
 * the bundled logistic regression and 2 of the XGBoost ensemble, two SIGKILLs of an app instance
 * (each restarted) and a registry restart under load. Every request must be answered exactly once
 * and exactly, and no process may outlive the run. The full scenario is documented in
 * cli/README.md.
 */
class ChaosCommandIT {

  @Test
  void shouldAnswerEveryRequestOnceAndExactlyThroughKillsAndARegistryRestart(@TempDir Path tmp) {
    Path jar = Path.of("target/fhe.jar").toAbsolutePath();
    assertThat(jar).as("mvn package builds the jar the processes run").exists();
    long start = System.nanoTime();
    CliFixtures.Run run =
        fhe(
            "chaos",
            "--apps",
            "3",
            "--linear-records",
            "2000",
            "--linear-rate",
            "25",
            "--tree-records",
            "2",
            "--tree-clients",
            "1",
            "--kills",
            "2",
            "--registry-restarts",
            "1",
            "--first-fault",
            "15",
            "--fault-interval",
            "15",
            "--fhe-jar",
            jar.toString(),
            "--work-dir",
            tmp.resolve("chaos").toString());
    System.out.print(run.out());
    System.out.printf("ChaosCommandIT: scenario took %.1f s%n", (System.nanoTime() - start) / 1e9);

    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
        .as("no broker, registry or app process outlives the run")
        .isEmpty();
    assertThat(run.exitCode()).as(run.out() + run.err() + logs(tmp)).isZero();
    assertThat(run.out())
        .contains(
            "records: 2000 linear + 2 tree sent, 2002 answered; "
                + "lost 0, duplicated 0, mismatched 0, dead-lettered 0")
        .containsPattern("latency linear: p50 \\d+ ms, p99 \\d+ ms; tree: p50 \\d+ ms")
        .contains("RESULT: OK")
        .doesNotContain("problem:");
    assertThat(count(run.out(), "APP_KILL \\(app-\\d\\), restored")).isEqualTo(2);
    assertThat(count(run.out(), "REGISTRY_RESTART \\(registry\\), restored")).isEqualTo(1);
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The processes' logs, to explain a failure. */
  private static String logs(Path tmp) {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(tmp.resolve("chaos").resolve("logs"))) {
      for (Path f : files.toList()) {
        String text = Files.readString(f);
        all.append("\n--- ").append(f.getFileName()).append(" (last 3000 chars)\n");
        all.append(text, Math.max(0, text.length() - 3000), text.length());
      }
    } catch (Exception e) {
      all.append("\n(no logs: ").append(e).append(')');
    }
    return all.toString();
  }
}
