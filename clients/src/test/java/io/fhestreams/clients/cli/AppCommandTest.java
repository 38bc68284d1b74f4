package io.fhestreams.clients.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AppCommandTest {

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
  void shouldPrintHelpNamingTheConfigurationKeys() {
    assertThat(run("app", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: fhe app").contains("--config=FILE").contains("registry.url");
  }

  @Test
  void missingConfigFile_failsWithOneLineNamingIt() {
    assertThat(run("app", "--config", dir.resolve("nope.properties").toString())).isNotZero();
    assertThat(err.toString().strip()).startsWith("fhe app: ").contains("nope.properties").hasLineCount(1);
  }

  @Test
  void registryBackendWithoutUrl_failsWithOneLineNamingTheKey() throws Exception {
    Path config = Files.writeString(dir.resolve("app.properties"), "app.backend=registry\n");
    assertThat(run("app", "--config", config.toString())).isNotZero();
    assertThat(err.toString().strip()).startsWith("fhe app: ").contains("registry.url").hasLineCount(1);
  }

  @Test
  void missingOption_failsWithUsage() {
    assertThat(run("app")).isNotZero();
    assertThat(err.toString()).contains("--config");
  }
}
