package io.fhestreams.streams.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.Topics;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class TopicPlanTest {

  @Test
  void settingsOverrideTheDefaults() {
    Map<String, String> settings =
        Map.of(TopicPlan.PARTITIONS, "12", TopicPlan.REPLICATION_FACTOR, " 2 ");

    TopicPlan plan = TopicPlan.fromSettings(settings::get);

    assertThat(plan).isEqualTo(new TopicPlan(12, (short) 2, TopicPlan.DEFAULT_MAX_MESSAGE_BYTES));
    assertThat(plan.newTopics())
        .extracting(NewTopic::name, NewTopic::numPartitions)
        .containsExactly(
            Tuple.tuple(Topics.REQUESTS, 12),
            Tuple.tuple(Topics.PREDICTIONS, 12),
            Tuple.tuple(Topics.DEAD_LETTERS, 1));
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> TopicPlan.fromSettings(Map.of(TopicPlan.PARTITIONS, "six")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(TopicPlan.PARTITIONS);
    assertThatThrownBy(() -> TopicPlan.fromSettings(Map.of(TopicPlan.PARTITIONS, "0")::get))
        .hasMessageContaining(TopicPlan.PARTITIONS);
    assertThatThrownBy(
            () -> TopicPlan.fromSettings(Map.of(TopicPlan.MAX_MESSAGE_BYTES, "1000")::get))
        .hasMessageContaining(TopicPlan.MAX_MESSAGE_BYTES);
  }
}
