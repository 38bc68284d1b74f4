package io.fhestreams.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.cli.FheCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fhe demo} end to end, as a user runs it: broker, registry and app in process. */
class EndToEndDemoIT {

  @Test
  void demoShouldScoreEveryRecordExactlyAndPrintItsFigures(@TempDir Path tmp) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(tee);
      exit =
          FheCommand.commandLine()
              .execute(
                  "demo", "--records", "120", "--tree-records", "2", "--work-dir", tmp.toString());
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertThat(exit).as(out).isZero();
    assertThat(out)
        .contains("records scored through Kafka                 120")
        .contains("encrypted == clear-quantized                 120 / 120")
        .contains("model                                        " + EndToEndDemo.TREE_MODEL_NAME)
        .contains("records scored through Kafka                 2\n")
        .contains("encrypted == clear-quantized                 2 / 2")
        .containsPattern("evaluation keys \\(uploaded once\\) +\\d+\\.\\d MiB")
        .contains("OK: every decrypted prediction equals the clear-quantized model's.")
        .containsPattern("accuracy fp32 \\(clear, float\\) +\\d+\\.\\d\\d %")
        .containsPattern("accuracy encrypted \\(decrypted answers\\) +(9\\d|100)\\.\\d\\d %")
        .containsPattern("throughput +\\d+\\.\\d+ records/s")
        .containsPattern("end-to-end latency p50 / p99 +\\d+\\.\\d ms / \\d+\\.\\d ms");
  }

  @Test
  void percentileShouldUseTheNearestRank() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(EndToEndDemo.percentile(sorted, 0.5)).isEqualTo(5);
    assertThat(EndToEndDemo.percentile(sorted, 0.99)).isEqualTo(10);
    assertThat(EndToEndDemo.percentile(new double[] {42}, 0.99)).isEqualTo(42);
  }
}
