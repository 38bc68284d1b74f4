package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.RecordSchemas;
import io.fhestreams.schemas.RequestKey;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import io.fhestreams.schemas.serde.ConfluentAvroSerializer;
import io.fhestreams.schemas.serde.InMemorySchemaRegistry;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.metrics.InferenceMetrics;
import io.fhestreams.streams.processor.BoundedWorkerPool;
import io.fhestreams.streams.processor.ChecksumTestEvaluator;
import io.fhestreams.streams.processor.DeadLetterDeserializationHandler;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InMemoryTestResolver;
import io.fhestreams.streams.processor.ModelCoordinates;
import io.fhestreams.streams.processor.RetriesExhaustedException;
import io.fhestreams.streams.processor.TestRequests;
import io.fhestreams.streams.processor.WorkerPoolSize;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InferenceTopologyTest {

  private final String scope = "ttd-" + UUID.randomUUID();
  private final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);

  {
    // as the project's registry does at startup: the serializers only look ids up
    RecordSchemas.bySubject().forEach(InMemorySchemaRegistry.forScope(scope)::register);
  }

  private final InMemoryTestResolver resolver = TestRequests.standardResolver();
  private final SplittableRandom random = new SplittableRandom(42);
  private BoundedWorkerPool pool;
  private InferenceMetrics metrics;
  private TopologyTestDriver driver;
  private TestInputTopic<String, EncryptedInferenceRequest> requests;
  private TestInputTopic<String, byte[]> rawRequests;
  private TestOutputTopic<String, EncryptedPrediction> predictions;
  private TestOutputTopic<String, DeadLetter> deadLetters;
  private ConfluentAvroSerializer<EncryptedInferenceRequest> requestSerializer;

  @BeforeEach
  void startDriver() {
    pool = new BoundedWorkerPool(new WorkerPoolSize(2, 64));
    metrics = new InferenceMetrics(new SimpleMeterRegistry());
    AppConfig config =
        AppConfig.of(
                Map.of(
                    StreamsConfig.APPLICATION_ID_CONFIG,
                    "ttd",
                    "schema.registry.url",
                    "mock://" + scope,
                    AppConfig.RETRY_INITIAL_BACKOFF_MS,
                    "1",
                    AppConfig.RETRY_MAX_BACKOFF_MS,
                    "5",
                    AppConfig.RETRY_MAX_BLOCK_MS,
                    "300",
                    AppConfig.UNKNOWN_GRACE_MS,
                    "20"))
            .with(DeadLetterDeserializationHandler.METRICS_CONFIG, metrics);
    TopologyDependencies<?> deps =
        new TopologyDependencies<>(
            resolver, new ChecksumTestEvaluator(), pool, metrics, Clock.systemUTC());
    Properties props = config.toProperties();
    // The test driver's MockProducer.clear() discards uncommitted transactional sends, which loses
    // the
    // records the deserialization handler dead-letters under exactly-once (a driver artefact,
    // checked in
    // Kafka Streams 4.3.1). Exactly-once runs on a real broker in InferenceApplicationIT.
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    driver = new TopologyTestDriver(InferenceTopology.build(config, deps), props);
    requestSerializer = new ConfluentAvroSerializer<>();
    requestSerializer.configure(serdeConfig, false);
    requests = driver.createInputTopic(Topics.REQUESTS, new StringSerializer(), requestSerializer);
    rawRequests =
        driver.createInputTopic(Topics.REQUESTS, new StringSerializer(), new ByteArraySerializer());
    predictions =
        driver.createOutputTopic(
            Topics.PREDICTIONS, new StringDeserializer(), deserializer(EncryptedPrediction.class));
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTERS, new StringDeserializer(), deserializer(DeadLetter.class));
  }

  private <T extends org.apache.avro.specific.SpecificRecord>
      ConfluentAvroDeserializer<T> deserializer(Class<T> type) {
    ConfluentAvroDeserializer<T> d = new ConfluentAvroDeserializer<>(type);
    d.configure(serdeConfig, false);
    return d;
  }

  @AfterEach
  void closeDriver() {
    driver.close();
    pool.close();
    InMemorySchemaRegistry.dropScope(scope);
  }

  private EncryptedInferenceRequest valid(String id) {
    return TestRequests.valid(id, random, 1 + random.nextInt(8)).build();
  }

  private void assertPredictionAnswers(
      TestRecord<String, EncryptedPrediction> out, EncryptedInferenceRequest request) {
    EncryptedPrediction p = out.value();
    assertThat(out.key()).isEqualTo(request.getKeyId());
    assertThat(p.getRequestId()).isEqualTo(request.getRequestId());
    assertThat(p.getModelName()).isEqualTo(request.getModelName());
    assertThat(p.getModelVersion()).isEqualTo(request.getModelVersion());
    assertThat(p.getKeyId()).isEqualTo(request.getKeyId());
    assertThat(p.getParameterSetId()).isEqualTo(request.getParameterSetId());
    assertThat(p.getRequestCreatedAt()).isEqualTo(request.getCreatedAt());
    assertThat(p.getCompletedAt()).isAfterOrEqualTo(request.getCreatedAt());
    assertThat(p.getProcessingTimeMicros()).isNotNegative();
    byte[] expected =
        ChecksumTestEvaluator.expectedOutput(
            new ModelCoordinates(
                request.getModelName(), request.getModelVersion(), request.getKeyId()),
            TestRequests.inputs(request));
    assertThat(p.getOutputCiphertexts()).isEqualTo(ByteBuffer.wrap(expected));
  }

  /** The one record on the dead-letter topic, of {@code reason}; no prediction. */
  private DeadLetter singleDeadLetterAmong(FailureReason reason) {
    assertThat(predictions.isEmpty()).isTrue();
    TestRecord<String, DeadLetter> out = deadLetters.readRecord();
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(out.value().getReason()).isEqualTo(reason.name());
    return out.value();
  }

  private DeadLetter singleDeadLetter(FailureReason reason) {
    assertThat(predictions.isEmpty()).isTrue();
    TestRecord<String, DeadLetter> out = deadLetters.readRecord();
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(out.value().getReason()).isEqualTo(reason.name());
    assertThat(out.value().getOriginalTopic()).isEqualTo(Topics.REQUESTS);
    assertThat(metrics.deadLetterCount(reason)).isEqualTo(1.0);
    return out.value();
  }

  @Test
  void shouldAnswerValidRequestsInOrder() {
    List<EncryptedInferenceRequest> sent = List.of(valid("r1"), valid("r2"), valid("r3"));
    sent.forEach(r -> requests.pipeInput(r.getKeyId(), r));
    for (EncryptedInferenceRequest r : sent) {
      assertPredictionAnswers(predictions.readRecord(), r);
    }
    assertThat(predictions.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(metrics.registry().get(InferenceMetrics.PROCESSED).counter().count()).isEqualTo(3.0);
    double expectedBootstraps =
        sent.stream()
            .mapToInt(r -> TestRequests.inputs(r).length / InMemoryTestResolver.CIPHERTEXT_SIZE)
            .sum();
    assertThat(metrics.registry().get(InferenceMetrics.BOOTSTRAPS).counter().count())
        .isEqualTo(expectedBootstraps);
    // one miss for the first resolution of (model, key), then hits
    assertThat(metrics.cacheHitRatio()).isEqualTo(2.0 / 3.0);
    assertThat(metrics.registry().get(InferenceMetrics.LATENCY).timer().count()).isEqualTo(3);
  }

  @Test
  void unknownModel_goesToDeadLetterWithOriginalBytes() {
    EncryptedInferenceRequest r =
        TestRequests.valid("r-um", random, 2).setModelVersion("9").build();
    byte[] original = requestSerializer.serialize(Topics.REQUESTS, r);
    rawRequests.pipeInput(r.getKeyId(), original);
    DeadLetter dl = singleDeadLetter(FailureReason.UNKNOWN_MODEL);
    assertThat(dl.getMessage()).contains("iris-logreg").contains("version 9");
    assertThat(dl.getRequestId()).isEqualTo("r-um");
    assertThat(dl.getOriginalValue()).isEqualTo(ByteBuffer.wrap(original));
    assertThat(dl.getOriginalKey())
        .isEqualTo(ByteBuffer.wrap(r.getKeyId().getBytes(StandardCharsets.UTF_8)));
    assertThat(dl.getOriginalPartition()).isZero();
    assertThat(dl.getOriginalOffset()).isZero();
  }

  @Test
  void aRequestAddressedToAStage_isAnsweredByTheVersionTheResolverChose_andSaysSo() {
    resolver
        .withModel(TestRequests.MODEL, "7", TestRequests.PARAMS)
        .withStage(TestRequests.MODEL, "production", "7");
    EncryptedInferenceRequest r = valid("r-stage");
    r.setModelStage("production");
    requests.pipeInput(r.getKeyId(), r);
    EncryptedPrediction p = predictions.readRecord().value();
    assertThat(p.getModelVersion()).isEqualTo("7");
    assertThat(p.getModelStage()).isEqualTo("production");
    assertThat(p.getRequestId()).isEqualTo("r-stage");
    // a request naming the version alone gets it, and no stage
    EncryptedInferenceRequest exact = valid("r-exact");
    requests.pipeInput(exact.getKeyId(), exact);
    EncryptedPrediction q = predictions.readRecord().value();
    assertThat(q.getModelVersion()).isEqualTo(exact.getModelVersion());
    assertThat(q.getModelStage()).isNull();
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void aStageNameThatIsNoStageName_goesToDeadLetterAtOnce() {
    EncryptedInferenceRequest r = valid("r-badstage");
    r.setModelStage("prod;" + "x".repeat(100_000));
    requests.pipeInput(r.getKeyId(), r);
    assertThat(singleDeadLetter(FailureReason.INVALID_REQUEST).getMessage())
        .contains("modelStage must be 1 to 32 ASCII letters", "100005 characters");
    assertThat(resolver.calls()).as("refused before any registry call").isZero();
  }

  @Test
  void unknownKey_goesToDeadLetter() {
    EncryptedInferenceRequest r =
        TestRequests.valid("r-uk", random, 2).setKeyId(TestRequests.keyId("mallory")).build();
    requests.pipeInput(r.getKeyId(), r);
    assertThat(singleDeadLetter(FailureReason.UNKNOWN_KEY).getMessage())
        .contains(TestRequests.keyId("mallory"));
  }

  @Test
  void requestUnderOtherParameterSet_goesToDeadLetter() {
    EncryptedInferenceRequest r =
        TestRequests.valid("r-ps", random, 2).setParameterSetId("TFHE_2BIT_128").build();
    requests.pipeInput(r.getKeyId(), r);
    assertThat(singleDeadLetter(FailureReason.PARAMETER_SET_MISMATCH).getMessage())
        .contains("TFHE_2BIT_128")
        .contains("TFHE_4BIT_128");
  }

  @Test
  void keyAndModelUnderDifferentParameterSets_goToDeadLetter() {
    EncryptedInferenceRequest r =
        TestRequests.valid("r-ps2", random, 2).setKeyId(TestRequests.keyId("6bit")).build();
    requests.pipeInput(r.getKeyId(), r);
    singleDeadLetter(FailureReason.PARAMETER_SET_MISMATCH);
  }

  @Test
  void wrongCiphertextSize_goesToDeadLetter() {
    EncryptedInferenceRequest r =
        TestRequests.valid("r-sz", random, 2)
            .setInputCiphertexts(
                ByteBuffer.wrap(new byte[InMemoryTestResolver.CIPHERTEXT_SIZE + 3]))
            .build();
    requests.pipeInput(r.getKeyId(), r);
    assertThat(singleDeadLetter(FailureReason.WRONG_CIPHERTEXT_SIZE).getMessage())
        .contains("19 bytes");
  }

  @Test
  void evaluationError_goesToDeadLetter() {
    byte[] inputs = new byte[2 * InMemoryTestResolver.CIPHERTEXT_SIZE];
    inputs[0] = ChecksumTestEvaluator.EVALUATION_ERROR_MARKER;
    EncryptedInferenceRequest r =
        TestRequests.valid("r-ev", random, 2).setInputCiphertexts(ByteBuffer.wrap(inputs)).build();
    requests.pipeInput(r.getKeyId(), r);
    singleDeadLetter(FailureReason.EVALUATION_ERROR);
  }

  @Test
  void unexpectedEvaluatorException_goesToDeadLetterAsInternalError() {
    byte[] inputs = new byte[InMemoryTestResolver.CIPHERTEXT_SIZE];
    inputs[0] = ChecksumTestEvaluator.BUG_MARKER;
    EncryptedInferenceRequest r =
        TestRequests.valid("r-bug", random, 1).setInputCiphertexts(ByteBuffer.wrap(inputs)).build();
    requests.pipeInput(r.getKeyId(), r);
    assertThat(singleDeadLetter(FailureReason.INTERNAL_ERROR).getMessage())
        .contains("IllegalStateException");
  }

  @Test
  void spreadBuckets_areAnswered_predictionsKeyedByTheKeyIdAlone() {
    List<EncryptedInferenceRequest> sent = List.of(valid("s0"), valid("s1"), valid("s2"));
    requests.pipeInput(TestRequests.KEY + "/0", sent.get(0));
    requests.pipeInput(TestRequests.KEY + "/7", sent.get(1));
    requests.pipeInput(TestRequests.KEY + "/" + RequestKey.MAX_BUCKET, sent.get(2));
    for (EncryptedInferenceRequest r : sent) {
      assertPredictionAnswers(predictions.readRecord(), r);
    }
    assertThat(deadLetters.isEmpty()).isTrue();
    // one key id: resolved once whatever the bucket
    assertThat(metrics.cacheHitRatio()).isEqualTo(2.0 / 3.0);
  }

  @Test
  void requestWithoutRecordKey_isAnswered_predictionKeyedByItsKeyId() {
    EncryptedInferenceRequest r = valid("no-key");
    requests.pipeInput((String) null, r);
    assertPredictionAnswers(predictions.readRecord(), r);
  }

  @Test
  void malformedRecordKeys_goToDeadLetterNamingTheExpectedForm() {
    String k = TestRequests.KEY;
    List<String> bad =
        List.of(
            k.toUpperCase(java.util.Locale.ROOT),
            k + "/",
            k + "/01",
            k + "/-1",
            k + "/10000",
            k + "/1/2",
            k + ":1",
            k + "/1".repeat(100_000),
            "");
    for (String key : bad) {
      requests.pipeInput(key, valid("bad-key"));
      DeadLetter dl = singleDeadLetterAmong(FailureReason.INVALID_REQUEST);
      assertThat(dl.getMessage())
          .as("key of %d characters", key.length())
          .contains("expected KEYID or KEYID/BUCKET");
      assertThat(dl.getMessage().length()).isLessThan(1_000);
    }
    assertThat(metrics.deadLetterCount(FailureReason.INVALID_REQUEST)).isEqualTo(bad.size());
  }

  @Test
  void bucketedKeyOfAnotherKeyId_goesToDeadLetter() {
    requests.pipeInput(TestRequests.keyId("bob") + "/2", valid("r-key"));
    assertThat(singleDeadLetter(FailureReason.INVALID_REQUEST).getMessage())
        .contains("record key names key id " + TestRequests.keyId("bob"))
        .contains(TestRequests.KEY);
  }

  @Test
  void recordKeyDifferentFromKeyId_goesToDeadLetter() {
    EncryptedInferenceRequest r = valid("r-key");
    requests.pipeInput(TestRequests.keyId("bob"), r);
    assertThat(singleDeadLetter(FailureReason.INVALID_REQUEST).getMessage())
        .contains(TestRequests.keyId("bob"))
        .contains(TestRequests.KEY);
  }

  @Test
  void blankModelName_goesToDeadLetter() {
    EncryptedInferenceRequest r =
        TestRequests.valid("r-blank", random, 1).setModelName(" ").build();
    requests.pipeInput(r.getKeyId(), r);
    assertThat(singleDeadLetter(FailureReason.INVALID_REQUEST).getMessage()).contains("modelName");
  }

  @Test
  void tombstone_goesToDeadLetter() {
    rawRequests.pipeInput(TestRequests.KEY, (byte[]) null);
    DeadLetter dl = singleDeadLetter(FailureReason.INVALID_REQUEST);
    assertThat(dl.getOriginalValue()).isNull();
    assertThat(dl.getMessage()).contains("tombstone");
  }

  @Test
  void undecodableBytes_goToDeadLetterThroughTheHandler() {
    byte[] good = requestSerializer.serialize(Topics.REQUESTS, valid("r-x"));
    byte[] badMagic = good.clone();
    badMagic[0] = 1;
    byte[] unknownId = good.clone();
    ByteBuffer.wrap(unknownId, 1, 4).putInt(31337);
    byte[] truncated = Arrays.copyOf(good, good.length - 4);
    byte[] tooShort = {0, 0};
    List<byte[]> poisons =
        List.of(
            badMagic,
            unknownId,
            truncated,
            tooShort,
            "not avro at all".getBytes(StandardCharsets.UTF_8));
    poisons.forEach(p -> rawRequests.pipeInput("some-key", p));

    assertThat(predictions.isEmpty()).isTrue();
    List<TestRecord<String, DeadLetter>> out = deadLetters.readRecordsToList();
    assertThat(out).hasSize(poisons.size());
    for (int i = 0; i < poisons.size(); i++) {
      DeadLetter dl = out.get(i).value();
      assertThat(dl.getReason()).isEqualTo(FailureReason.UNDECODABLE.name());
      assertThat(dl.getOriginalValue()).isEqualTo(ByteBuffer.wrap(poisons.get(i)));
      assertThat(dl.getOriginalKey())
          .isEqualTo(ByteBuffer.wrap("some-key".getBytes(StandardCharsets.UTF_8)));
      assertThat(dl.getOriginalOffset()).isEqualTo(i);
      assertThat(dl.getRequestId()).isNull();
      assertThat(out.get(i).key()).isEqualTo("some-key");
    }
    assertThat(out.get(0).value().getMessage()).contains("magic byte 0x01");
    assertThat(out.get(1).value().getMessage()).contains("31337");
    assertThat(out.get(2).value().getMessage()).contains("truncated");
    assertThat(out.get(3).value().getMessage()).contains("2 bytes long");
    assertThat(metrics.deadLetterCount(FailureReason.UNDECODABLE)).isEqualTo(poisons.size());
  }

  @Test
  void poisonBetweenGoodRecords_neitherStopsNorDropsThem() {
    EncryptedInferenceRequest a = valid("a");
    EncryptedInferenceRequest b = valid("b");
    EncryptedInferenceRequest c = valid("c");
    requests.pipeInput(a.getKeyId(), a);
    rawRequests.pipeInput(TestRequests.KEY, new byte[] {9, 9, 9, 9, 9, 9});
    requests.pipeInput(b.getKeyId(), b);
    requests.pipeInput(
        b.getKeyId(), TestRequests.valid("unknown", random, 1).setModelName("nope").build());
    requests.pipeInput(c.getKeyId(), c);

    assertPredictionAnswers(predictions.readRecord(), a);
    assertPredictionAnswers(predictions.readRecord(), b);
    assertPredictionAnswers(predictions.readRecord(), c);
    assertThat(predictions.isEmpty()).isTrue();
    assertThat(deadLetters.readValuesToList())
        .extracting(DeadLetter::getReason)
        .containsExactly(FailureReason.UNDECODABLE.name(), FailureReason.UNKNOWN_MODEL.name());
  }

  /**
   * createdAt is a legal timestamp-millis at the edge of the long range: the end-to-end latency
   * (about 292 million years) does not fit the timer's nanoseconds. It once threw out of the
   * processor (ArithmeticException in the metrics), killing the stream thread on every re-read.
   */
  @Test
  void createdAtAtTheEdgesOfTheLongRange_isAnsweredNotAThreadDeath() {
    for (long millis : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0}) {
      EncryptedInferenceRequest r =
          TestRequests.valid("r-edge-" + millis, random, 1)
              .setCreatedAt(java.time.Instant.ofEpochMilli(millis))
              .build();
      requests.pipeInput(r.getKeyId(), r);
      EncryptedPrediction p = predictions.readRecord().value();
      assertThat(p.getRequestId()).isEqualTo(r.getRequestId());
      assertThat(p.getRequestCreatedAt()).isEqualTo(r.getCreatedAt());
    }
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void registryUnavailable_isRetriedNotDeadLettered() {
    resolver.failNextCalls(3);
    EncryptedInferenceRequest r = valid("r-retry");
    requests.pipeInput(r.getKeyId(), r);
    assertPredictionAnswers(predictions.readRecord(), r);
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(resolver.calls()).isEqualTo(4);
    assertThat(metrics.registry().get(InferenceMetrics.RETRIES).counter().count()).isEqualTo(3.0);
  }

  @Test
  void registryDownBeyondMaxBlock_givesTheRecordBackInsteadOfDeadLettering() {
    resolver.setDown(true);
    EncryptedInferenceRequest r = valid("r-down");
    assertThatThrownBy(() -> requests.pipeInput(r.getKeyId(), r))
        .hasRootCauseInstanceOf(io.fhestreams.streams.processor.InferenceException.class)
        .satisfies(
            e -> assertThat(causes(e)).anyMatch(c -> c instanceof RetriesExhaustedException));
    assertThat(predictions.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> out = new java.util.ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.add(c);
    }
    return out;
  }
}
