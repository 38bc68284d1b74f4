package io.fhestreams.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.streams.processor.DeadLetterDeserializationHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

  @TempDir Path dir;

  private Path file(String content) throws Exception {
    Path f = dir.resolve("app.properties");
    Files.writeString(f, content);
    return f;
  }

  @Test
  void shouldLayerDefaultsFileAndEnvironment() throws Exception {
    AppConfig c =
        AppConfig.load(
            file(
                """
                bootstrap.servers=file:9092
                application.id=from-file
                app.worker.threads=3
                """),
            Map.of(
                "FHE_BOOTSTRAP_SERVERS",
                "env:9092",
                "FHE_APP_RETRY_MAX_BLOCK_MS",
                "4000",
                "PATH",
                "/usr/bin",
                "FHE_",
                "ignored"));
    assertThat(c.get("bootstrap.servers")).isEqualTo("env:9092");
    assertThat(c.get("application.id")).isEqualTo("from-file");
    assertThat(c.workerPoolSize().threads()).isEqualTo(3);
    assertThat(c.retryPolicy().maxBlock()).isEqualTo(Duration.ofMillis(4000));
    assertThat(c.get("schema.registry.url")).isNull();
    assertThat(c.asMap()).doesNotContainKey("path");
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldPollUpTo500RecordsBoundedByCostUnlessTheFileSaysOtherwise() throws Exception {
    assertThat(mainConsumerMaxPollRecords(AppConfig.of(Map.of()))).isEqualTo(500);
    assertThat(AppConfig.of(Map.of()).costBudget().budgetNanos()).isEqualTo(1_000_000_000L);
    assertThat(
            AppConfig.of(Map.of(AppConfig.POLL_COST_BUDGET_MS, "250")).costBudget().budgetNanos())
        .isEqualTo(250_000_000L);
    assertThat(mainConsumerMaxPollRecords(AppConfig.load(file("max.poll.records=50\n"), Map.of())))
        .isEqualTo(50);
    assertThat(
            mainConsumerMaxPollRecords(
                AppConfig.load(file("consumer.max.poll.records=70\n"), Map.of())))
        .isEqualTo(70);
  }

  /** What Kafka Streams gives its main consumer, from these settings. */
  private static int mainConsumerMaxPollRecords(AppConfig c) {
    return Integer.parseInt(
        new StreamsConfig(c.toProperties())
            .getMainConsumerConfigs("group", "client", 0)
            .get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)
            .toString());
  }

  @Test
  void metricsEndpoint_bindsLoopbackUnlessConfigured() {
    assertThat(AppConfig.of(Map.of()).metricsHost()).isEqualTo("127.0.0.1");
    assertThat(
            AppConfig.of(AppConfig.environmentOverrides(Map.of("FHE_APP_METRICS_HOST", "0.0.0.0")))
                .metricsHost())
        .isEqualTo("0.0.0.0");
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.METRICS_HOST, " ")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("app.metrics.host");
  }

  @Test
  void instanceIdFromTheEnvironment_shouldMakeEachStreamThreadAStaticMember() throws Exception {
    AppConfig c =
        AppConfig.load(
            file("application.id=fhe\n"),
            Map.of("FHE_GROUP_INSTANCE_ID", "app-2", "FHE_NUM_STREAM_THREADS", "2"));
    Map<String, Object> thread1 =
        new StreamsConfig(c.toProperties()).getMainConsumerConfigs("fhe", "client", 1);
    assertThat(thread1.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("app-2-1");
    assertThat(thread1.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).toString())
        .isEqualTo(Integer.toString(AppConfig.DEFAULT_SESSION_TIMEOUT_MS));
    assertThat(thread1.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG).toString())
        .isEqualTo(Integer.toString(AppConfig.DEFAULT_HEARTBEAT_INTERVAL_MS));
  }

  @Test
  void heartbeatAboveAThirdOfTheSession_isRefused() {
    assertThatThrownBy(
            () ->
                AppConfig.of(
                    Map.of(
                        AppConfig.SESSION_TIMEOUT_MS,
                        "9000",
                        AppConfig.HEARTBEAT_INTERVAL_MS,
                        "3001")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("heartbeat.interval.ms");
    assertThat(
            AppConfig.of(
                    Map.of(
                        AppConfig.SESSION_TIMEOUT_MS,
                        "9000",
                        AppConfig.HEARTBEAT_INTERVAL_MS,
                        "3000"))
                .get(AppConfig.HEARTBEAT_INTERVAL_MS))
        .isEqualTo("3000");
  }

  @Test
  void withoutInstanceId_membershipShouldStayDynamic() {
    assertThat(
            new StreamsConfig(AppConfig.of(Map.of()).toProperties())
                .getMainConsumerConfigs("fhe", "client", 0))
        .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  }

  @Test
  void blankInstanceId_failsNamingTheKey() {
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.GROUP_INSTANCE_ID, " ")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("group.instance.id");
  }

  @Test
  void environmentRule_mapsUnderscoresToDots() {
    assertThat(
            AppConfig.environmentOverrides(
                Map.of("FHE_BOOTSTRAP_SERVERS", "a", "FHE_SCHEMA_REGISTRY_URL", "b", "HOME", "c")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("bootstrap.servers", "a", "schema.registry.url", "b"));
  }

  @Test
  void shouldAlwaysForceExactlyOnceAndTheHandlers() {
    AppConfig c =
        AppConfig.of(
            Map.of(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                "at_least_once",
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler"));
    assertThat(c.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(c.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
        .isEqualTo(DeadLetterDeserializationHandler.class.getName());
    assertThat(c.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
        .isEqualTo("fhe.requests.dlq");
  }

  @Test
  void maxBlockNotBelowTransactionTimeout_fails() {
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.RETRY_MAX_BLOCK_MS, "10000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transaction.timeout.ms");
    assertThatThrownBy(
            () ->
                AppConfig.of(
                    Map.of(
                        AppConfig.RETRY_MAX_BLOCK_MS,
                        "4000",
                        "producer.transaction.timeout.ms",
                        "3000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("3000");
  }

  @Test
  void costBudgetNotBelowHalfTheTransactionTimeout_fails() {
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.POLL_COST_BUDGET_MS, "5000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AppConfig.POLL_COST_BUDGET_MS)
        .hasMessageContaining("10000");
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.POLL_COST_BUDGET_MS, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AppConfig.POLL_COST_BUDGET_MS);
  }

  @Test
  void maxBlockNotBelowMaxPollInterval_fails() {
    assertThatThrownBy(
            () ->
                AppConfig.of(
                    Map.of(
                        AppConfig.RETRY_MAX_BLOCK_MS,
                        "5000",
                        "producer.transaction.timeout.ms",
                        "60000",
                        "max.poll.interval.ms",
                        "5000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max.poll.interval.ms");
  }

  @Test
  void recordDeadlineNotBelowMaxPollInterval_fails() {
    assertThatThrownBy(
            () ->
                AppConfig.of(
                    Map.of(
                        AppConfig.RECORD_DEADLINE_MS, "290000", "max.poll.interval.ms", "300000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AppConfig.RECORD_DEADLINE_MS)
        .hasMessageContaining("max.poll.interval.ms (300000)");
    assertThat(
            AppConfig.of(Map.of(AppConfig.RECORD_DEADLINE_MS, "270000")).recordLimits().deadline())
        .isEqualTo(java.time.Duration.ofSeconds(270));
  }

  @Test
  void recordLimits_defaultsAndBounds() {
    var limits = AppConfig.of(Map.of()).recordLimits();
    assertThat(limits.deadline()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(limits.maxAttempts()).isEqualTo(3);
    assertThat(limits.unknownGrace()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(limits.refusalTtl()).isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(limits.maxOutputBytes()).isEqualTo(1_048_576);
    assertThat(
            AppConfig.of(Map.of("producer.max.request.size", "2000000"))
                .recordLimits()
                .maxOutputBytes())
        .isEqualTo(2_000_000);
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.OUTPUT_MAX_BYTES, "2000000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max.request.size (1048576)");
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.RECORD_MAX_ATTEMPTS, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max attempts");
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.RECORD_DEADLINE_MS, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("deadline");
  }

  @Test
  void nonNumericValue_failsNamingTheKey() {
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.WORKER_THREADS, "many")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AppConfig.WORKER_THREADS);
  }

  @Test
  void zeroWorkers_fails() {
    assertThatThrownBy(() -> AppConfig.of(Map.of(AppConfig.WORKER_THREADS, "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker threads must be >= 1, found 0");
  }

  @Test
  void missingFile_fails() {
    assertThatThrownBy(() -> AppConfig.load(dir.resolve("nope.properties"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.properties");
  }

  @Test
  void toString_listsKeysNotValues() {
    AppConfig c = AppConfig.of(Map.of("basic.auth.user.info", "u:secret"));
    assertThat(c.toString()).contains("basic.auth.user.info").doesNotContain("secret");
  }
}
