package io.fhestreams.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fhestreams.cli.demo.EmbeddedBroker;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chaos harness runs what docker/compose.yaml runs: app instances with the same {@code FHE_*}
 * variables, a broker with the same cluster settings, and topics with the same partitions.
 */
class ComposeParityTest {
  private static final Path COMPOSE = Path.of("../docker/compose.yaml");

  private static JsonNode services() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).path("services");
  }

  private static Map<String, String> env(JsonNode service) {
    Map<String, String> out = new TreeMap<>();
    service
        .path("environment")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  @Test
  void appInstances_shouldGetTheComposeFilesVariables() throws Exception {
    Map<String, String> harness =
        ProcessStack.appEnvironment(
            "localhost:9092",
            URI.create("http://127.0.0.1:8081"),
            "t",
            "app-2",
            Path.of("/tmp/s"),
            9404);
    Map<String, String> compose = env(services().path("app-2"));
    assertThat(harness.keySet()).isEqualTo(compose.keySet());
    for (String same :
        new String[] {
          "FHE_APPLICATION_ID",
          "FHE_GROUP_INSTANCE_ID",
          "FHE_NUM_STREAM_THREADS",
          "FHE_BEARER_AUTH_CREDENTIALS_SOURCE",
          "FHE_APP_BACKEND",
          "FHE_REGISTRY_CACHE_MAX_BYTES",
          "FHE_APP_WORKER_THREADS"
        }) {
      assertThat(harness.get(same)).as(same).isEqualTo(compose.get(same));
    }
  }

  @Test
  void broker_shouldHaveTheComposeFilesClusterSettings() throws Exception {
    Properties broker = EmbeddedBroker.serverProperties("/tmp/kraft", 9092, 9093);
    Map<String, String> kafka = env(services().path("kafka"));
    int compared = 0;
    for (Map.Entry<String, String> e : kafka.entrySet()) {
      String key =
          e.getKey().substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
      if (key.contains("listener") || key.contains("quorum")) {
        continue; // addresses differ between containers and one host
      }
      assertThat(broker.getProperty(key)).as(key).isEqualTo(e.getValue());
      compared++;
    }
    assertThat(compared)
        .as("node id, roles, replication and rebalance settings")
        .isGreaterThanOrEqualTo(6);
  }

  @Test
  void topics_shouldHaveTheComposeFilesPartitions() throws Exception {
    String command = services().path("topics").path("command").get(0).asText();
    Matcher m = Pattern.compile("fhe\\.requests:(\\d+) fhe\\.predictions:(\\d+)").matcher(command);
    assertThat(m.find()).as(command).isTrue();
    int defaultPartitions =
        Integer.parseInt(
            new picocli.CommandLine(new io.fhestreams.cli.ChaosCommand())
                .getCommandSpec()
                .findOption("--partitions")
                .defaultValue());
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(defaultPartitions);
    assertThat(Integer.parseInt(m.group(2))).isEqualTo(defaultPartitions);
  }
}
