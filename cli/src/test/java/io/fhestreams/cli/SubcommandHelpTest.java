package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubcommandHelpTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "compile", "inspect", "predict", "demo", "keygen", "publish", "send", "watch", "bench",
        "topics"
      })
  void everyCommandShouldPrintItsUsageWithHelp(String command) {
    CliFixtures.Run run = fhe(command, "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: fhe " + command);
  }

  @ParameterizedTest
  @ValueSource(strings = {"keygen", "publish", "send", "watch", "bench", "topics"})
  void missingRequiredOptions_failWithNonZeroExitAndNameThem(String command) {
    CliFixtures.Run run = fhe(command);
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("Missing required option");
  }
}
