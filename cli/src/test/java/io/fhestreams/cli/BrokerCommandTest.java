package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerCommandTest {

  @TempDir Path dir;

  @Test
  void help_shouldSayItIsNotForProduction() {
    CliFixtures.Run run = fhe("broker", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: fhe broker")
        .contains("--data-dir=DIR")
        .contains("--controller-port=PORT")
        .contains("NOT FOR PRODUCTION");
  }

  @Test
  void sameClientAndControllerPort_failsWithOneLine() {
    CliFixtures.Run run =
        fhe(
            "broker",
            "--data-dir",
            dir.toString(),
            "--port",
            "19092",
            "--controller-port",
            "19092");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip())
        .isEqualTo("fhe broker: --port and --controller-port must differ, both are 19092");
  }

  @Test
  void portOutOfRange_failsNamingIt() {
    CliFixtures.Run run = fhe("broker", "--data-dir", dir.toString(), "--port", "70000");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip()).isEqualTo("fhe broker: ports must be 1 to 65535, got 70000");
  }
}
