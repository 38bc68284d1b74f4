package io.fhestreams.schemas;

import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The schema of the records on each topic, by schema-registry subject ({@code <topic>-value}:
 * Confluent's default TopicNameStrategy). A schema registry of this project registers them itself,
 * so that senders and the app only look ids up and need no right to register.
 */
public final class RecordSchemas {

  private RecordSchemas() {}

  /** The value subject of {@code topic} under TopicNameStrategy. */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }

  /** Subject to schema, in topic order: requests, predictions, dead letters. */
  public static Map<String, Schema> bySubject() {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(valueSubject(Topics.REQUESTS), EncryptedInferenceRequest.getClassSchema());
    schemas.put(valueSubject(Topics.PREDICTIONS), EncryptedPrediction.getClassSchema());
    schemas.put(valueSubject(Topics.DEAD_LETTERS), DeadLetter.getClassSchema());
    return schemas;
  }
}
