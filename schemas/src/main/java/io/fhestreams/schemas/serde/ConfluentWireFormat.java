package io.fhestreams.schemas.serde;

/**
 * The Confluent wire format of a record value or key: magic byte {@code 0}, the schema id as a
 * 4-byte big-endian int, then the Avro binary encoding of the record with no container header.
 * Source: Confluent Schema Registry documentation, "Wire format".
 */
public final class ConfluentWireFormat {

  /** The first byte of every framed record. */
  public static final byte MAGIC_BYTE = 0;

  /** Bytes before the Avro body: magic byte + schema id. */
  public static final int HEADER_LENGTH = 5;

  private ConfluentWireFormat() {}

  /**
   * The subject of a topic under Confluent's TopicNameStrategy: {@code <topic>-key} or {@code
   * <topic>-value}.
   */
  public static String topicSubject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
