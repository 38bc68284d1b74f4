package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.ChecksumTestEvaluator;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InMemoryTestResolver;
import io.fhestreams.streams.processor.ModelCoordinates;
import io.fhestreams.streams.processor.TestRequests;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated requests through the whole topology (test driver, test evaluator): legal
 * Avro at the edges of every field's range, wrong names and keys, bad ciphertext blobs, bytes that
 * are not Avro, and evaluations that fail, exhaust memory or stall, interleaved with good requests.
 * Each bad record must end as exactly one dead letter with its exact reason, each good one as
 * exactly one correct prediction. Count: {@code -Dhostile.requests.count} (default 2000); seed:
 * {@code -Dhostile.requests.seed}.
 */
class HostileRequestsTest {

  /** A generated case and the reason it must be dead-lettered with (null: a prediction). */
  enum Kind {
    GOOD(null),
    GOOD_EDGE_FIELDS(null),
    RECORD_KEY_NOT_KEY_ID(FailureReason.INVALID_REQUEST),
    BLANK_FIELD(FailureReason.INVALID_REQUEST),
    TOMBSTONE(FailureReason.INVALID_REQUEST),
    UNKNOWN_MODEL(FailureReason.UNKNOWN_MODEL),
    UNKNOWN_KEY(FailureReason.UNKNOWN_KEY),
    REFUSED_KEY(FailureReason.UNKNOWN_KEY),
    OTHER_PARAMETER_SET(FailureReason.PARAMETER_SET_MISMATCH),
    CIPHERTEXT_TRUNCATED(FailureReason.WRONG_CIPHERTEXT_SIZE),
    OUTPUT_TOO_LARGE(FailureReason.OUTPUT_TOO_LARGE),
    NOT_AVRO(FailureReason.UNDECODABLE),
    EVALUATION_FAILS(FailureReason.EVALUATION_ERROR),
    EVALUATOR_BUG(FailureReason.INTERNAL_ERROR),
    OUT_OF_MEMORY(FailureReason.RESOURCE_LIMIT),
    STALLS(FailureReason.DEADLINE_EXCEEDED);

    final FailureReason reason;

    Kind(FailureReason reason) {
      this.reason = reason;
    }
  }

  private static final int OUTPUT_LIMIT = 16_384;
  private static final int MAX_STALLS = 10;

