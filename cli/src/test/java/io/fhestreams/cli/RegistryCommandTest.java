package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.registry.auth.TokenAuthenticator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCommandTest {

  @TempDir Path dir;

  @Test
  void shouldPrintHelp() {
    CliFixtures.Run run = fhe("registry", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: fhe registry")
        .contains("--config=FILE")
        .contains("--hash-token=TOKEN");
  }

  @Test
  void missingConfigFile_failsWithOneLineNamingIt() {
    CliFixtures.Run run = fhe("registry", "--config", dir.resolve("absent.yaml").toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip())
        .startsWith("fhe registry: ")
        .contains("absent.yaml")
        .hasLineCount(1);
  }

  @Test
  void malformedConfig_failsWithOneLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "port: not-a-number\n");
    CliFixtures.Run run = fhe("registry", "--config", bad.toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip()).startsWith("fhe registry: ").contains("bad.yaml").hasLineCount(1);
  }

  @Test
  void shouldHashATokenAsTheConfigurationExpects() {
    CliFixtures.Run run = fhe("registry", "--hash-token", "streams-app-token");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip())
        .isEqualTo(TokenAuthenticator.hashToken("streams-app-token"))
        .isEqualTo("4e9dfff817932826a99feba787d313557d1c841ea2caa0dd6bb68e9251c7a73a");
  }
}
