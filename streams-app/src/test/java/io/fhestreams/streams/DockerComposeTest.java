package io.fhestreams.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.auth.TokenAuthenticator;
import io.fhestreams.registry.auth.TokenEntry;
import io.fhestreams.registry.server.RegistryConfig;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.serde.SchemaRegistryConfig;
import io.fhestreams.streams.backend.RegistryBackendSettings;
import io.fhestreams.streams.config.AppConfig;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml checked against the code, since no Docker engine runs here: the services,
 * every application environment variable mapped by AppConfig's rule ({@code FHE_X_Y} → {@code x.y})
 * to a key the code reads, the resulting configurations loading, the registry's mounted YAML
 * loading with the PostgreSQL service's credentials, and the ports agreeing with the URLs.
 */
class DockerComposeTest {
  static final Path DOCKER = Path.of("../docker");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> APPS = List.of("app-1", "app-2", "app-3");

  private static JsonNode compose() throws Exception {
    return YAML.readTree(DOCKER.resolve("compose.yaml").toFile());
  }

  private static Map<String, String> env(JsonNode service) {
    Map<String, String> out = new TreeMap<>();
    service
        .path("environment")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static Map<String, String> withoutInstanceId(Map<String, String> env) {
    Map<String, String> out = new TreeMap<>(env);
    out.remove("FHE_GROUP_INSTANCE_ID");
    return out;
  }

  /**
   * Public static final String constants of {@code types} whose value looks like a key ({@code
   * a.b}).
   */
  private static Set<String> keyConstants(Class<?>... types) throws Exception {
    Set<String> keys = new HashSet<>();
    for (Class<?> type : types) {
      for (Field f : type.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          String v = (String) f.get(null);
          if (v.matches("[a-z]+(\\.[a-z]+)+")) {
            keys.add(v);
          }
        }
      }
    }
    return keys;
  }

  @Test
  void shouldDeclareBrokerDatabaseRegistryAndThreeAppInstances() throws Exception {
    JsonNode services = compose().path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyInAnyOrder(
            "kafka", "topics", "postgres", "registry", "app-1", "app-2", "app-3");
    Map<String, String> kafka = env(services.path("kafka"));
    assertThat(kafka.get("KAFKA_PROCESS_ROLES"))
        .as("KRaft, no ZooKeeper")
        .isEqualTo("broker,controller");
    assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
    assertThat(services.path("registry").path("build").path("dockerfile").asText())
        .isEqualTo("docker/registry.Dockerfile");
    String topics = services.path("topics").path("command").get(0).asText();
    for (String topic : List.of(Topics.REQUESTS, Topics.PREDICTIONS, Topics.DEAD_LETTERS)) {
      assertThat(topics).contains(" " + topic + ":");
    }
    Set<String> appIds = new HashSet<>();
    Set<String> hostPorts = new HashSet<>();
    for (String app : APPS) {
      JsonNode s = services.path(app);
      assertThat(s.path("build").path("dockerfile").asText()).isEqualTo("docker/app.Dockerfile");
      appIds.add(env(s).get("FHE_APPLICATION_ID"));
      hostPorts.add(s.path("ports").get(0).asText().split(":")[0]);
      assertThat(s.path("ports").get(0).asText())
          .endsWith(":" + env(s).get("FHE_APP_METRICS_PORT"));
      assertThat(env(s).get("FHE_GROUP_INSTANCE_ID"))
          .as("each instance a static group member named after its service")
          .isEqualTo(app);
      assertThat(withoutInstanceId(env(s)))
          .as("the instances differ only in name, group instance id and host port")
          .isEqualTo(withoutInstanceId(env(services.path("app-1"))));
    }
    assertThat(appIds).as("one application id: one consumer group").hasSize(1);
    assertThat(hostPorts).hasSize(3);
    // the apps reach the broker on the listener it advertises to the other containers
    assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS"))
        .contains("://" + env(services.path("app-1")).get("FHE_BOOTSTRAP_SERVERS"));
  }

