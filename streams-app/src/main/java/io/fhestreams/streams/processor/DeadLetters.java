package io.fhestreams.streams.processor;

import io.fhestreams.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds {@link DeadLetter} records, the same way for the processor and the deserialization
 * handler.
 */
public final class DeadLetters {

  /** Longest message kept in a dead letter; a longer one (e.g. echoing a huge name) is cut. */
  public static final int MAX_MESSAGE_CHARS = 2000;

  /**
   * Bytes a produced record may take beyond its fields' payloads: Avro lengths, the Confluent
   * header, the record's key, timestamp and headers in the batch (an upper bound, not a
   * measurement).
   */
  public static final int RECORD_OVERHEAD_BYTES = 256;

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
   * @param maxBytes the record limit: when the original bytes would take the dead letter above it,
   *     they are left out (the message says so), so that the dead letter itself is never refused
   */
  public static DeadLetter newDeadLetter(
      FailureReason reason,
      String message,
      String requestId,
      RecordOrigin origin,
      byte[] rawKey,
      byte[] rawValue,
      Instant failedAt,
      int maxBytes) {
    if (reason.retryable()) {
      throw new IllegalArgumentException(reason + " is retryable and must not be dead-lettered");
    }
    String text = abbreviate(message == null ? reason.name() : message, MAX_MESSAGE_CHARS);
    // the record's key is written twice: as the Kafka key and as originalKey
    long fixed =
        RECORD_OVERHEAD_BYTES + utf8Length(text) + utf8Length(origin.topic()) + 2L * length(rawKey);
    if (fixed + utf8Length(requestId) + length(rawValue) > maxBytes && rawValue != null) {
      text += " [original value of " + rawValue.length + " bytes left out: above the record limit]";
      rawValue = null;
    }
    if (fixed + utf8Length(requestId) > maxBytes) {
      text += " [original key and request id left out: above the record limit]";
      rawKey = null;
      requestId = null;
    }
    return DeadLetter.newBuilder()
        .setReason(reason.name())
        .setMessage(text)
        .setRequestId(requestId)
        .setOriginalTopic(origin.topic())
        .setOriginalPartition(origin.partition())
        .setOriginalOffset(origin.offset())
        .setOriginalKey(rawKey == null ? null : ByteBuffer.wrap(rawKey))
        .setOriginalValue(rawValue == null ? null : ByteBuffer.wrap(rawValue))
        .setFailedAt(failedAt)
        .build();
  }

  /** {@code text}, cut to {@code maxChars} characters with a note of the length left out. */
  public static String abbreviate(String text, int maxChars) {
    if (text == null || text.length() <= maxChars) {
      return text;
    }
    return text.substring(0, maxChars) + "... (" + (text.length() - maxChars) + " more characters)";
  }

  /** Bytes of {@code s} in UTF-8 (0 for null), without encoding it. */
  public static long utf8Length(String s) {
    if (s == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static long length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
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
