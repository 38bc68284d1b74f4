package io.fhestreams.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro record in the Confluent wire format ({@link ConfluentWireFormat}).
 *
 * <p>The schema id comes from the registry under the TopicNameStrategy subject ({@code
 * <topic>-value}, or {@code -key} for keys): registered when {@code auto.register.schemas} is true
 * (the default); else the subject's latest version when {@code use.latest.version} is true (it must
 * be the record's schema); else looked up, never registered. Ids are cached. Thread-safe once
 * configured.
 *
 * @param <T> the generated record class
 */
public class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  static {
    // Avro 1.12 checks the generated classes on writing too
    AvroTrust.trustSchemaPackage();
  }

  private SchemaRegistryClient registry;
  private SchemaRegistryConfig config;
  private boolean isKey;
  private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
  private final Map<SubjectAndSchema, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

  /**
   * The size of the last record written, to size the next one's buffer (up to 1 MiB): a prediction
   * of 8 KiB grew a 256-byte buffer six times.
   */
  private volatile int lastSize = 256;

  /**
   * A cache key compared by the schema's own equality (its hash is cached by Avro): the schema's
   * JSON text as key cost a {@code Schema.toString()} per record.
   */
  private record SubjectAndSchema(String subject, Schema schema) {}

  /** For Kafka's reflective construction; {@link #configure} must follow. */
  public ConfluentAvroSerializer() {}

  /** A serializer already configured with a client and settings. */
  public ConfluentAvroSerializer(
      SchemaRegistryClient registry, SchemaRegistryConfig config, boolean isKey) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.config = Objects.requireNonNull(config, "config");
    this.isKey = isKey;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = SchemaRegistryConfig.fromMap(configs);
    this.registry = SchemaRegistryClients.create(config);
    this.isKey = isKey;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("ConfluentAvroSerializer used before configure()");
    }
    Schema schema = data.getSchema();
    String subject = ConfluentWireFormat.topicSubject(topic, isKey);
    int id;
    try {
      id =
          idsBySubjectAndSchema.computeIfAbsent(
              new SubjectAndSchema(subject, schema), k -> schemaId(subject, schema));
    } catch (SchemaRegistryException e) {
      if (e.isUnavailable()) {
        throw e;
      }
      throw new SerializationException(
          "cannot get a schema id for "
              + schema.getFullName()
              + " under subject "
              + subject
              + ": "
              + e.getMessage(),
          e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(lastSize, 1 << 20) + 64);
    out.write(ConfluentWireFormat.MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot encode " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(),
          e);
    }
    lastSize = out.size();
    return out.toByteArray();
  }

  private int schemaId(String subject, Schema schema) {
    if (config.autoRegisterSchemas()) {
      return registry.register(subject, schema);
    }
    if (config.useLatestVersion()) {
      SchemaVersion latest = registry.latestVersion(subject);
      if (!latest.schema().equals(schema)) {
        throw new SerializationException(
            "use.latest.version: the latest version of subject "
                + subject
                + " (version "
                + latest.version()
                + ", id "
                + latest.id()
                + ") is not the schema of "
                + schema.getFullName()
                + " this serializer writes");
      }
      return latest.id();
    }
    return registry.lookupId(subject, schema);
  }
}
