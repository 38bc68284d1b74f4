package io.fhestreams.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.schemas.avro.EncryptedPrediction;
import io.fhestreams.schemas.serde.AvroTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request and prediction schemas that added {@code modelStage} evolve the first ones (kept in
 * {@code src/test/resources/avro/v1}) compatibly in both directions: records of old producers
 * decode with the new classes (no stage), and old readers skip the new field.
 */
class RecordSchemasEvolutionTest {

  @BeforeAll
  static void trustGeneratedClasses() {
    AvroTrust.trustSchemaPackage();
  }

  private static Schema v1(String file) throws IOException {
    try (InputStream in =
        RecordSchemasEvolutionTest.class.getResourceAsStream("/avro/v1/" + file)) {
      return new Schema.Parser().parse(in);
    }
  }

  private static void assertFullyCompatible(Schema current, Schema previous) {
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, previous).getType())
        .as("the new schema reads the previous one's data")
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(previous, current).getType())
        .as("the previous schema reads the new one's data")
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void shouldEvolveTheFirstRequestAndPredictionSchemasBothWays() throws IOException {
    assertFullyCompatible(
        EncryptedInferenceRequest.getClassSchema(), v1("EncryptedInferenceRequest.avsc"));
    assertFullyCompatible(EncryptedPrediction.getClassSchema(), v1("EncryptedPrediction.avsc"));
    assertThat(RecordSchemas.bySubject().get(RecordSchemas.valueSubject(Topics.REQUESTS)))
        .isEqualTo(EncryptedInferenceRequest.getClassSchema());
  }

  @Test
  void oldProducersRequest_decodesWithoutAStage() throws IOException {
    Schema old = v1("EncryptedInferenceRequest.avsc");
    GenericRecord record = new GenericData.Record(old);
    record.put("requestId", "r-1");
    record.put("modelName", "iris");
    record.put("modelVersion", "3");
    record.put("keyId", "ab".repeat(32));
    record.put("parameterSetId", "TFHE_4BIT_128");
    record.put("inputCiphertexts", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    record.put("createdAt", 1_700_000_000_000L);
    byte[] bytes = write(old, record);

    EncryptedInferenceRequest read =
        new SpecificDatumReader<EncryptedInferenceRequest>(
                old, EncryptedInferenceRequest.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    assertThat(read.getModelVersion()).isEqualTo("3");
    assertThat(read.getModelStage()).isNull();
    assertThat(read.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
  }

  @Test
  void oldReaders_seeAStageAddressedRequestAsItsPinnedVersion() throws IOException {
    EncryptedInferenceRequest request =
        EncryptedInferenceRequest.newBuilder()
            .setRequestId("r-2")
            .setModelName("iris")
            .setModelVersion("4")
            .setKeyId("cd".repeat(32))
            .setParameterSetId("TFHE_4BIT_128")
            .setInputCiphertexts(ByteBuffer.wrap(new byte[] {9}))
            .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_123L))
            .setModelStage("production")
            .build();
    Schema current = EncryptedInferenceRequest.getClassSchema();
    byte[] bytes = write(current, request);
    Schema old = v1("EncryptedInferenceRequest.avsc");
    GenericRecord read =
        new GenericDatumReader<GenericRecord>(current, old)
            .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    assertThat(read.get("modelVersion").toString()).isEqualTo("4");
    assertThat(read.get("requestId").toString()).isEqualTo("r-2");
    assertThat(read.getSchema().getField("modelStage")).isNull();
  }

  private static byte[] write(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    DatumWriter<GenericRecord> writer =
        record instanceof SpecificRecord
            ? new SpecificDatumWriter<>(schema)
            : new GenericDatumWriter<>(schema);
    writer.write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
