package io.fhestreams.cli;

import io.fhestreams.streams.topics.TopicPlan;
import io.fhestreams.streams.topics.TopicSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fhe topics}: creates the topics the app and its clients need (requests, predictions, dead
 * letters) with their partitions, replication factor and record-size limit, or with {@code --check}
 * only reports which are missing. Topics that exist are left as they are.
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Create the topics of fhe-streams that are missing (fhe.requests, fhe.predictions, fhe.requests.dlq),",
      "or check them with --check (exit 1 when one is missing). Existing topics are not changed."
    })
public final class TopicsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Kafka brokers")
  String bootstrapServers;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description =
          "partitions of the request and prediction topics: the most app instances that can share the work (default: ${DEFAULT-VALUE})")
  int partitions = TopicPlan.DEFAULT_PARTITIONS;

  @Option(
      names = "--replication-factor",
      paramLabel = "R",
      description =
          "replicas of each topic, at most the number of brokers (default: ${DEFAULT-VALUE}, capped at the broker count)")
  short replicationFactor = TopicPlan.DEFAULT_REPLICATION_FACTOR;

  @Option(
      names = "--max-message-bytes",
      paramLabel = "BYTES",
      description = "largest record each topic accepts (default: ${DEFAULT-VALUE})")
  int maxMessageBytes = TopicPlan.DEFAULT_MAX_MESSAGE_BYTES;

  @Option(names = "--check", description = "only report missing topics; create nothing")
  boolean check;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description = "admin client properties (security settings), as Kafka's own tools take them")
  Path commandConfig;

  @Override
  public Integer call() throws IOException {
    TopicPlan plan = new TopicPlan(partitions, replicationFactor, maxMessageBytes);
    TopicSetup.Outcome outcome;
    try (Admin admin = Admin.create(adminSettings())) {
      outcome = TopicSetup.ensure(admin, plan, !check);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String topic : outcome.created()) {
      out.printf("created %s (replication factor %d)%n", topic, outcome.replicationFactor());
    }
    outcome
        .tooSmall()
        .forEach(
            (topic, limit) ->
                out.printf(
                    "warning: %s accepts records of at most %d bytes, fewer than %d%n",
                    topic, limit, plan.maxMessageBytes()));
    out.flush();
    if (!outcome.missing().isEmpty()) {
      throw new IllegalStateException(
          "missing topics "
              + String.join(", ", outcome.missing())
              + ": run fhe topics without --check to create them");
    }
    if (outcome.created().isEmpty()) {
      out.println("all topics present");
    }
    return 0;
  }

  private Map<String, Object> adminSettings() throws IOException {
    Map<String, Object> settings = new HashMap<>();
    if (commandConfig != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      properties.stringPropertyNames().forEach(k -> settings.put(k, properties.getProperty(k)));
    }
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return settings;
  }
}
