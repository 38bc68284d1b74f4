package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChaosCommandTest {

  @Test
  void help_shouldNameTheFaultsAndTheChecks() {
    CliFixtures.Run run = fhe("chaos", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: fhe chaos")
        .contains("SIGKILL")
        .contains("--broker-restarts")
        .contains("--registry-outages")
        .contains("exactly one prediction");
  }

  @Test
  void fewerPartitionsThanApps_failsBeforeStartingAnything() {
    CliFixtures.Run run = fhe("chaos", "--apps", "3", "--partitions", "2");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip()).isEqualTo("fhe chaos: partitions must be at least 3, got 2");
  }

  @Test
  void negativeFaultInterval_failsNamingIt() {
    CliFixtures.Run run = fhe("chaos", "--fault-interval", "-5");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip()).isEqualTo("fhe chaos: times must not be negative, got PT-5S");
  }

  @Test
  void treeRecordsWithoutTreeClients_fails() {
    CliFixtures.Run run = fhe("chaos", "--tree-records", "3", "--tree-clients", "0");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err().strip()).isEqualTo("fhe chaos: tree clients must be at least 1, got 0");
  }
}
