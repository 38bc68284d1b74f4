package io.fhestreams.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.schemas.avro.DeadLetter;
import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerializerTest {

  private final String scope = "ser-" + UUID.randomUUID();

  private ConfluentAvroSerializer<EncryptedInferenceRequest> serializer(
      Map<String, Object> extra, boolean isKey) {
    Map<String, Object> configs = new java.util.HashMap<>(extra);
    configs.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    ConfluentAvroSerializer<EncryptedInferenceRequest> s = new ConfluentAvroSerializer<>();
    s.configure(configs, isKey);
    return s;
  }

  @Test
  void shouldWriteMagicByteAndBigEndianSchemaId() {
    // occupy ids 1 and 2 so that the request's id has bytes worth checking
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(scope);
    registry.register("a-value", SchemaBuilder.record("A").fields().requiredInt("x").endRecord());
    registry.register("b-value", SchemaBuilder.record("B").fields().requiredInt("x").endRecord());
    registry.register("fhe.requests-value", EncryptedInferenceRequest.getClassSchema());

    byte[] bytes =
        serializer(Map.of(), false)
            .serialize("fhe.requests", TestRecords.request(new SplittableRandom(1)));

    assertThat(bytes[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    assertThat(id).isEqualTo(3);
    assertThat(registry.latestVersion("fhe.requests-value").id()).isEqualTo(id);
  }

  @Test
  void shouldUseKeySubjectForKeys() {
    int id =
        InMemorySchemaRegistry.forScope(scope)
            .register("fhe.requests-key", EncryptedInferenceRequest.getClassSchema());
    EncryptedInferenceRequest request = TestRecords.request(new SplittableRandom(2));
    byte[] bytes = serializer(Map.of(), true).serialize("fhe.requests", request);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    // only the key subject has the schema: as a value the same record has no id
    assertThatThrownBy(() -> serializer(Map.of(), false).serialize("fhe.requests", request))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("fhe.requests-value");
  }

  @Test
  void withAutoRegister_shouldRegisterUnderTheSubject() {
    serializer(Map.of(SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, "true"), true)
        .serialize("fhe.requests", TestRecords.request(new SplittableRandom(2)));
    assertThat(InMemorySchemaRegistry.forScope(scope).latestVersion("fhe.requests-key").schema())
        .isEqualTo(EncryptedInferenceRequest.getClassSchema());
  }

  @Test
  void byDefault_unregisteredSchema_failsInsteadOfRegistering() {
    ConfluentAvroSerializer<EncryptedInferenceRequest> s = serializer(Map.of(), false);
    assertThatThrownBy(
            () -> s.serialize("fhe.requests", TestRecords.request(new SplittableRandom(4))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("fhe.requests-value");
    assertThatThrownBy(
            () -> InMemorySchemaRegistry.forScope(scope).latestVersion("fhe.requests-value"))
        .isInstanceOf(SchemaRegistryException.class);
  }

  @Test
  void shouldSerializeNullAsNull() {
    assertThat(serializer(Map.of(), false).serialize("fhe.requests", null)).isNull();
  }

  @Test
  void withoutAutoRegister_shouldUseRegisteredId() {
    int id =
        InMemorySchemaRegistry.forScope(scope)
            .register("fhe.requests-value", EncryptedInferenceRequest.getClassSchema());
    byte[] bytes =
        serializer(Map.of(SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, "false"), false)
            .serialize("fhe.requests", TestRecords.request(new SplittableRandom(3)));
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
  }

  @Test
  void withoutAutoRegister_unregisteredSchema_fails() {
    ConfluentAvroSerializer<EncryptedInferenceRequest> s =
        serializer(Map.of(SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
    assertThatThrownBy(
            () -> s.serialize("fhe.requests", TestRecords.request(new SplittableRandom(4))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("fhe.requests-value");
  }

  @Test
  void useLatestVersion_shouldUseLatestId() {
    int id =
        InMemorySchemaRegistry.forScope(scope)
            .register("fhe.requests-value", EncryptedInferenceRequest.getClassSchema());
    byte[] bytes =
        serializer(
                Map.of(
                    SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS,
                    "false",
                    SchemaRegistryConfig.USE_LATEST_VERSION,
                    "true"),
                false)
            .serialize("fhe.requests", TestRecords.request(new SplittableRandom(5)));
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
  }

  @Test
  void useLatestVersion_whenLatestIsAnotherSchema_fails() {
    InMemorySchemaRegistry.forScope(scope)
        .register("fhe.requests-value", DeadLetter.getClassSchema());
    ConfluentAvroSerializer<EncryptedInferenceRequest> s =
        serializer(
            Map.of(
                SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS,
                "false",
                SchemaRegistryConfig.USE_LATEST_VERSION,
                "true"),
            false);
    assertThatThrownBy(
            () -> s.serialize("fhe.requests", TestRecords.request(new SplittableRandom(6))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("latest version of subject fhe.requests-value");
  }

  @Test
  void unconfigured_fails() {
    assertThatThrownBy(
            () ->
                new ConfluentAvroSerializer<EncryptedInferenceRequest>()
                    .serialize("t", TestRecords.request(new SplittableRandom(7))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("configure");
  }
}
