package io.fhestreams.clients.consumer;

import io.fhestreams.clients.producer.ClientIdentity;
import io.fhestreams.schemas.RequestKey;
import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Judges one record read by a {@link PredictionConsumer}: decrypts a prediction of this client's
 * key id for a request it sent, passes on a dead letter of its key id, and sets aside everything
 * else with a reason. Every byte is the sender's or another client's: nothing here throws.
 */
final class PredictionRecords {

  /** What becomes of a record. */
  interface Sink {
    /** A prediction for this client, decrypted. */
    void prediction(DecryptedPrediction prediction);

    /** A dead letter of a request of this client. */
    void deadLetter(DeadLetter deadLetter);

    /** A record set aside. */
    void skipped(SkippedRecord skipped);

    /** The answer to {@code requestId} (sent by this client) does not decrypt. */
    void undecryptable(String requestId, String message);
  }

  private final ClientIdentity identity;
  private final String keyId;
  private final Deserializer<EncryptedPrediction> predictions;
  private final Deserializer<DeadLetter> deadLetters;
  private final Predicate<String> accepted;
  private final Sink sink;

  /**
   * @param accepted which request ids to decrypt (those sent, or every one of the key id)
   */
  PredictionRecords(
      ClientIdentity identity,
      Deserializer<EncryptedPrediction> predictions,
      Deserializer<DeadLetter> deadLetters,
      Predicate<String> accepted,
      Sink sink) {
    this.identity = identity;
    this.keyId = identity.keyId().hex();
    this.predictions = predictions;
    this.deadLetters = deadLetters;
    this.accepted = accepted;
    this.sink = sink;
  }

  void accept(ConsumerRecord<String, byte[]> r) {
    if (r.topic().equals(Topics.PREDICTIONS)) {
      onPrediction(r);
    } else {
      onDeadLetter(r);
    }
  }

  private void onPrediction(ConsumerRecord<String, byte[]> r) {
    if (!keyId.equals(r.key())) {
      return; // another client's, on the same partition: not ours to count
    }
    EncryptedPrediction p;
    try {
      p = predictions.deserialize(r.topic(), r.value());
      if (p == null) {
        skip(r, SkippedRecord.Reason.MALFORMED, "no value (a tombstone)");
        return;
      }
    } catch (RuntimeException e) {
      skip(r, SkippedRecord.Reason.MALFORMED, e.getMessage());
      return;
    }
    if (!keyId.equals(p.getKeyId())) {
      skip(
          r,
          SkippedRecord.Reason.FOREIGN,
          "the prediction names key id " + abbreviate(p.getKeyId()));
      return;
    }
    if (!accepted.test(p.getRequestId())) {
      skip(
          r,
          SkippedRecord.Reason.NOT_SENT,
          "request id " + abbreviate(p.getRequestId()) + " was not sent by this client");
      return;
    }
    DecryptedPrediction d;
    try {
      byte[] out = bytes(p.getOutputCiphertexts());
      long[] outputs = identity.client().decrypt(out);
      d =
          new DecryptedPrediction(
              p.getRequestId(),
              p.getModelName(),
              p.getModelVersion(),
              outputs,
              identity.client().artifact().dequantize(outputs),
              nonNegative(Duration.of(p.getProcessingTimeMicros(), ChronoUnit.MICROS)),
              nonNegative(Duration.between(p.getRequestCreatedAt(), java.time.Instant.now())),
              out.length);
    } catch (RuntimeException e) {
      String message =
          "prediction for request "
              + abbreviate(p.getRequestId())
              + " could not be decrypted: "
              + e.getMessage();
      sink.undecryptable(p.getRequestId(), message);
      skip(r, SkippedRecord.Reason.UNDECRYPTABLE, message);
      return;
    }
    sink.prediction(d);
  }

  private void onDeadLetter(ConsumerRecord<String, byte[]> r) {
    DeadLetter dl;
    try {
      dl = deadLetters.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      skip(r, SkippedRecord.Reason.MALFORMED, e.getMessage());
      return;
    }
    if (dl == null || dl.getRequestId() == null || dl.getOriginalKey() == null) {
      return; // not a request of a client (e.g. undecodable bytes)
    }
    String originalKey = new String(bytes(dl.getOriginalKey()), StandardCharsets.UTF_8);
    if (isOwnRequestKey(originalKey)) {
      sink.deadLetter(dl);
    }
  }

  /** Whether a request's record key is this key id's: alone, or with any spread bucket. */
  private boolean isOwnRequestKey(String recordKey) {
    try {
      return RequestKey.parse(recordKey).keyId().equals(keyId);
    } catch (IllegalArgumentException e) {
      return false; // not a key this client sends with
    }
  }

  private void skip(ConsumerRecord<String, byte[]> r, SkippedRecord.Reason reason, String detail) {
    sink.skipped(
        new SkippedRecord(r.topic(), r.partition(), r.offset(), reason, abbreviate(detail)));
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
