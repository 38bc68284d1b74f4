package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.ChecksumTestEvaluator;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InMemoryTestResolver;
import io.fhestreams.streams.processor.TestRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End-to-end scenarios of the application on a real broker, exactly-once, with the test resolver
 * and evaluator. Subclasses provide the broker and the schema registry: {@link
 * InferenceApplicationIT} (embedded KRaft, in-test registry) and {@link
 * InferenceApplicationContainersIT} (Confluent images, Docker only).
 */
abstract class InferenceScenarios {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private ScenarioCluster cluster;
  private KafkaTestClient kafka;
  private String registryUrl;
  private IntegrationRequests requests;
  private InferenceApplication app;

  /** Starts a fresh broker (topics created) and schema registry. */
  abstract ScenarioCluster startCluster() throws Exception;

  @BeforeEach
  void start() throws Exception {
    cluster = startCluster();
    kafka = cluster.kafka();
    registryUrl = cluster.registryUrl();
    requests = new IntegrationRequests(registryUrl, 7);
  }

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close(Duration.ofSeconds(20));
    }
    cluster.close();
  }

  private InferenceApplication startApp(InMemoryTestResolver resolver) {
    return InferenceApplication.start(
        AppConfig.of(kafka.appSettings(registryUrl)),
        resolver,
        new ChecksumTestEvaluator(),
        new SimpleMeterRegistry());
  }

  @Test
  void shouldAnswerEveryRequestExactlyOnce() {
    app = startApp(IntegrationRequests.resolver());
    List<EncryptedInferenceRequest> sent = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = kafka.rawProducer()) {
      for (int i = 0; i < 300; i++) {
        EncryptedInferenceRequest r = requests.valid(i);
        requests.send(producer, r);
        sent.add(r);
      }
    }
    List<ConsumerRecord<String, byte[]>> out =
        kafka.readUntil(
            Topics.PREDICTIONS, got -> got.size() >= sent.size(), TIMEOUT, Duration.ofSeconds(1));
    requests.assertExactlyOnce(sent, out);
    assertThat(
            kafka.readUntil(
                Topics.DEAD_LETTERS, got -> false, Duration.ZERO, Duration.ofSeconds(1)))
        .isEmpty();
    assertThat(app.metrics().registry().get("fhe.requests.processed").counter().count())
        .isEqualTo(sent.size());
  }

  @Test
  void poisonRecordsOfEveryKind_goToDeadLetterWhileGoodOnesFlow() {
    app = startApp(IntegrationRequests.resolver());
    EncryptedInferenceRequest template = requests.valid(0);
    byte[] good = requests.bytes(template);
    byte[] badMagic = good.clone();
    badMagic[0] = 5;
    byte[] unknownId = good.clone();
    ByteBuffer.wrap(unknownId, 1, 4).putInt(4711);
    byte[] evalError = new byte[16];
    evalError[0] = ChecksumTestEvaluator.EVALUATION_ERROR_MARKER;
    byte[] bug = new byte[16];
    bug[0] = ChecksumTestEvaluator.BUG_MARKER;
    Map<String, FailureReason> expectedReasons = new LinkedHashMap<>();
    List<ProducerRecord<String, byte[]>> poisons = new ArrayList<>();
    String k = IntegrationRequests.keyId(1);
    addPoison(poisons, expectedReasons, "bad-magic", k, badMagic, FailureReason.UNDECODABLE);
    addPoison(poisons, expectedReasons, "unknown-id", k, unknownId, FailureReason.UNDECODABLE);
    addPoison(
        poisons,
        expectedReasons,
        "truncated",
        k,
        Arrays.copyOf(good, good.length - 3),
        FailureReason.UNDECODABLE);
    addPoison(
        poisons,
        expectedReasons,
        "garbage",
        k,
        "{\"json\":true}".getBytes(StandardCharsets.UTF_8),
        FailureReason.UNDECODABLE);
    addPoison(
        poisons,
        expectedReasons,
        "unknown-model",
        k,
        requests.bytes(
            TestRequests.valid("p-model", new java.util.SplittableRandom(1), 1)
                .setKeyId(k)
                .setModelName("nope")
                .build()),
        FailureReason.UNKNOWN_MODEL);
    addPoison(
        poisons,
        expectedReasons,
        "unknown-key",
        TestRequests.keyId("eve"),
        requests.bytes(
            TestRequests.valid("p-key", new java.util.SplittableRandom(2), 1)
                .setKeyId(TestRequests.keyId("eve"))
                .build()),
        FailureReason.UNKNOWN_KEY);
    addPoison(
        poisons,
        expectedReasons,
        "params",
        k,
        requests.bytes(
            TestRequests.valid("p-params", new java.util.SplittableRandom(3), 1)
                .setKeyId(k)
                .setParameterSetId("TFHE_8BIT_128")
                .build()),
        FailureReason.PARAMETER_SET_MISMATCH);
    addPoison(
        poisons,
        expectedReasons,
        "size",
        k,
        requests.bytes(
            TestRequests.valid("p-size", new java.util.SplittableRandom(4), 1)
                .setKeyId(k)
                .setInputCiphertexts(ByteBuffer.wrap(new byte[17]))
                .build()),
        FailureReason.WRONG_CIPHERTEXT_SIZE);
    addPoison(
        poisons,
        expectedReasons,
        "eval",
        k,
        requests.bytes(
            TestRequests.valid("p-eval", new java.util.SplittableRandom(5), 1)
                .setKeyId(k)
                .setInputCiphertexts(ByteBuffer.wrap(evalError))
                .build()),
        FailureReason.EVALUATION_ERROR);
    addPoison(
        poisons,
        expectedReasons,
        "bug",
        k,
        requests.bytes(
            TestRequests.valid("p-bug", new java.util.SplittableRandom(6), 1)
                .setKeyId(k)
                .setInputCiphertexts(ByteBuffer.wrap(bug))
                .build()),
        FailureReason.INTERNAL_ERROR);
    addPoison(
        poisons,
        expectedReasons,
        "key-mismatch",
        TestRequests.keyId("2"),
        requests.bytes(requests.valid(1)),
        FailureReason.INVALID_REQUEST);
    addPoison(poisons, expectedReasons, "tombstone", k, null, FailureReason.INVALID_REQUEST);

    List<EncryptedInferenceRequest> sent = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = kafka.rawProducer()) {
      int id = 100;
      for (ProducerRecord<String, byte[]> poison : poisons) {
        for (int j = 0; j < 10; j++) {
          EncryptedInferenceRequest r = requests.valid(id++);
          requests.send(producer, r);
          sent.add(r);
        }
        producer.send(poison);
      }
    }
    List<ConsumerRecord<String, byte[]>> out =
        kafka.readUntil(
            Topics.PREDICTIONS, got -> got.size() >= sent.size(), TIMEOUT, Duration.ofSeconds(1));
    requests.assertExactlyOnce(sent, out);

    ConfluentAvroDeserializer<DeadLetter> dlqReader =
        new ConfluentAvroDeserializer<>(DeadLetter.class);
    dlqReader.configure(Map.of("schema.registry.url", registryUrl), false);
    List<ConsumerRecord<String, byte[]>> dlq =
        kafka.readUntil(
            Topics.DEAD_LETTERS,
            got -> got.size() >= poisons.size(),
            TIMEOUT,
            Duration.ofSeconds(1));
    assertThat(dlq).hasSize(poisons.size());
    Map<ByteBuffer, String> reasonByOriginal = new java.util.HashMap<>();
    for (ConsumerRecord<String, byte[]> rec : dlq) {
      DeadLetter dl = dlqReader.deserialize(rec.topic(), rec.value());
      assertThat(dl.getOriginalTopic()).isEqualTo(Topics.REQUESTS);
      reasonByOriginal.put(
          dl.getOriginalValue() == null ? ByteBuffer.allocate(0) : dl.getOriginalValue(),
          dl.getReason());
    }
    for (int i = 0; i < poisons.size(); i++) {
      byte[] v = poisons.get(i).value();
      ByteBuffer key = v == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(v);
      String name = new ArrayList<>(expectedReasons.keySet()).get(i);
      assertThat(reasonByOriginal.get(key)).as(name).isEqualTo(expectedReasons.get(name).name());
    }
  }

  private static void addPoison(
      List<ProducerRecord<String, byte[]>> poisons,
      Map<String, FailureReason> reasons,
      String name,
      String key,
      byte[] value,
      FailureReason reason) {
    poisons.add(new ProducerRecord<>(Topics.REQUESTS, key, value));
    reasons.put(name, reason);
  }

  @Test
  void registryDownAndBack_recordsWaitAndNoneIsLost() throws Exception {
    InMemoryTestResolver resolver = IntegrationRequests.resolver();
    app = startApp(resolver);
    List<EncryptedInferenceRequest> sent = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = kafka.rawProducer()) {
      for (int i = 0; i < 50; i++) {
        EncryptedInferenceRequest r = requests.valid(i);
        requests.send(producer, r);
        sent.add(r);
      }
      producer.flush();
      // let the first ones through, then take the registry down for longer than
      // app.retry.max.block.ms
      // (3 s), so the processor gives records back and stream threads are replaced
      kafka.readUntil(Topics.PREDICTIONS, got -> got.size() >= 50, TIMEOUT, Duration.ZERO);
      resolver.setDown(true);
      for (int i = 50; i < 150; i++) {
        EncryptedInferenceRequest r = requests.valid(i);
        requests.send(producer, r);
        sent.add(r);
      }
      producer.flush();
      Thread.sleep(8000);
      int callsWhileDown = resolver.calls();
      resolver.setDown(false);
      assertThat(callsWhileDown).as("resolver was retried while down").isGreaterThan(55);
    }
    List<ConsumerRecord<String, byte[]>> out =
        kafka.readUntil(
            Topics.PREDICTIONS, got -> got.size() >= sent.size(), TIMEOUT, Duration.ofSeconds(2));
    requests.assertExactlyOnce(sent, out);
    assertThat(
            kafka.readUntil(
                Topics.DEAD_LETTERS, got -> false, Duration.ZERO, Duration.ofSeconds(1)))
        .isEmpty();
    assertThat(app.metrics().registry().get("fhe.retries").counter().count()).isPositive();
    // down for 8 s with app.retry.max.block.ms=3000: records were given back at least once
    assertThat(app.metrics().registry().get("fhe.stream.thread.replacements").counter().count())
        .isPositive();
  }
}
