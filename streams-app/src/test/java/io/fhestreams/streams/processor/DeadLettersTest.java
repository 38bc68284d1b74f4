package io.fhestreams.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void shouldCarryReasonOriginAndBytes() {
    Instant at = Instant.ofEpochMilli(1_700_000_000_000L);
    DeadLetter dl =
        DeadLetters.newDeadLetter(
            FailureReason.UNKNOWN_KEY,
            "no key k",
            "r-1",
            new DeadLetters.RecordOrigin("fhe.requests", 2, 40),
            new byte[] {7},
            new byte[] {1, 2},
            at,
            1 << 20);
    assertThat(dl.getReason()).isEqualTo("UNKNOWN_KEY");
    assertThat(dl.getMessage()).isEqualTo("no key k");
    assertThat(dl.getRequestId()).isEqualTo("r-1");
    assertThat(dl.getOriginalPartition()).isEqualTo(2);
    assertThat(dl.getOriginalOffset()).isEqualTo(40);
    assertThat(dl.getOriginalKey()).isEqualTo(ByteBuffer.wrap(new byte[] {7}));
    assertThat(dl.getOriginalValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
    assertThat(dl.getFailedAt()).isEqualTo(at);
  }

  @Test
  void everyNonRetryableReasonCanBeDeadLettered() {
    for (FailureReason reason : FailureReason.values()) {
      if (reason.retryable()) {
        assertThatThrownBy(
                () ->
                    DeadLetters.newDeadLetter(
                        reason,
                        "m",
                        null,
                        new DeadLetters.RecordOrigin("t", 0, 0),
                        null,
                        null,
                        Instant.EPOCH,
                        1 << 20))
            .hasMessageContaining("retryable");
      } else {
        assertThat(
                DeadLetters.newDeadLetter(
                        reason,
                        "m",
                        null,
                        new DeadLetters.RecordOrigin("t", 0, 0),
                        null,
                        null,
                        Instant.EPOCH,
                        1 << 20)
                    .getReason())
            .isEqualTo(reason.name());
      }
    }
    assertThat(FailureReason.REGISTRY_UNAVAILABLE.retryable()).isTrue();
  }

  @Test
  void originalBytesAboveTheRecordLimit_areLeftOutAndTheMessageSaysSo() {
    byte[] value = new byte[5000];
    DeadLetter dl =
        DeadLetters.newDeadLetter(
            FailureReason.INVALID_REQUEST,
            "x".repeat(10 * DeadLetters.MAX_MESSAGE_CHARS),
            "r-big",
            new DeadLetters.RecordOrigin("fhe.requests", 0, 7),
            new byte[] {1},
            value,
            Instant.EPOCH,
            4096);
    assertThat(dl.getOriginalValue()).isNull();
    assertThat(dl.getOriginalKey()).isEqualTo(ByteBuffer.wrap(new byte[] {1}));
    assertThat(dl.getRequestId()).isEqualTo("r-big");
    assertThat(dl.getMessage())
        .hasSizeLessThan(DeadLetters.MAX_MESSAGE_CHARS + 200)
        .contains("18000 more characters")
        .contains("original value of 5000 bytes left out");

    DeadLetter small =
        DeadLetters.newDeadLetter(
            FailureReason.INVALID_REQUEST,
            "m",
            "r",
            new DeadLetters.RecordOrigin("fhe.requests", 0, 7),
            new byte[] {1},
            new byte[100],
            Instant.EPOCH,
            4096);
    assertThat(small.getOriginalValue()).isEqualTo(ByteBuffer.wrap(new byte[100]));
    assertThat(small.getMessage()).isEqualTo("m");
  }
}