  private final InMemoryTestResolver resolver =
      TestRequests.standardResolver().withRefusedKey(TestRequests.keyId("garbage"));
  private TopologyHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void everyBadRequestIsDeadLetteredForItsReasonAndEveryGoodOneAnsweredOnce() {
    int count = Integer.getInteger("hostile.requests.count", 2000);
    long seed = Long.getLong("hostile.requests.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    harness =
        new TopologyHarness(
            resolver,
            new ChecksumTestEvaluator(),
            Map.of(
                AppConfig.UNKNOWN_GRACE_MS, "0",
                AppConfig.RECORD_DEADLINE_MS, "300",
                AppConfig.OUTPUT_MAX_BYTES, Integer.toString(OUTPUT_LIMIT)));
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    Kind[] kinds = Kind.values();
    long answered = 0;
    for (int i = 0; i < count; i++) {
      Kind kind;
      do {
        kind =
            random.nextBoolean()
                ? (random.nextInt(3) == 0 ? Kind.GOOD_EDGE_FIELDS : Kind.GOOD)
                : kinds[2 + random.nextInt(kinds.length - 2)];
      } while (kind == Kind.STALLS && counts.getOrDefault(Kind.STALLS, 0) >= MAX_STALLS);
      counts.merge(kind, 1, Integer::sum);
      String where = "seed " + seed + ", case " + i + ", " + kind;
      EncryptedInferenceRequest request = generate(kind, "r-" + i, random);
      if (kind == Kind.TOMBSTONE) {
        harness.rawRequests.pipeInput(TestRequests.KEY, (byte[]) null);
      } else if (kind == Kind.NOT_AVRO) {
        harness.rawRequests.pipeInput(request.getKeyId(), notAvro(request, random));
      } else if (kind == Kind.RECORD_KEY_NOT_KEY_ID) {
        harness.requests.pipeInput(
            request.getKeyId().equals(TestRequests.keyId("bob"))
                ? TestRequests.KEY
                : TestRequests.keyId("bob"),
            request);
      } else {
        harness.requests.pipeInput(request.getKeyId(), request);
      }
      List<TestRecord<String, EncryptedPrediction>> predictions =
          harness.predictions.readRecordsToList();
      List<DeadLetter> deadLetters = harness.deadLetters.readValuesToList();
      if (kind.reason == null) {
        assertThat(deadLetters).as(where).isEmpty();
        assertThat(predictions).as(where).hasSize(1);
        assertAnswers(predictions.get(0), request, where);
        answered++;
      } else {
        assertThat(predictions).as(where).isEmpty();
        assertThat(deadLetters).as(where).hasSize(1);
        assertThat(deadLetters.get(0).getReason())
            .as(where + ": " + deadLetters.get(0).getMessage())
            .isEqualTo(kind.reason.name());
        assertThat(deadLetters.get(0).getMessage().length()).as(where).isLessThan(2500);
      }
    }
    long good = counts.getOrDefault(Kind.GOOD, 0) + counts.getOrDefault(Kind.GOOD_EDGE_FIELDS, 0);
    assertThat(answered).isEqualTo(good);
    System.out.printf(
        "FIGURES hostile requests: seed %d, %d records, %d good answered once each (0 lost), per"
            + " kind %s%n",
        seed, count, answered, counts);
  }

  private static void assertAnswers(
      TestRecord<String, EncryptedPrediction> out,
      EncryptedInferenceRequest request,
      String where) {
    EncryptedPrediction p = out.value();
    assertThat(out.key()).as(where).isEqualTo(request.getKeyId());
    assertThat(p.getRequestId()).as(where).isEqualTo(request.getRequestId());
    assertThat(p.getRequestCreatedAt()).as(where).isEqualTo(request.getCreatedAt());
    byte[] expected =
        ChecksumTestEvaluator.expectedOutput(
            new ModelCoordinates(
                request.getModelName(), request.getModelVersion(), request.getKeyId()),
            TestRequests.inputs(request));
    assertThat(p.getOutputCiphertexts()).as(where).isEqualTo(ByteBuffer.wrap(expected));
  }

  private EncryptedInferenceRequest generate(Kind kind, String id, SplittableRandom random) {
    EncryptedInferenceRequest.Builder b = TestRequests.valid(id, random, 1 + random.nextInt(8));
    if (random.nextBoolean()) {
      b.setKeyId(TestRequests.keyId("bob"));
    }
    switch (kind) {
      case GOOD_EDGE_FIELDS -> {
        long[] edges = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Long.MIN_VALUE + 1};
        b.setCreatedAt(Instant.ofEpochMilli(edges[random.nextInt(edges.length)]));
        // at most 2 UTF-8 bytes a char: the prediction stays below the record limit
        int idLength = random.nextInt(4) == 0 ? random.nextInt(1000, 4000) : random.nextInt(3);
        b.setRequestId(text(random, idLength));
      }
      case BLANK_FIELD -> {
        String blank = random.nextBoolean() ? "" : " \t\n".substring(0, 1 + random.nextInt(3));
        switch (random.nextInt(4)) {
          case 0 -> b.setModelName(blank);
          case 1 -> b.setModelVersion(blank);
          case 2 -> b.setParameterSetId(blank);
          default -> b.setKeyId(blank);
        }
      }
      case UNKNOWN_MODEL -> {
        String[] versions = {
          "0",
          "-1",
          "2",
          "9223372036854775807",
          "-9223372036854775808",
          "99999999999999999999",
          "1.0",
          "v1",
          "ï"
        };
        if (random.nextBoolean()) {
          b.setModelVersion(versions[random.nextInt(versions.length)]);
        } else {
          b.setModelName(text(random, 1 + random.nextInt(random.nextBoolean() ? 20 : 200_000)));
        }
      }
      case UNKNOWN_KEY -> b.setKeyId(TestRequests.keyId(text(random, 1 + random.nextInt(64))));
      case REFUSED_KEY -> b.setKeyId(TestRequests.keyId("garbage"));
      case OTHER_PARAMETER_SET -> {
        if (random.nextBoolean()) {
          b.setParameterSetId("TFHE_6BIT_128");
        } else {
          b.setModelName("other-params-model").setParameterSetId("TFHE_6BIT_128");
        }
      }
      case CIPHERTEXT_TRUNCATED -> {
        byte[] inputs = TestRequests.inputs(b.build());
        int length =
            random.nextBoolean()
                ? 0
                : 1 + random.nextInt(inputs.length + InMemoryTestResolver.CIPHERTEXT_SIZE);
        if (length % InMemoryTestResolver.CIPHERTEXT_SIZE == 0) {
          length++;
        }
        b.setInputCiphertexts(ByteBuffer.wrap(Arrays.copyOf(inputs, length)));
      }
      case OUTPUT_TOO_LARGE -> {
        if (random.nextBoolean()) {
          EncryptedInferenceRequest big =
              TestRequests.valid(id, random, OUTPUT_LIMIT + 1 + random.nextInt(1000)).build();
          b.setInputCiphertexts(big.getInputCiphertexts());
        } else {
          // a request id echoed in the prediction
          b.setRequestId(text(random, OUTPUT_LIMIT + random.nextInt(100_000)));
        }
      }
      case EVALUATION_FAILS -> mark(b, ChecksumTestEvaluator.EVALUATION_ERROR_MARKER);
      case EVALUATOR_BUG -> mark(b, ChecksumTestEvaluator.BUG_MARKER);
      case OUT_OF_MEMORY -> mark(b, ChecksumTestEvaluator.OUT_OF_MEMORY_MARKER);
      case STALLS -> mark(b, ChecksumTestEvaluator.STALL_MARKER);
      default -> {}
    }
    return b.build();
  }

