package io.fhestreams.streams.topics;

import io.fhestreams.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics the app and its clients need, with the partitions, replication factor and record-size
 * limit their records need. Read from the app's configuration ({@code app.topics.*}) or from {@code
 * fhe topics} options.
 *
 * @param partitions partitions of the request and prediction topics (the app's parallelism: one
 *     instance per partition at most)
 * @param replicationFactor replicas of every topic
 * @param maxMessageBytes the largest record batch each topic accepts ({@code max.message.bytes})
 */
public record TopicPlan(int partitions, short replicationFactor, int maxMessageBytes) {

  /** Config key: create missing topics at startup (default false: report them and exit). */
  public static final String CREATE = "app.topics.create";

  /** Config key: partitions of the request and prediction topics. */
  public static final String PARTITIONS = "app.topics.partitions";

  /** Config key: replication factor of every topic. */
  public static final String REPLICATION_FACTOR = "app.topics.replication.factor";

  /** Config key: {@code max.message.bytes} of every topic. */
  public static final String MAX_MESSAGE_BYTES = "app.topics.max.message.bytes";

  /** Default partitions: enough for a few instances of two cores each. */
  public static final int DEFAULT_PARTITIONS = 6;

  /** Default replication factor, as a production cluster of three brokers wants it. */
  public static final short DEFAULT_REPLICATION_FACTOR = 3;

  /**
   * Default record limit: 8 MiB. A request of a thousand unary-encoded features (seeded LWE, 8
   * bytes a ciphertext) or a prediction of a few dozen output ciphertexts of the 6-bit set stays
   * far below it; the broker's own default (1 MiB) does not leave that room.
   */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 << 20;

  /** Dead letters are rare: fewer partitions, same limit (they carry the original request). */
  private static final int DEAD_LETTER_PARTITIONS = 1;

  /** Checks the ranges. */
  public TopicPlan {
    if (partitions < 1 || partitions > 10_000) {
      throw new ConfigException(PARTITIONS, partitions, "must be between 1 and 10000");
    }
    if (replicationFactor < 1) {
      throw new ConfigException(REPLICATION_FACTOR, replicationFactor, "must be at least 1");
    }
    if (maxMessageBytes < 1 << 20) {
      throw new ConfigException(MAX_MESSAGE_BYTES, maxMessageBytes, "must be at least 1048576");
    }
  }

  /** The plan set by {@code app.topics.*} keys, read through {@code settings} (null = default). */
  public static TopicPlan fromSettings(Function<String, String> settings) {
    return new TopicPlan(
        intSetting(settings, PARTITIONS, DEFAULT_PARTITIONS),
        (short) intSetting(settings, REPLICATION_FACTOR, DEFAULT_REPLICATION_FACTOR),
        intSetting(settings, MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES));
  }

  /** The topics to create: requests, predictions and dead letters. */
  public List<NewTopic> newTopics() {
    Map<String, String> configs =
        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
    return List.of(
        new NewTopic(Topics.REQUESTS, partitions, replicationFactor).configs(configs),
        new NewTopic(Topics.PREDICTIONS, partitions, replicationFactor).configs(configs),
        new NewTopic(Topics.DEAD_LETTERS, DEAD_LETTER_PARTITIONS, replicationFactor)
            .configs(configs));
  }

  private static int intSetting(Function<String, String> settings, String key, int fallback) {
    String value = settings.apply(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "must be an integer");
    }
  }
}
