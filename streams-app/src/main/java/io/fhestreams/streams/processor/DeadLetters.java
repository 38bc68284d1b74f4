package io.fhestreams.streams.processor;

import io.fhestreams.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds {@link DeadLetter} records, the same way for the processor and the deserialization
 * handler.
 */
public final class DeadLetters {

  private DeadLetters() {}

  /**
   * A dead letter for the record at {@code topic}/{@code partition}/{@code offset}.
   *
   * @param reason why it failed; must not be retryable
   * @param message what was expected and what was found
   * @param requestId the request id if the value could be decoded, else null
   * @param origin where the record was read
   * @param rawKey original key bytes, or null
   * @param rawValue original value bytes, or null
   * @param failedAt when it failed
   */
  public static DeadLetter newDeadLetter(
      FailureReason reason,
      String message,
      String requestId,
      RecordOrigin origin,
      byte[] rawKey,
      byte[] rawValue,
      Instant failedAt) {
    if (reason.retryable()) {
      throw new IllegalArgumentException(reason + " is retryable and must not be dead-lettered");
    }
    return DeadLetter.newBuilder()
        .setReason(reason.name())
        .setMessage(message == null ? reason.name() : message)
        .setRequestId(requestId)
        .setOriginalTopic(origin.topic())
        .setOriginalPartition(origin.partition())
        .setOriginalOffset(origin.offset())
        .setOriginalKey(rawKey == null ? null : ByteBuffer.wrap(rawKey))
        .setOriginalValue(rawValue == null ? null : ByteBuffer.wrap(rawValue))
        .setFailedAt(failedAt)
        .build();
  }

  /**
   * Where a record was read.
   *
   * @param topic source topic
   * @param partition source partition, >= 0 (-1 when unknown)
   * @param offset source offset (-1 when unknown)
   */
  public record RecordOrigin(String topic, int partition, long offset) {
    /** Validates the topic. */
    public RecordOrigin {
      if (topic == null) {
        throw new IllegalArgumentException("topic must not be null");
      }
    }
  }
}
