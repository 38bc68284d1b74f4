package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.streams.config.AppConfig;
import io.fhestreams.streams.processor.ChecksumTestEvaluator;
import io.fhestreams.streams.processor.FailureReason;
import io.fhestreams.streams.processor.InMemoryTestResolver;
import io.fhestreams.streams.processor.TestRequests;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-record failures that used to escape the processor, and the waits on unknown names. */
class ProcessorHardeningTest {

  private final SplittableRandom random = new SplittableRandom(7);
  private final InMemoryTestResolver resolver = TestRequests.standardResolver();
  private TopologyHarness harness;

  private TopologyHarness start(Map<String, String> settings) {
    harness = new TopologyHarness(resolver, new ChecksumTestEvaluator(), settings);
    return harness;
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private EncryptedInferenceRequest marked(String id, byte marker, int ciphertexts) {
    EncryptedInferenceRequest r = TestRequests.valid(id, random, ciphertexts).build();
    byte[] inputs = TestRequests.inputs(r);
    inputs[0] = marker;
    r.setInputCiphertexts(ByteBuffer.wrap(inputs));
    return r;
  }

  private void pipe(EncryptedInferenceRequest r) {
    harness.requests.pipeInput(r.getKeyId(), r);
  }

  private DeadLetter onlyDeadLetter(FailureReason reason) {
    DeadLetter dl = harness.deadLetters.readValue();
    assertThat(dl.getReason()).as(dl.getMessage()).isEqualTo(reason.name());
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    return dl;
  }

  private void assertAnswered(EncryptedInferenceRequest good) {
    EncryptedPrediction p = harness.predictions.readValue();
    assertThat(p.getRequestId()).isEqualTo(good.getRequestId());
    assertThat(harness.predictions.isEmpty()).isTrue();
  }

  @Test
  void outOfMemoryInOneRecord_isResourceLimitAndTheNextRecordIsAnswered() {
    start(Map.of());
    pipe(marked("r-oom", ChecksumTestEvaluator.OUT_OF_MEMORY_MARKER, 2));
    EncryptedInferenceRequest good = TestRequests.valid("r-good", random, 2).build();
    pipe(good);
    DeadLetter dl = onlyDeadLetter(FailureReason.RESOURCE_LIMIT);
    assertThat(dl.getMessage()).contains("OutOfMemoryError");
    assertThat(dl.getRequestId()).isEqualTo("r-oom");
    assertAnswered(good);
    assertThat(harness.metrics.deadLetterCount(FailureReason.RESOURCE_LIMIT)).isEqualTo(1);
  }

  @Test
  void evaluationPastTheDeadline_isDeadlineExceededAndTheNextRecordIsAnswered() {
    start(Map.of(AppConfig.RECORD_DEADLINE_MS, "200"));
    pipe(marked("r-stall", ChecksumTestEvaluator.STALL_MARKER, 1));
    EncryptedInferenceRequest good = TestRequests.valid("r-good", random, 3).build();
    pipe(good);
    assertThat(onlyDeadLetter(FailureReason.DEADLINE_EXCEEDED).getMessage())
        .contains("PT0.2S")
        .contains("r-stall");
    assertAnswered(good);
  }

  @Test
  void predictionAboveTheRecordLimit_isOutputTooLargeWithoutTheOriginalBytes() {
    start(Map.of(AppConfig.OUTPUT_MAX_BYTES, "4096"));
    // 5,000 ciphertexts: 5,000 output bytes, and an 80 kB request
    EncryptedInferenceRequest big = TestRequests.valid("r-big", random, 5000).build();
    pipe(big);
    EncryptedInferenceRequest good = TestRequests.valid("r-good", random, 3).build();
    pipe(good);
    DeadLetter dl = onlyDeadLetter(FailureReason.OUTPUT_TOO_LARGE);
    assertThat(dl.getMessage())
        .contains("5000 bytes of ciphertexts")
        .contains("app.output.max.bytes = 4096")
        .contains("original value of");
    assertThat(dl.getOriginalValue()).isNull();
    assertThat(dl.getRequestId()).isEqualTo("r-big");
    assertAnswered(good);
  }

  @Test
  void keyPublishedDuringTheGrace_isAnswered() throws Exception {
    start(Map.of(AppConfig.UNKNOWN_GRACE_MS, "5000"));
    EncryptedInferenceRequest early =
        TestRequests.valid("r-early", random, 2).setKeyId(TestRequests.keyId("late")).build();
    Thread publisher =
        new Thread(
            () -> {
              try {
                Thread.sleep(150);
              } catch (InterruptedException e) {
                return;
              }
              resolver.withKey(TestRequests.keyId("late"), TestRequests.PARAMS);
            });
    publisher.start();
    pipe(early);
    publisher.join();
    assertAnswered(early);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    assertThat(resolver.calls()).isGreaterThan(1);
  }

  @Test
  void keyUnknownBeyondTheGrace_isUnknownKeyAndRememberedSoTheNextRequestWaitsNoMore() {
    start(Map.of(AppConfig.UNKNOWN_GRACE_MS, "100"));
    pipe(TestRequests.valid("r-1", random, 1).setKeyId(TestRequests.keyId("never")).build());
    int callsAfterFirst = resolver.calls();
    assertThat(callsAfterFirst).as("looked up again during the grace").isGreaterThan(1);
    pipe(TestRequests.valid("r-2", random, 1).setKeyId(TestRequests.keyId("never")).build());
    assertThat(resolver.calls()).as("answered from the refusal cache").isEqualTo(callsAfterFirst);
    assertThat(harness.deadLetters.readValuesToList())
        .extracting(DeadLetter::getReason)
        .containsExactly("UNKNOWN_KEY", "UNKNOWN_KEY");
  }

  @Test
  void refusedKey_isNotAskedAgainDuringTheGraceNorForTheNextRequest() {
    resolver.withRefusedKey(TestRequests.keyId("garbage"));
    start(Map.of(AppConfig.UNKNOWN_GRACE_MS, "60000"));
    for (int i = 0; i < 5; i++) {
      pipe(TestRequests.valid("r-" + i, random, 1).setKeyId(TestRequests.keyId("garbage")).build());
    }
    assertThat(resolver.calls()).isEqualTo(1);
    var letters = harness.deadLetters.readValuesToList();
    assertThat(letters).extracting(DeadLetter::getReason).containsOnly("UNKNOWN_KEY").hasSize(5);
    assertThat(letters.get(4).getMessage())
        .contains("the blob does not load")
        .contains("remembered");
  }

  @Test
  void refusalCacheOff_asksTheRegistryEachTime() {
    resolver.withRefusedKey(TestRequests.keyId("garbage"));
    start(Map.of(AppConfig.REFUSAL_CACHE_MS, "0"));
    for (int i = 0; i < 3; i++) {
      pipe(TestRequests.valid("r-" + i, random, 1).setKeyId(TestRequests.keyId("garbage")).build());
    }
    assertThat(resolver.calls()).isEqualTo(3);
  }

  @Test
  void oldRequestNamingAnUnknownModel_getsNoGrace() {
    start(Map.of(AppConfig.UNKNOWN_GRACE_MS, "60000"));
    pipe(
        TestRequests.valid("r-old", random, 1)
            .setModelName("not-there")
            .setCreatedAt(Instant.now().minusSeconds(3600))
            .build());
    assertThat(resolver.calls()).isEqualTo(1);
    onlyDeadLetter(FailureReason.UNKNOWN_MODEL);
  }

  @Test
  void hugeNamesAreDeadLetteredWithABoundedMessage() {
    Map<String, String> settings = new HashMap<>();
    settings.put(AppConfig.UNKNOWN_GRACE_MS, "0");
    start(settings);
    String huge = "m".repeat(200_000);
    pipe(TestRequests.valid("r-huge", random, 1).setModelName(huge).build());
    DeadLetter dl = onlyDeadLetter(FailureReason.UNKNOWN_MODEL);
    assertThat(dl.getMessage().length()).isLessThan(3000);
    assertThat(dl.getOriginalValue().remaining()).isGreaterThan(200_000);
  }
}
