package io.fhestreams.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.registry.auth.TokenAuthenticator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RegistryCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = FheCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void shouldPrintHelp() {
    assertThat(run("registry", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: fhe registry").contains("--config=FILE").contains("--hash-token=TOKEN");
  }

  @Test
  void missingConfigFile_failsWithOneLineNamingIt() {
    assertThat(run("registry", "--config", dir.resolve("absent.yaml").toString())).isNotZero();
    assertThat(err.toString().strip()).startsWith("fhe registry: ").contains("absent.yaml").hasLineCount(1);
  }

  @Test
  void malformedConfig_failsWithOneLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "port: not-a-number\n");
    assertThat(run("registry", "--config", bad.toString())).isNotZero();
    assertThat(err.toString().strip()).startsWith("fhe registry: ").contains("bad.yaml").hasLineCount(1);
  }

  @Test
  void shouldHashATokenAsTheConfigurationExpects() {
    assertThat(run("registry", "--hash-token", "streams-app-token")).isZero();
    assertThat(out.toString().strip()).isEqualTo(TokenAuthenticator.hashToken("streams-app-token"))
        .isEqualTo("4e9dfff817932826a99feba787d313557d1c841ea2caa0dd6bb68e9251c7a73a");
  }
}
