package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppCommandTest {

  @TempDir Path dir;

  @Test
  void shouldPrintHelpNamingTheConfigurationKeys() {
    CliFixtures.Run run = fhe("app", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: fhe app")
        .contains("--config=FILE")
        .contains("--instance-id=ID")
        .contains("registry.url");
  }

  @Test
  void missingConfigFile_failsWithOneLineNamingIt() {
    CliFixtures.Run run = fhe("app", "--config", dir.resolve("nope.properties").toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip())
        .startsWith("fhe app: ")
        .contains("nope.properties")
        .hasLineCount(1);
  }

  @Test
  void registryBackendWithoutUrl_failsWithOneLineNamingTheKey() throws Exception {
    Path config = Files.writeString(dir.resolve("app.properties"), "app.backend=registry\n");
    CliFixtures.Run run = fhe("app", "--config", config.toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip()).startsWith("fhe app: ").contains("registry.url").hasLineCount(1);
  }

  @Test
  void missingOption_failsWithUsage() {
    CliFixtures.Run run = fhe("app");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--config");
  }
}
