package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.engine.serialization.CiphertextFormats;
import io.fhestreams.ml.deploy.FheClient;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import io.fhestreams.streams.backend.ModelAndKeys;
import io.fhestreams.streams.backend.RealStack;
import io.fhestreams.streams.backend.RegistryBackendProvider;
import io.fhestreams.streams.backend.RegistryBackendSettings;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.FailureReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole real stack on an embedded KRaft broker: the model registry in process on a temp
 * directory (also the Avro serdes' schema registry, through its Confluent endpoints with bearer
 * tokens), the breast-cancer logistic regression compiled here and published, real {@link
 * FheClient}s encrypting requests, the application with {@code app.backend=registry} (through its
 * provider and configuration), predictions decrypted and compared with the clear quantized model
 * for every request.
 */
class RealBackendIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path dir;

  private EmbeddedKafka kafka;
  private RealStack registry;

  @BeforeEach
  void start() throws Exception {
    kafka = EmbeddedKafka.start();
    registry = RealStack.start(dir);
  }

  @AfterEach
  void stop() throws Exception {
    registry.close();
    kafka.close();
  }

  /**
   * Application settings for the registry backend (transactions long enough for a first key
   * decode).
   */
  private AppConfig config(String applicationId, int streamThreads) {
    Map<String, Object> s =
        new HashMap<>(
            KafkaTestClient.appSettings(
                kafka.client().bootstrapServers(), registry.uri().toString()));
    s.put("bearer.auth.credentials.source", "STATIC_TOKEN");
    s.put("bearer.auth.token", RealStack.READER_TOKEN);
    s.put("application.id", applicationId);
    s.put("num.stream.threads", Integer.toString(streamThreads));
    s.put("producer.transaction.timeout.ms", "30000");
    s.put("app.retry.max.block.ms", "6000");
    s.put("app.backend", RegistryBackendProvider.NAME);
    s.put(RegistryBackendSettings.URL, registry.uri().toString());
    s.put(RegistryBackendSettings.TOKEN, RealStack.READER_TOKEN);
    s.put(RegistryBackendSettings.CACHE_MAX_BYTES, Long.toString(256L << 20));
    s.put(RegistryBackendSettings.MAX_ATTEMPTS, "1");
    return AppConfig.of(s);
  }

  private InferenceApplication startApp(AppConfig config) {
    InferenceBackend<ModelAndKeys> backend = new RegistryBackendProvider().open(config);
    return InferenceApplication.start(
        config, backend.resolver(), backend.evaluator(), new SimpleMeterRegistry());
  }

  /**
   * One request of {@code client} for {@code model}; {@code inputs} are its exact ciphertext bytes.
   */
  private static EncryptedInferenceRequest request(
      String id, String model, String version, String keyId, String set, byte[] inputs) {
    return EncryptedInferenceRequest.newBuilder()
        .setRequestId(id)
        .setModelName(model)
        .setModelVersion(version)
        .setKeyId(keyId)
        .setParameterSetId(set)
        .setInputCiphertexts(ByteBuffer.wrap(inputs))
        .setCreatedAt(Instant.now())
        .build();
  }

  /** A sender: a real client, its key id, and the clear expectation of each request it sent. */
  private static final class Sender {
    final FheClient client;
    final String keyId;

    Sender(FheClient client, String keyId) {
      this.client = client;
      this.keyId = keyId;
    }
  }

  @Test
  void shouldAnswerEveryRealRequestDeadLetterPoisonAndSurviveARegistryRestart() throws Exception {
    ModelArtifacts linear = RealStack.breastCancer();
    ModelArtifacts lookup = RealStack.lookup("lut");
    String version = registry.publish(linear);
    String lookupVersion = registry.publish(lookup);
    FheServer clear = FheServer.of(linear.server());
    String model = linear.client().modelName();
    String set = linear.server().parameters().id();
    Map<String, Sender> senders = new HashMap<>();
    for (String name : List.of("alice", "bob", "carol")) {
      FheClient c = FheClient.generateKeys(linear.client());
      senders.put(name, new Sender(c, registry.uploadKeys(c)));
    }
    FheClient dave = FheClient.generateKeys(lookup.client());
    String daveKey = registry.uploadKeys(dave);
    assertThat(senders.values().stream().map(s -> s.keyId).distinct())
        .as("distinct leveled key ids")
        .hasSize(3);

    double[][] test = RealStack.breastCancerTest();
    RequestWire wire = new RequestWire(registry.uri().toString());
    Map<String, long[]> expected = new HashMap<>();
    Map<String, FheClient> decryptor = new HashMap<>();
    Map<String, FailureReason> poison = new HashMap<>();
    try (InferenceApplication app = startApp(config("fhe-real-it", 1));
        KafkaProducer<String, byte[]> producer = kafka.client().rawProducer()) {
      int n = 0;
      for (int i = 0; i < 30; i++) {
        Sender s = senders.get(i % 2 == 0 ? "alice" : "bob");
        double[] x = test[i % test.length];
        String id = "good-" + n++;
        expected.put(id, clear.runClear(linear.client().quantize(x)));
        decryptor.put(id, s.client);
        wire.send(producer, request(id, model, version, s.keyId, set, s.client.quantizeEncrypt(x)));
      }
      // one record through a bootstrapping circuit (two 2-bit lookups)
      long[] q = {3, 1};
      expected.put("lookup-0", FheServer.of(lookup.server()).runClear(q));
      decryptor.put("lookup-0", dave);
      wire.send(
          producer,
          request(
              "lookup-0",
              "lut",
              lookupVersion,
              daveKey,
              lookup.server().parameters().id(),
              dave.encrypt(q)));
      Sender alice = senders.get("alice");
      byte[] good = alice.client.quantizeEncrypt(test[0]);
      poison.put("poison-model", FailureReason.UNKNOWN_MODEL);
      wire.send(producer, request("poison-model", "no-such-model", "1", alice.keyId, set, good));
      poison.put("poison-version", FailureReason.UNKNOWN_MODEL);
      wire.send(producer, request("poison-version", model, "42", alice.keyId, set, good));
      poison.put("poison-key", FailureReason.UNKNOWN_KEY);
      wire.send(producer, request("poison-key", model, version, "0f".repeat(32), set, good));
      poison.put("poison-count", FailureReason.WRONG_CIPHERTEXT_SIZE);
      wire.send(
          producer,
          request(
              "poison-count",
              model,
              version,
              alice.keyId,
              set,
              CiphertextFormats.toBytes(
                  alice
                      .client
                      .clientKey()
                      .encryptSeeded(new long[linear.server().circuit().inputElements() - 3]),
                  linear.server().parameters())));
      poison.put("poison-set", FailureReason.PARAMETER_SET_MISMATCH);
      wire.send(
          producer,
          request("poison-set", model, version, alice.keyId, set, dave.encrypt(new long[] {1, 2})));
      poison.put("poison-keyset", FailureReason.PARAMETER_SET_MISMATCH);
      wire.send(
          producer,
          request(
              "poison-keyset",
              "lut",
              lookupVersion,
              alice.keyId,
              lookup.server().parameters().id(),
              dave.encrypt(q)));
      for (int i = 0; i < 10; i++) {
        Sender s = senders.get("bob");
        double[] x = test[(i * 7) % test.length];
        String id = "after-poison-" + i;
        expected.put(id, clear.runClear(linear.client().quantize(x)));
        decryptor.put(id, s.client);
        wire.send(producer, request(id, model, version, s.keyId, set, s.client.quantizeEncrypt(x)));
      }
      producer.flush();
      int firstBatch = expected.size();
      List<ConsumerRecord<String, byte[]>> dead =
          kafka
              .client()
              .readUntil(
                  Topics.DEAD_LETTERS, r -> r.size() >= poison.size(), TIMEOUT, Duration.ZERO);
      Map<String, String> reasons = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : dead) {
        DeadLetter d = wire.deadLetter(r);
        reasons.put(d.getRequestId(), d.getReason());
        assertThat(d.getMessage()).as(d.getRequestId()).isNotBlank();
      }
      poison.forEach((id, reason) -> assertThat(reasons).as(id).containsEntry(id, reason.name()));
      assertThat(dead).hasSize(poison.size());
      List<ConsumerRecord<String, byte[]>> first =
          kafka
              .client()
              .readUntil(Topics.PREDICTIONS, r -> r.size() >= firstBatch, TIMEOUT, Duration.ZERO);
      assertThat(first).hasSize(firstBatch);

      // the registry goes away: carol's keys were never loaded, so her requests wait and retry
      registry.stop();
      Sender carol = senders.get("carol");
      for (int i = 0; i < 8; i++) {
        double[] x = test[(i * 11) % test.length];
        String id = "carol-" + i;
        expected.put(id, clear.runClear(linear.client().quantize(x)));
        decryptor.put(id, carol.client);
        wire.send(
            producer,
            request(id, model, version, carol.keyId, set, carol.client.quantizeEncrypt(x)));
      }
      producer.flush();
      Thread.sleep(4000);
      assertThat(app.metrics().registry().get("fhe.retries").counter().count())
          .as("carol's requests waited")
          .isPositive();
      registry.restart();
      List<ConsumerRecord<String, byte[]>> all =
          kafka
              .client()
              .readUntil(
                  Topics.PREDICTIONS,
                  r -> r.size() >= expected.size(),
                  TIMEOUT,
                  Duration.ofSeconds(2));
      Map<String, Integer> seen = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : all) {
        EncryptedPrediction p = wire.prediction(r);
        String id = p.getRequestId();
        seen.merge(id, 1, Integer::sum);
        assertThat(expected).as("prediction for an unknown request " + id).containsKey(id);
        assertThat(decryptor.get(id).decrypt(bytes(p.getOutputCiphertexts())))
            .as(id)
            .containsExactly(expected.get(id));
      }
      assertThat(seen.keySet())
          .as("every good request answered, none lost")
          .isEqualTo(expected.keySet());
      assertThat(seen.values()).as("none duplicated").allMatch(c -> c == 1);
      assertThat(
              app.metrics().registry().get("fhe.dlq.records").counters().stream()
                  .mapToDouble(c -> c.count())
                  .sum())
          .isEqualTo(poison.size());
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /**
   * Figures, not assertions: records/s and p50/p99 latency (request createdAt → prediction
   * completedAt) for a burst of encrypted breast-cancer requests, with 1 and 2 stream threads, each
   * on a fresh broker.
   */
  @Test
  void measureThroughputAndLatency() throws Exception {
    ModelArtifacts linear = RealStack.breastCancer();
    String version = registry.publish(linear);
    FheClient client = FheClient.generateKeys(linear.client());
    String keyId = registry.uploadKeys(client);
    double[][] test = RealStack.breastCancerTest();
    int count = Integer.getInteger("fhe.it.measure.records", 300);
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inputs.add(client.quantizeEncrypt(test[i % test.length]));
    }
    for (int threads : new int[] {1, 2}) {
      if (threads == 2) {
        kafka.close();
        kafka = EmbeddedKafka.start();
      }
      RequestWire wire = new RequestWire(registry.uri().toString());
      try (InferenceApplication app =
              startApp(config("fhe-measure-" + threads + "-" + UUID.randomUUID(), threads));
          KafkaProducer<String, byte[]> producer = kafka.client().rawProducer()) {
        // warm-up: the first request loads model and keys into the cache
        wire.send(
            producer,
            request(
                "warm",
                linear.client().modelName(),
                version,
                keyId,
                linear.server().parameters().id(),
                inputs.get(0)));
        producer.flush();
        kafka.client().readUntil(Topics.PREDICTIONS, r -> !r.isEmpty(), TIMEOUT, Duration.ZERO);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
          wire.send(
              producer,
              request(
                  "m-" + i,
                  linear.client().modelName(),
                  version,
                  keyId,
                  linear.server().parameters().id(),
                  inputs.get(i)));
        }
        producer.flush();
        List<ConsumerRecord<String, byte[]>> got =
            kafka
                .client()
                .readUntil(Topics.PREDICTIONS, r -> r.size() >= count + 1, TIMEOUT, Duration.ZERO);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] latencies =
            got.stream()
                .map(wire::prediction)
                .filter(p -> p.getRequestId().startsWith("m-"))
                .mapToLong(
                    p -> Duration.between(p.getRequestCreatedAt(), p.getCompletedAt()).toMillis())
                .sorted()
                .toArray();
        assertThat(latencies).hasSize(count);
        System.out.printf(
            "FIGURES breast-cancer logistic regression (%s, %d inputs), %d stream thread(s), %d records:"
                + " %.1f records/s, latency p50 %d ms, p99 %d ms (burst, createdAt -> completedAt)%n",
            linear.server().parameters().id(),
            linear.server().circuit().inputElements(),
            threads,
            count,
            count / seconds,
            latencies[latencies.length / 2],
            latencies[(int) Math.ceil(latencies.length * 0.99) - 1]);
      }
    }
  }

  /** Requests in the Confluent wire format, and readers of predictions and dead letters. */
  private static final class RequestWire {
    private final io.fhestreams.schemas.serde.ConfluentAvroSerializer<EncryptedInferenceRequest>
        serializer = new io.fhestreams.schemas.serde.ConfluentAvroSerializer<>();
    private final ConfluentAvroDeserializer<EncryptedPrediction> predictions =
        new ConfluentAvroDeserializer<>(EncryptedPrediction.class);
    private final ConfluentAvroDeserializer<DeadLetter> deadLetters =
        new ConfluentAvroDeserializer<>(DeadLetter.class);

    RequestWire(String url) {
      Map<String, String> serde =
          Map.of("schema.registry.url", url, "bearer.auth.token", RealStack.PUBLISHER_TOKEN);
      serializer.configure(serde, false);
      predictions.configure(serde, false);
      deadLetters.configure(serde, false);
    }

    void send(KafkaProducer<String, byte[]> producer, EncryptedInferenceRequest r) {
      producer.send(
          new ProducerRecord<>(
              Topics.REQUESTS, r.getKeyId(), serializer.serialize(Topics.REQUESTS, r)));
    }

    EncryptedPrediction prediction(ConsumerRecord<String, byte[]> r) {
      return predictions.deserialize(r.topic(), r.value());
    }

    DeadLetter deadLetter(ConsumerRecord<String, byte[]> r) {
      return deadLetters.deserialize(r.topic(), r.value());
    }
  }
}
