package io.fhestreams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FheCommandTest {

  @Test
  void shouldPrintUsageWithHelp() {
    CommandLine commandLine = FheCommand.commandLine();
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));

    int exitCode = commandLine.execute("--help");

    assertThat(exitCode).isZero();
    assertThat(out.toString()).contains("Usage: fhe").contains("Commands:");
  }

  @Test
  void unknownCommand_failsWithNonZeroExitAndNamesIt() {
    CommandLine commandLine = FheCommand.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));

    int exitCode = commandLine.execute("no-such-command");

    assertThat(exitCode).isNotZero();
    assertThat(err.toString()).contains("no-such-command");
  }
}
