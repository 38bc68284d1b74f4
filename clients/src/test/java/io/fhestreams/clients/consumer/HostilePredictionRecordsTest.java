package io.fhestreams.clients.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.ml.deploy.FheServer;
import io.fhestreams.ml.deploy.ModelArtifacts;
import io.fhestreams.ml.models.Dataset;
import io.fhestreams.ml.models.FheLinearModel;
import io.fhestreams.ml.models.ModelCompileOptions;
import io.fhestreams.schemas.RecordSchemas;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import io.fhestreams.schemas.serde.ConfluentAvroSerializer;
import io.fhestreams.schemas.serde.InMemorySchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile records on {@code fhe.predictions} against the consumer's record judge, with
 * good answers interleaved: each hostile record must be set aside for its exact reason (or ignored,
 * when it belongs to another key id), each good one decrypted to the clear circuit's output, none
 * lost. Count: {@code -Dhostile.predictions.count} (default 1000); seed: {@code
 * -Dhostile.predictions.seed}.
 */
class HostilePredictionRecordsTest {
  private static final Path FIXTURES = Path.of("../fhe-ml/src/test/resources/fixtures");
  private static final String SCOPE = "hostile-predictions-" + UUID.randomUUID();
  private static final Map<String, Object> SERDE = Map.of("schema.registry.url", "mock://" + SCOPE);

  static {
    // as the project's registry does at startup: the serializers only look ids up
    RecordSchemas.bySubject().forEach(InMemorySchemaRegistry.forScope(SCOPE)::register);
  }

  /** What each generated record is, and so what must become of it. */
  enum Kind {
    GOOD,
    GOOD_EDGE_FIELDS,
    RANDOM_BYTES,
    TRUNCATED_AVRO,
    BAD_MAGIC,
    UNKNOWN_SCHEMA_ID,
    TOMBSTONE,
    OTHER_KEY_INSIDE,
    NOT_SENT,
    HUGE_UNSENT_ID,
    OUTPUT_TRUNCATED,
    OUTPUT_RANDOM,
    OUTPUT_EMPTY,
    OTHER_CLIENTS_RECORD
  }

  private static ClientIdentity alice;
  private static ClientIdentity bob;
  private static FheServer server;
  private static List<byte[]> answers;
  private static List<long[]> clearAnswers;

