package io.fhestreams.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.RecordSchemas;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import io.fhestreams.schemas.serde.ConfluentAvroSerializer;
import io.fhestreams.schemas.serde.InMemorySchemaRegistry;
import io.fhestreams.streams.processor.TestRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main class end to end: a properties file plus an environment override, a request in, a
 * prediction out.
 */
class StreamsAppMainIT {

  @TempDir Path dir;

  @Test
  void shouldServeRequestsFromAConfigFile() throws Exception {
    String scope = "main-" + UUID.randomUUID();
    // as the project's registry does at startup: the serializers only look ids up
    RecordSchemas.bySubject().forEach(InMemorySchemaRegistry.forScope(scope)::register);
    try (KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build()) {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      try (Admin admin = cluster.admin()) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(Topics.REQUESTS, 1, (short) 1),
                    new NewTopic(Topics.PREDICTIONS, 1, (short) 1),
                    new NewTopic(Topics.DEAD_LETTERS, 1, (short) 1)))
            .all()
            .get();
      }
      Path config = dir.resolve("app.properties");
      Files.writeString(
          config,
          String.join(
              "\n",
              "bootstrap.servers=wrong:1",
              "application.id=fhe-main-it",
              "schema.registry.url=mock://" + scope,
              "state.dir=" + dir.resolve("state"),
              "app.metrics.port=0",
              "app.worker.threads=2",
              "app.backend=test-doubles",
              ""));
      // the environment overrides the file's broker address, and asks for a metrics endpoint on a
      // free port
      int metricsPort;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        metricsPort = s.getLocalPort();
      }
      try (StreamsAppMain app =
          StreamsAppMain.start(
              new String[] {"--config", config.toString()},
              Map.of(
                  "FHE_BOOTSTRAP_SERVERS",
                  cluster.bootstrapServers(),
                  "FHE_APP_METRICS_PORT",
                  Integer.toString(metricsPort)))) {
        EncryptedInferenceRequest request =
            TestRequests.valid("main-1", new SplittableRandom(5), 3).build();
        ConfluentAvroSerializer<EncryptedInferenceRequest> ser = new ConfluentAvroSerializer<>();
        ser.configure(Map.of("schema.registry.url", "mock://" + scope), false);
        Properties pp = new Properties();
        pp.put("bootstrap.servers", cluster.bootstrapServers());
        try (KafkaProducer<String, EncryptedInferenceRequest> producer =
            new KafkaProducer<>(pp, new StringSerializer(), ser)) {
          producer.send(new ProducerRecord<>(Topics.REQUESTS, request.getKeyId(), request)).get();
        }
        ConfluentAvroDeserializer<EncryptedPrediction> de =
            new ConfluentAvroDeserializer<>(EncryptedPrediction.class);
        de.configure(Map.of("schema.registry.url", "mock://" + scope), false);
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "main-it-reader");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<EncryptedPrediction> got = new ArrayList<>();
        try (KafkaConsumer<String, EncryptedPrediction> consumer =
            new KafkaConsumer<>(cp, new StringDeserializer(), de)) {
          consumer.subscribe(List.of(Topics.PREDICTIONS));
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (got.isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
          }
        }
        assertThat(got).hasSize(1);
        assertThat(got.get(0).getRequestId()).isEqualTo("main-1");
        assertThat(app.metricsPort()).isEqualTo(metricsPort);
        assertThat(app.metricsAddress().getAddress().isLoopbackAddress())
            .as("by default the metrics endpoint binds loopback only, not every interface")
            .isTrue();
        String scrape =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(scrape)
            .contains("fhe_requests_processed_total 1.0")
            .contains("fhe_dlq_records_total");
      }
    } finally {
      InMemorySchemaRegistry.dropScope(scope);
    }
  }
}
