package io.fhestreams.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a generated Avro record from the Confluent wire format ({@link ConfluentWireFormat}),
 * resolving the writer's schema (fetched by id, cached) against the generated class's schema.
 *
 * <p>Bad bytes fail with a {@link SerializationException} that says what was expected and what was
 * found: too short for the header, wrong magic byte, a schema id the registry does not know,
 * truncated or malformed Avro, or bytes left over after the record. When the registry cannot be
 * reached the {@link SchemaRegistryException} (with {@code isUnavailable()}) is thrown as is: the
 * bytes may be fine.
 *
 * @param <T> the generated record class
 */
public class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  static {
    AvroTrust.trustSchemaPackage();
  }

  private final Schema readerSchema;
  private SchemaRegistryClient registry;
  private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

  /** For use as a Kafka deserializer; {@link #configure} must follow. */
  public ConfluentAvroDeserializer(Class<T> type) {
    this.readerSchema = SpecificData.get().getSchema(Objects.requireNonNull(type, "type"));
  }

  /** A deserializer already bound to a registry client. */
  public ConfluentAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
    this(type);
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.registry = SchemaRegistryClients.create(SchemaRegistryConfig.fromMap(configs));
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("ConfluentAvroDeserializer used before configure()");
    }
    if (data.length < ConfluentWireFormat.HEADER_LENGTH) {
      throw new SerializationException(
          "record on topic "
              + topic
              + " is "
              + data.length
              + " bytes long, expected at least "
              + ConfluentWireFormat.HEADER_LENGTH
              + " (magic byte + 4-byte schema id)");
    }
    if (data[0] != ConfluentWireFormat.MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "record on topic %s starts with magic byte 0x%02x, expected 0x00 (Confluent wire format)",
              topic, data[0] & 0xff));
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    SpecificDatumReader<T> reader;
    try {
      reader =
          readers.computeIfAbsent(
              id, i -> new SpecificDatumReader<>(registry.schemaById(i), readerSchema));
    } catch (SchemaRegistryException e) {
      if (e.isUnavailable()) {
        throw e;
      }
      throw new SerializationException(
          "record on topic "
              + topic
              + " names schema id "
              + id
              + ", which the schema registry does not know: "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new SerializationException(
          "schema id "
              + id
              + " on topic "
              + topic
              + " cannot be read as "
              + readerSchema.getFullName()
              + ": "
              + e.getMessage(),
          e);
    }
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                data,
                ConfluentWireFormat.HEADER_LENGTH,
                data.length - ConfluentWireFormat.HEADER_LENGTH,
                null);
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "truncated or malformed Avro body ("
              + (data.length - ConfluentWireFormat.HEADER_LENGTH)
              + " bytes) for schema id "
              + id
              + " on topic "
              + topic
              + ": "
              + e,
          e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new SerializationException(
            "record on topic "
                + topic
                + " has bytes left after the "
                + readerSchema.getFullName()
                + " body (schema id "
                + id
                + "): expected the record to end there");
      }
    } catch (IOException e) {
      throw new SerializationException("cannot check the end of the record on topic " + topic, e);
    }
    return record;
  }
}