  private static void mark(EncryptedInferenceRequest.Builder b, byte marker) {
    byte[] inputs = TestRequests.inputs(b.build());
    inputs[0] = marker;
    b.setInputCiphertexts(ByteBuffer.wrap(inputs));
  }

  /** Random text: ASCII, Latin-1 and astral characters. */
  private static String text(SplittableRandom random, int length) {
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      switch (random.nextInt(3)) {
        case 0 -> s.append((char) ('a' + random.nextInt(26)));
        case 1 -> s.append((char) (0xa0 + random.nextInt(0x60)));
        default -> s.appendCodePoint(0x1F600 + random.nextInt(64));
      }
    }
    return s.toString();
  }

  private byte[] notAvro(EncryptedInferenceRequest request, SplittableRandom random) {
    byte[] good = harness.requestSerializer.serialize(Topics.REQUESTS, request);
    return switch (random.nextInt(4)) {
      case 0 -> {
        // 1 to 255 random bytes that do not start with the wire format's magic byte 0
        byte[] junk = new byte[random.nextInt(1, 256)];
        random.nextBytes(junk);
        if (junk[0] == 0) {
          junk[0] = 1;
        }
        yield junk;
      }
      case 1 -> Arrays.copyOf(good, 1 + random.nextInt(good.length - 1));
      case 2 -> {
        byte[] b = good.clone();
        ByteBuffer.wrap(b, 1, 4).putInt(random.nextInt(10_000, Integer.MAX_VALUE));
        yield b;
      }
      default -> {
        byte[] b = good.clone();
        b[0] = (byte) (1 + random.nextInt(255));
        yield b;
      }
    };
  }
}
