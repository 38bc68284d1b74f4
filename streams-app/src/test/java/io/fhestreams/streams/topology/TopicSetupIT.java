package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fhestreams.schemas.Topics;
import io.fhestreams.streams.StreamsAppMain;
import io.fhestreams.streams.topics.TopicPlan;
import io.fhestreams.streams.topics.TopicSetup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's topic check and {@code fhe topics}' creation on a real one-broker KRaft cluster. */
class TopicSetupIT {

  @TempDir Path dir;

  @Test
  void appRefusesToStartWithoutItsTopicsNamingThemAndTheCommand() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startWithoutTopics()) {
      Path config = dir.resolve("app.properties");
      Files.writeString(
          config,
          String.join(
              "\n",
              "bootstrap.servers=" + kafka.bootstrapServers(),
              "application.id=fhe-topics-it",
              "schema.registry.url=mock://topics-it",
              "state.dir=" + dir.resolve("state"),
              "app.backend=test-doubles",
              ""));
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int status =
          StreamsAppMain.run(
              new String[] {"--config", config.toString()},
              Map.of(),
              new PrintStream(err, true, StandardCharsets.UTF_8));

      String line = err.toString(StandardCharsets.UTF_8).strip();
      assertThat(status).isEqualTo(2);
      assertThat(line.lines()).hasSize(1);
      assertThat(line)
          .contains(Topics.REQUESTS, Topics.PREDICTIONS, Topics.DEAD_LETTERS)
          .contains("fhe topics --bootstrap-servers " + kafka.bootstrapServers())
          .contains(TopicPlan.CREATE + "=true");
    }
  }

  @Test
  void createsMissingTopicsOnceWithTheRecordLimitAndAReplicationFactorTheClusterCanHold()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startWithoutTopics();
        Admin admin = kafka.admin()) {
      TopicPlan plan = TopicPlan.fromSettings(key -> null); // defaults: 6 partitions, factor 3

      TopicSetup.Outcome checked = TopicSetup.ensure(admin, plan, false);
      TopicSetup.Outcome first = TopicSetup.ensure(admin, plan, true);
      TopicSetup.Outcome second = TopicSetup.ensure(admin, plan, true);

      assertThat(checked.missing())
          .containsExactly(Topics.REQUESTS, Topics.PREDICTIONS, Topics.DEAD_LETTERS);
      assertThat(checked.created()).isEmpty();
      assertThat(first.created())
          .containsExactly(Topics.REQUESTS, Topics.PREDICTIONS, Topics.DEAD_LETTERS);
      assertThat(first.replicationFactor()).isEqualTo((short) 1); // one broker
      assertThat(second.created()).isEmpty();
      assertThat(second.missing()).isEmpty();
      assertThat(second.tooSmall()).isEmpty();
      // a new topic reaches the broker's metadata a moment after the controller created it
      Map<String, TopicDescription> topics =
          await()
              .ignoreExceptions()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      admin
                          .describeTopics(List.of(Topics.REQUESTS, Topics.DEAD_LETTERS))
                          .allTopicNames()
                          .get(),
                  described -> described.size() == 2);
      assertThat(topics.get(Topics.REQUESTS).partitions()).hasSize(plan.partitions());
      assertThat(topics.get(Topics.DEAD_LETTERS).partitions()).hasSize(1);
      ConfigResource requests = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REQUESTS);
      String limit =
          await()
              .ignoreExceptions()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      admin
                          .describeConfigs(List.of(requests))
                          .all()
                          .get()
                          .get(requests)
                          .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                          .value(),
                  value -> value != null);
      assertThat(Integer.parseInt(limit)).isEqualTo(TopicPlan.DEFAULT_MAX_MESSAGE_BYTES);
    }
  }

  @Test
  void reportsAnExistingTopicWhoseRecordLimitIsTooSmall() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startWithoutTopics();
        Admin admin = kafka.admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(Topics.PREDICTIONS, 2, (short) 1)
                      .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100000"))))
          .all()
          .get();

      TopicSetup.Outcome outcome =
          TopicSetup.ensure(admin, TopicPlan.fromSettings(key -> null), true);

      assertThat(outcome.created()).containsExactly(Topics.REQUESTS, Topics.DEAD_LETTERS);
      assertThat(outcome.tooSmall()).containsExactly(Map.entry(Topics.PREDICTIONS, 100000));
    }
  }
}
