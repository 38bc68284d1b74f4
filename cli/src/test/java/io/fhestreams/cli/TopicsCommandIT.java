package io.fhestreams.cli;

import static io.fhestreams.cli.CliFixtures.fhe;
import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.cli.demo.EmbeddedBroker;
import io.fhestreams.schemas.Topics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fhe topics} against a real one-broker KRaft cluster. */
class TopicsCommandIT {

  @Test
  void checksCreatesAndThenFindsEveryTopic(@TempDir Path dir) throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir)) {
      String servers = broker.bootstrapServers();

      CliFixtures.Run check = fhe("topics", "--bootstrap-servers", servers, "--check");
      CliFixtures.Run create = fhe("topics", "--bootstrap-servers", servers, "--partitions", "3");
      CliFixtures.Run again = fhe("topics", "--bootstrap-servers", servers, "--check");

      assertThat(check.exitCode()).isEqualTo(1);
      assertThat(check.err())
          .contains("missing topics", Topics.REQUESTS, Topics.PREDICTIONS, Topics.DEAD_LETTERS);
      assertThat(create.exitCode()).as(create.err()).isZero();
      assertThat(create.out())
          .contains("created " + Topics.REQUESTS + " (replication factor 1)")
          .contains("created " + Topics.PREDICTIONS)
          .contains("created " + Topics.DEAD_LETTERS);
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).contains("all topics present");
    }
  }
}
