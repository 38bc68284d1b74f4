package io.fhestreams.clients.consumer;

/**
 * A record of {@code fhe.predictions} or {@code fhe.requests.dlq} the consumer read and set aside.
 *
 * @param topic where it was read
 * @param partition its partition
 * @param offset its offset
 * @param reason why it was set aside
 * @param detail what was wrong, for a log line (never key material)
 */
public record SkippedRecord(
    String topic, int partition, long offset, Reason reason, String detail) {

  /** Why a record was set aside. */
  public enum Reason {
    /** The bytes are not a readable prediction or dead letter. */
    MALFORMED,
    /** It names this client's key id in its record key but another key id inside. */
    FOREIGN,
    /** A prediction for a request id this client did not send (in the default sent-only mode). */
    NOT_SENT,
    /** The output ciphertexts do not decrypt under this client's key. */
    UNDECRYPTABLE
  }
}
