package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.Topics;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.ConfluentAvroDeserializer;
import io.fhestreams.schemas.serde.ConfluentAvroSerializer;
import io.fhestreams.streams.processor.ChecksumTestEvaluator;
import io.fhestreams.streams.processor.InMemoryTestResolver;
import io.fhestreams.streams.processor.ModelCoordinates;
import io.fhestreams.streams.processor.TestRequests;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Requests spread over several keys, produced in the wire format, and checks of the predictions.
 */
final class IntegrationRequests {

  static final int KEYS = 8;

  private final ConfluentAvroSerializer<EncryptedInferenceRequest> serializer =
      new ConfluentAvroSerializer<>();
  private final ConfluentAvroDeserializer<EncryptedPrediction> predictionReader =
      new ConfluentAvroDeserializer<>(EncryptedPrediction.class);
  private final SplittableRandom random;

  IntegrationRequests(String registryUrl, long seed) {
    serializer.configure(Map.of("schema.registry.url", registryUrl), false);
    predictionReader.configure(Map.of("schema.registry.url", registryUrl), false);
    random = new SplittableRandom(seed);
  }

  /** The test resolver, knowing the test model and every key used here. */
  static InMemoryTestResolver resolver() {
    InMemoryTestResolver r = TestRequests.standardResolver();
    for (int k = 0; k < KEYS; k++) {
      r.withKey(keyId(k), TestRequests.PARAMS);
    }
    return r;
  }

  static String keyId(int k) {
    return TestRequests.keyId(Integer.toString(k));
  }

  /** A valid request with id {@code id} for key {@code id mod KEYS}. */
  EncryptedInferenceRequest valid(int id) {
    return TestRequests.valid("req-" + id, random, 1 + random.nextInt(4))
        .setKeyId(keyId(id % KEYS))
        .build();
  }

  byte[] bytes(EncryptedInferenceRequest r) {
    return serializer.serialize(Topics.REQUESTS, r);
  }

  void send(KafkaProducer<String, byte[]> producer, EncryptedInferenceRequest r) {
    producer.send(new ProducerRecord<>(Topics.REQUESTS, r.getKeyId(), bytes(r)));
  }

  EncryptedPrediction decode(ConsumerRecord<String, byte[]> record) {
    return predictionReader.deserialize(record.topic(), record.value());
  }

  /**
   * Asserts one prediction per sent request (none lost, none duplicated), each correct, in order
   * per key.
   */
  void assertExactlyOnce(
      List<EncryptedInferenceRequest> sent, List<ConsumerRecord<String, byte[]>> predictions) {
    Map<String, EncryptedInferenceRequest> byId = new HashMap<>();
    sent.forEach(r -> byId.put(r.getRequestId(), r));
    Map<String, Integer> seen = new HashMap<>();
    Map<String, List<String>> orderByKey = new HashMap<>();
    for (ConsumerRecord<String, byte[]> rec : predictions) {
      EncryptedPrediction p = decode(rec);
      EncryptedInferenceRequest r = byId.get(p.getRequestId());
      assertThat(r).as("prediction for an unknown request %s", p.getRequestId()).isNotNull();
      seen.merge(p.getRequestId(), 1, Integer::sum);
      orderByKey.computeIfAbsent(rec.key(), k -> new ArrayList<>()).add(p.getRequestId());
      byte[] expected =
          ChecksumTestEvaluator.expectedOutput(
              new ModelCoordinates(r.getModelName(), r.getModelVersion(), r.getKeyId()),
              TestRequests.inputs(r));
      assertThat(p.getOutputCiphertexts())
          .as(p.getRequestId())
          .isEqualTo(ByteBuffer.wrap(expected));
    }
    long lost = sent.stream().filter(r -> !seen.containsKey(r.getRequestId())).count();
    long duplicated = seen.values().stream().filter(n -> n > 1).count();
    assertThat(lost).as("requests without a prediction").isZero();
    assertThat(duplicated).as("requests with more than one prediction").isZero();
    assertThat(predictions).hasSameSizeAs(sent);
    Map<String, List<String>> sentOrder = new HashMap<>();
    sent.forEach(
        r -> sentOrder.computeIfAbsent(r.getKeyId(), k -> new ArrayList<>()).add(r.getRequestId()));
    assertThat(orderByKey).as("order per key").isEqualTo(sentOrder);
  }
}
