package io.fhestreams.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentAvroDeserializerTest {

  private final String scope = "de-" + UUID.randomUUID();
  private final Map<String, Object> configs =
      Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);

  private byte[] validBytes(long seed) {
    // registered as the project's registry does at startup; the serializer only looks the id up
    InMemorySchemaRegistry.forScope(scope)
        .register("fhe.requests-value", EncryptedInferenceRequest.getClassSchema());
    ConfluentAvroSerializer<EncryptedInferenceRequest> s = new ConfluentAvroSerializer<>();
    s.configure(configs, false);
    return s.serialize("fhe.requests", TestRecords.request(new SplittableRandom(seed)));
  }

  private ConfluentAvroDeserializer<EncryptedInferenceRequest> deserializer() {
    ConfluentAvroDeserializer<EncryptedInferenceRequest> d =
        new ConfluentAvroDeserializer<>(EncryptedInferenceRequest.class);
    d.configure(configs, false);
    return d;
  }

  @Test
  void shouldReadWhatTheSerializerWrote() {
    for (long seed = 0; seed < 50; seed++) {
      EncryptedInferenceRequest expected = TestRecords.request(new SplittableRandom(seed));
      assertThat(deserializer().deserialize("fhe.requests", validBytes(seed)))
          .as("seed %d", seed)
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldReadNewerWriterSchemaByResolution() throws Exception {
    // a writer schema with an extra field (a newer producer) is read by schema resolution, the
    // field skipped
    Schema extended =
        SchemaBuilder.record("EncryptedInferenceRequest")
            .namespace("io.fhestreams.schemas.avro")
            .fields()
            .requiredString("requestId")
            .requiredString("modelName")
            .requiredString("modelVersion")
            .requiredString("keyId")
            .requiredString("parameterSetId")
            .requiredBytes("inputCiphertexts")
            .name("createdAt")
            .type(Schema.create(Schema.Type.LONG))
            .noDefault()
            .requiredString("extra")
            .endRecord();
    int id = InMemorySchemaRegistry.forScope(scope).register("other-value", extended);
    GenericRecord r = new GenericData.Record(extended);
    r.put("requestId", "r1");
    r.put("modelName", "m");
    r.put("modelVersion", "1");
    r.put("keyId", "k");
    r.put("parameterSetId", "p");
    r.put("inputCiphertexts", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    r.put("createdAt", 1234L);
    r.put("extra", "ignored");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(extended).write(r, enc);
    enc.flush();

    EncryptedInferenceRequest read = deserializer().deserialize("other", out.toByteArray());
    assertThat(read.getRequestId()).isEqualTo("r1");
    assertThat(read.getCreatedAt().toEpochMilli()).isEqualTo(1234L);
    assertThat(read.getInputCiphertexts()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
  }

  @Test
  void null_deserializesToNull() {
    assertThat(deserializer().deserialize("fhe.requests", null)).isNull();
  }

  @Test
  void wrongMagicByte_fails() {
    byte[] bytes = validBytes(1);
    bytes[0] = 7;
    assertThatThrownBy(() -> deserializer().deserialize("fhe.requests", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0x07, expected 0x00");
  }

  @Test
  void tooShort_fails() {
    assertThatThrownBy(() -> deserializer().deserialize("fhe.requests", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes long, expected at least 5");
  }

  @Test
  void unknownSchemaId_fails() {
    byte[] bytes = validBytes(2);
    ByteBuffer.wrap(bytes, 1, 4).putInt(987_654);
    assertThatThrownBy(() -> deserializer().deserialize("fhe.requests", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 987654")
        .hasMessageContaining("does not know");
  }

  @Test
  void truncatedAvro_fails() {
    byte[] bytes = validBytes(3);
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
    assertThatThrownBy(() -> deserializer().deserialize("fhe.requests", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated or malformed Avro");
  }

  @Test
  void trailingBytes_fail() {
    byte[] bytes = validBytes(4);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> deserializer().deserialize("fhe.requests", longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("bytes left after");
  }

  @Test
  void randomCorruption_failsOnlyWithSerializationException() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] valid = validBytes(5);
    int failures = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] bytes =
          random.nextBoolean() ? Arrays.copyOf(valid, random.nextInt(valid.length)) : valid.clone();
      if (bytes.length > 5 && random.nextBoolean()) {
        bytes[random.nextInt(5, bytes.length)] = (byte) random.nextInt(256);
      } else if (bytes.length > 5) {
        TestRecords.bytes(random, bytes.length - 5);
        System.arraycopy(
            TestRecords.bytes(random, bytes.length - 5), 0, bytes, 5, bytes.length - 5);
      }
      try {
        deserializer().deserialize("fhe.requests", bytes);
      } catch (SerializationException e) {
        failures++;
      } catch (RuntimeException | OutOfMemoryError e) {
        fail("seed " + seed + ", case " + i + ": expected SerializationException, got " + e, e);
      }
    }
    assertThat(failures).as("seed %d", seed).isPositive();
  }

  @Test
  void unreachableRegistry_failsAsUnavailableNotAsBadBytes() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    ConfluentAvroDeserializer<EncryptedInferenceRequest> d =
        new ConfluentAvroDeserializer<>(EncryptedInferenceRequest.class);
    d.configure(
        Map.of(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort), false);
    byte[] bytes = validBytes(6);
    assertThatThrownBy(() -> d.deserialize("fhe.requests", bytes))
        .isInstanceOf(SchemaRegistryException.class)
        .isNotInstanceOf(SerializationException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isUnavailable()).isTrue());
  }
}
