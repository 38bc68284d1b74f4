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
            at);
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
                        Instant.EPOCH))
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
                        Instant.EPOCH)
                    .getReason())
            .isEqualTo(reason.name());
      }
    }
    assertThat(FailureReason.REGISTRY_UNAVAILABLE.retryable()).isTrue();
  }
}