  @BeforeAll
  static void compileAndEncrypt() throws Exception {
    Dataset train = Dataset.readCsv(FIXTURES.resolve("iris_train.csv"));
    ModelArtifacts artifacts =
        FheLinearModel.fromOnnx(FIXTURES.resolve("iris_logistic.onnx"))
            .withFeatureNames(train.columns())
            .compile(train.rows(), ModelCompileOptions.defaults())
            .artifacts();
    alice = ClientIdentity.generate(artifacts.client());
    bob = ClientIdentity.generate(artifacts.client());
    server = FheServer.of(artifacts.server());
    double[][] test = Dataset.readCsv(FIXTURES.resolve("iris_test.csv")).rows();
    answers = new ArrayList<>();
    clearAnswers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      double[] row = test[i % test.length];
      answers.add(server.run(alice.client().quantizeEncrypt(row), alice.evaluationKeys()));
      clearAnswers.add(server.runClear(artifacts.client().quantize(row)));
    }
  }

  @AfterAll
  static void dropRegistry() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  /** What the judge did with each record, by offset. */
  private static final class Recorder implements PredictionRecords.Sink {
    final Map<Long, Object> outcomes = new java.util.HashMap<>();
    long offset;

    @Override
    public void prediction(DecryptedPrediction prediction) {
      assertThat(outcomes.put(offset, prediction)).isNull();
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
      assertThat(outcomes.put(offset, deadLetter)).isNull();
    }

    @Override
    public void skipped(SkippedRecord skipped) {
      assertThat(skipped.offset()).isEqualTo(offset);
      assertThat(outcomes.put(offset, skipped.reason())).isNull();
    }

    @Override
    public void undecryptable(String requestId, String message) {}
  }

  @Test
  void everyHostileRecordIsSetAsideForItsReasonAndEveryGoodOneIsDecrypted() {
    int count = Integer.getInteger("hostile.predictions.count", 1000);
    long seed = Long.getLong("hostile.predictions.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    ConfluentAvroSerializer<EncryptedPrediction> serializer = new ConfluentAvroSerializer<>();
    serializer.configure(SERDE, false);
    ConfluentAvroDeserializer<EncryptedPrediction> predictions =
        new ConfluentAvroDeserializer<>(EncryptedPrediction.class);
    predictions.configure(SERDE, false);
    ConfluentAvroDeserializer<DeadLetter> deadLetters =
        new ConfluentAvroDeserializer<>(DeadLetter.class);
    deadLetters.configure(SERDE, false);
    SentRequests sent = SentRequests.inMemory();
    Recorder recorder = new Recorder();
    PredictionRecords judge =
        new PredictionRecords(alice, predictions, deadLetters, sent::contains, recorder);
    String aliceKey = alice.keyId().hex();
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    Kind[] kinds = Kind.values();
    for (long offset = 0; offset < count; offset++) {
      // half good, so that hostile records are always interleaved with good ones
      Kind kind =
          random.nextBoolean()
              ? (random.nextInt(4) == 0 ? Kind.GOOD_EDGE_FIELDS : Kind.GOOD)
              : kinds[2 + random.nextInt(kinds.length - 2)];
      counts.merge(kind, 1, Integer::sum);
      int answer = random.nextInt(answers.size());
      String requestId = "req-" + offset;
      EncryptedPrediction.Builder p =
          EncryptedPrediction.newBuilder()
              .setRequestId(requestId)
              .setModelName("iris")
              .setModelVersion("1")
              .setKeyId(aliceKey)
              .setParameterSetId("any")
              .setOutputCiphertexts(ByteBuffer.wrap(answers.get(answer)))
              .setProcessingTimeMicros(random.nextLong(0, 10_000_000))
              .setRequestCreatedAt(Instant.now())
              .setCompletedAt(Instant.now());
      String recordKey = aliceKey;
      byte[] value;
      switch (kind) {
        case GOOD -> sent.add(requestId);
        case GOOD_EDGE_FIELDS -> {
          sent.add(requestId);
          long[] edges = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0};
          p.setProcessingTimeMicros(edges[random.nextInt(edges.length)])
              .setRequestCreatedAt(Instant.ofEpochMilli(edges[random.nextInt(edges.length)]))
              .setCompletedAt(Instant.ofEpochMilli(edges[random.nextInt(edges.length)]))
              .setModelName(random.nextBoolean() ? "" : "m".repeat(random.nextInt(1, 5000)));
        }
        case OTHER_KEY_INSIDE -> {
          sent.add(requestId);
          p.setKeyId(bob.keyId().hex());
        }
        case HUGE_UNSENT_ID -> p.setRequestId("x".repeat(random.nextInt(1000, 200_000)));
        case OUTPUT_TRUNCATED -> {
          sent.add(requestId);
          byte[] full = answers.get(answer);
          p.setOutputCiphertexts(
              ByteBuffer.wrap(Arrays.copyOf(full, random.nextInt(0, full.length))));
        }
        case OUTPUT_RANDOM -> {
          sent.add(requestId);
          byte[] junk = new byte[random.nextInt(1, 4096)];
          random.nextBytes(junk);
          p.setOutputCiphertexts(ByteBuffer.wrap(junk));
        }
        case OUTPUT_EMPTY -> {
          sent.add(requestId);
          p.setOutputCiphertexts(ByteBuffer.allocate(0));
        }
        case OTHER_CLIENTS_RECORD -> {
          sent.add(requestId);
          recordKey = bob.keyId().hex();
        }
        default -> {}
      }
      byte[] good = serializer.serialize(Topics.PREDICTIONS, p.build());
      value =
          switch (kind) {
            case RANDOM_BYTES -> {
              byte[] junk = new byte[random.nextInt(0, 512)];
              random.nextBytes(junk);
              yield junk;
            }
            case TRUNCATED_AVRO -> Arrays.copyOf(good, random.nextInt(0, good.length - 1));
            case BAD_MAGIC -> {
              byte[] b = good.clone();
              b[0] = (byte) random.nextInt(1, 256);
              yield b;
            }
            case UNKNOWN_SCHEMA_ID -> {
              byte[] b = good.clone();
              ByteBuffer.wrap(b, 1, 4).putInt(random.nextInt(10_000, Integer.MAX_VALUE));
              yield b;
            }
            case TOMBSTONE -> null;
            default -> good;
          };
      recorder.offset = offset;
      judge.accept(new ConsumerRecord<>(Topics.PREDICTIONS, 0, offset, recordKey, value));
      Object outcome = recorder.outcomes.get(offset);
      String where = "seed " + seed + ", offset " + offset + ", " + kind;
      switch (kind) {
        case GOOD, GOOD_EDGE_FIELDS -> {
          assertThat(outcome).as(where).isInstanceOf(DecryptedPrediction.class);
          DecryptedPrediction d = (DecryptedPrediction) outcome;
          assertThat(d.requestId()).as(where).isEqualTo(requestId);
          assertThat(d.outputs()).as(where).containsExactly(clearAnswers.get(answer));
          assertThat(d.serverProcessing().isNegative()).as(where).isFalse();
          assertThat(d.endToEnd().isNegative()).as(where).isFalse();
        }
        case RANDOM_BYTES, TRUNCATED_AVRO, BAD_MAGIC, UNKNOWN_SCHEMA_ID, TOMBSTONE ->
            assertThat(outcome).as(where).isEqualTo(SkippedRecord.Reason.MALFORMED);
        case OTHER_KEY_INSIDE ->
            assertThat(outcome).as(where).isEqualTo(SkippedRecord.Reason.FOREIGN);
        case NOT_SENT, HUGE_UNSENT_ID ->
            assertThat(outcome).as(where).isEqualTo(SkippedRecord.Reason.NOT_SENT);
        case OUTPUT_TRUNCATED, OUTPUT_RANDOM, OUTPUT_EMPTY ->
            assertThat(outcome).as(where).isEqualTo(SkippedRecord.Reason.UNDECRYPTABLE);
        case OTHER_CLIENTS_RECORD -> assertThat(outcome).as(where).isNull();
      }
    }
    long good = counts.getOrDefault(Kind.GOOD, 0) + counts.getOrDefault(Kind.GOOD_EDGE_FIELDS, 0);
    long decrypted =
        recorder.outcomes.values().stream().filter(o -> o instanceof DecryptedPrediction).count();
    assertThat(decrypted).as("good records answered, seed %d", seed).isEqualTo(good);
    System.out.printf(
        "FIGURES hostile prediction records: seed %d, %d records, %d good decrypted (0 lost), per"
            + " kind %s%n",
        seed, count, decrypted, counts);
  }
}