  @Test
  void everyAppVariableShouldSetAKeyTheCodeReadsAndTheConfigurationShouldLoad() throws Exception {
    JsonNode app = compose().path("services").path("app-1");
    Map<String, String> env = env(app);
    Set<String> known = new HashSet<>(StreamsConfig.configDef().names());
    known.addAll(
        keyConstants(
            AppConfig.class,
            StreamsAppMain.class,
            RegistryBackendSettings.class,
            SchemaRegistryConfig.class));
    assertThat(env.keySet()).allMatch(name -> name.startsWith(AppConfig.ENV_PREFIX));
    Map<String, String> keys = AppConfig.environmentOverrides(env);
    assertThat(keys).hasSameSizeAs(env);
    assertThat(keys.keySet())
        .as("keys read by StreamsConfig, AppConfig, the registry backend or the serde")
        .isSubsetOf(known);
    // the image's baked-in file, then the environment, as StreamsAppMain loads them
    AppConfig config = AppConfig.load(DOCKER.resolve("app.properties"), env);
    assertThat(config.get(StreamsAppMain.BACKEND)).isEqualTo("registry");
    RegistryBackendSettings registry = RegistryBackendSettings.from(config);
    SchemaRegistryConfig serde = SchemaRegistryConfig.fromMap(config.asMap());
    assertThat(serde.bearerToken()).isPresent();
    assertThat(config.workerPoolSize().threads()).isEqualTo(2);
    assertThat(config.get(AppConfig.GROUP_INSTANCE_ID)).isEqualTo("app-1");
    assertThat(config.get(AppConfig.SESSION_TIMEOUT_MS))
        .as("the documented default, long enough for a restart")
        .isEqualTo(Integer.toString(AppConfig.DEFAULT_SESSION_TIMEOUT_MS));
    assertThat(config.metricsPort()).isEqualTo(9404);

    // the registry service answers at the URL the apps use, and knows their token with the roles
    // they need
    JsonNode registryService = compose().path("services").path("registry");
    String mount = registryService.path("volumes").get(0).asText();
    assertThat(mount).endsWith(":/app/config/registry.yaml:ro");
    RegistryConfig rc = RegistryConfig.load(DOCKER.resolve(mount.split(":")[0]));
    URI url = registry.url();
    assertThat(url.getHost()).isEqualTo("registry");
    assertThat(url.getPort()).isEqualTo(rc.port());
    assertThat(serde.urls()).containsExactly(url);
    assertThat(registryService.path("ports").get(0).asText()).endsWith(":" + rc.port());
    assertThat(rc.host()).isEqualTo("0.0.0.0");
    String tokenHash = TokenAuthenticator.hashToken(registry.token());
    assertThat(serde.bearerToken()).contains(registry.token());
    TokenEntry appToken =
        rc.tokens().stream().filter(t -> t.sha256().equals(tokenHash)).findFirst().orElseThrow();
    assertThat(appToken.roles()).contains(Role.READER, Role.PUBLISHER);

    // the registry stores in the compose file's PostgreSQL, with its credentials
    Map<String, String> pg = env(compose().path("services").path("postgres"));
    assertThat(rc.storage().type()).isEqualTo("postgres");
    assertThat(rc.storage().postgres().jdbcUrl())
        .isEqualTo("jdbc:postgresql://postgres:5432/" + pg.get("POSTGRES_DB"));
    assertThat(rc.storage().postgres().user()).isEqualTo(pg.get("POSTGRES_USER"));
    assertThat(rc.storage().postgres().password()).isEqualTo(pg.get("POSTGRES_PASSWORD"));
  }

  @Test
  void theImagesDefaultFile_shouldOnlyHoldKnownKeys() throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(DOCKER.resolve("app.properties"))) {
      p.load(r);
    }
    Set<String> known = new HashSet<>(StreamsConfig.configDef().names());
    known.addAll(
        keyConstants(
            AppConfig.class,
            StreamsAppMain.class,
            RegistryBackendSettings.class,
            SchemaRegistryConfig.class));
    assertThat(p.stringPropertyNames()).isSubsetOf(known);
    Map<String, String> none = new HashMap<>();
    assertThat(
            AppConfig.load(DOCKER.resolve("app.properties"), none).get(RegistryBackendSettings.URL))
        .isEqualTo("http://registry:8081");
  }
}
