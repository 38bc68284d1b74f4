package io.fhestreams.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

  private static <T extends SpecificRecord> void assertRoundTrips(
      Class<T> type, String topic, Function<SplittableRandom, T> sample) throws Exception {
    try (ConfluentRegistryTestServer server = ConfluentRegistryTestServer.start()) {
      // the schema is registered as the project's registry registers its record schemas at
      // startup; the serializer (auto.register.schemas off by default) only looks its id up
      int id = server.registry().register(topic + "-value", SpecificData.get().getSchema(type));
      Map<String, Object> configs = Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, server.url());
      // writer and reader are separate serde instances: the reader learns the schema by id over
      // HTTP
      ConfluentAvroSerde<T> writer = ConfluentAvroSerde.configured(type, configs, false);
      ConfluentAvroSerde<T> reader = ConfluentAvroSerde.configured(type, configs, false);
      for (long seed = 0; seed < 30; seed++) {
        T record = sample.apply(new SplittableRandom(seed));
        byte[] bytes = writer.serializer().serialize(topic, record);
        assertThat(reader.deserializer().deserialize(topic, bytes))
            .as("seed %d", seed)
            .isEqualTo(record);
      }
      // caches: one id lookup, one schema fetch, whatever the number of records
      assertThat(server.requests)
          .containsExactly("POST /subjects/" + topic + "-value", "GET /schemas/ids/" + id);
    }
  }

  @Test
  void shouldRoundTripRequests() throws Exception {
    assertRoundTrips(EncryptedInferenceRequest.class, "fhe.requests", TestRecords::request);
  }

  @Test
  void shouldRoundTripPredictions() throws Exception {
    assertRoundTrips(EncryptedPrediction.class, "fhe.predictions", TestRecords::prediction);
  }

  @Test
  void shouldRoundTripDeadLetters() throws Exception {
    assertRoundTrips(DeadLetter.class, "fhe.requests.dlq", TestRecords::deadLetter);
  }
}
