package io.fhestreams.streams.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks that the topics of a {@link TopicPlan} exist on a cluster, and creates the missing ones
 * when asked to. Used by {@code fhe topics} and by the app at startup, so that a cluster without
 * the topics gets one clear line instead of a stream thread that dies and is replaced forever.
 */
public final class TopicSetup {

  private static final long TIMEOUT_SECONDS = 30;
  private static final long METADATA_WAIT_SECONDS = 10;
  private static final long METADATA_RETRY_MILLIS = 200;

  private TopicSetup() {}

  /**
   * What the cluster holds of the plan.
   *
   * @param missing topics of the plan that do not exist (after creation, if asked: none)
   * @param created topics this call created
   * @param tooSmall existing topics whose {@code max.message.bytes} is below the plan's, with it
   * @param replicationFactor the factor used for creation: the plan's, capped at the broker count
   */
  public record Outcome(
      List<String> missing,
      List<String> created,
      Map<String, Integer> tooSmall,
      short replicationFactor) {}

  /**
   * Describes the plan's topics and, if {@code create}, creates the missing ones (a topic created
   * meanwhile by someone else counts as present).
   *
   * @throws KafkaException when the cluster cannot be reached or refuses, naming what failed
   */
  public static Outcome ensure(Admin admin, TopicPlan plan, boolean create) {
    List<NewTopic> wanted = plan.newTopics();
    Set<String> existing = call("list the topics", admin.listTopics().names());
    List<NewTopic> absent = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
    short factor = (short) Math.min(plan.replicationFactor(), brokerCount(admin));
    List<String> created = new ArrayList<>();
    // a topic created meanwhile, or created just before and not yet listed by the broker asked
    List<String> foundOnCreate = new ArrayList<>();
    if (create && !absent.isEmpty()) {
      for (NewTopic topic : absent) {
        NewTopic capped =
            new NewTopic(topic.name(), topic.numPartitions(), factor).configs(topic.configs());
        (createUnlessExists(admin, capped) ? created : foundOnCreate).add(topic.name());
      }
    }
    awaitListed(admin, created);
    List<String> missing = create ? List.of() : absent.stream().map(NewTopic::name).toList();
    List<String> present =
        wanted.stream()
            .map(NewTopic::name)
            .filter(t -> existing.contains(t) || foundOnCreate.contains(t))
            .toList();
    return new Outcome(missing, created, undersized(admin, present, plan), factor);
  }

  /** The line the app prints when topics are missing and it may not create them. */
  public static String missingTopicsMessage(List<String> missing, String bootstrapServers) {
    return "missing topics "
        + String.join(", ", missing)
        + " on "
        + bootstrapServers
        + ": create them with `fhe topics --bootstrap-servers "
        + bootstrapServers
        + "` or set "
        + TopicPlan.CREATE
        + "=true";
  }

  private static int brokerCount(Admin admin) {
    return call("describe the cluster", admin.describeCluster().nodes()).size();
  }

  private static boolean createUnlessExists(Admin admin, NewTopic topic) {
    try {
      call("create topic " + topic.name(), admin.createTopics(List.of(topic)).all());
      return true;
    } catch (KafkaException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }

  private static Map<String, Integer> undersized(
      Admin admin, Collection<String> topics, TopicPlan plan) {
    if (topics.isEmpty()) {
      return Map.of();
    }
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs = describeConfigs(admin, resources);
    return configs.entrySet().stream()
        .filter(e -> maxMessageBytes(e.getValue()) < plan.maxMessageBytes())
        .collect(Collectors.toMap(e -> e.getKey().name(), e -> maxMessageBytes(e.getValue())));
  }

  /**
   * The topics' configuration. A topic that was just created is listed before every broker serves
   * its metadata: that answer is retried for a few seconds.
   */
  private static Map<ConfigResource, Config> describeConfigs(
      Admin admin, List<ConfigResource> resources) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(METADATA_WAIT_SECONDS);
    while (true) {
      try {
        return call("describe the topics' configuration", admin.describeConfigs(resources).all());
      } catch (KafkaException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        pause();
      }
    }
  }

  /**
   * Waits until the brokers list the topics just created, so that whoever checks right after this
   * call (a script running {@code fhe topics --check}, the app starting) finds them.
   */
  private static void awaitListed(Admin admin, List<String> created) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(METADATA_WAIT_SECONDS);
    while (!created.isEmpty()
        && !call("list the topics", admin.listTopics().names()).containsAll(created)) {
      if (System.nanoTime() > deadline) {
        throw new KafkaException(
            "created topics " + created + " but the brokers do not list them yet");
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(METADATA_RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while waiting for topic metadata", e);
    }
  }

  private static int maxMessageBytes(Config config) {
    ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    return entry == null || entry.value() == null ? 0 : Integer.parseInt(entry.value());
  }

  private static <T> T call(String what, org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw failure(what, e);
    }
  }

  private static KafkaException failure(String what, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new KafkaException(
        "cannot " + what + " within " + TIMEOUT_SECONDS + " s: " + e.getClass().getSimpleName(), e);
  }
}
