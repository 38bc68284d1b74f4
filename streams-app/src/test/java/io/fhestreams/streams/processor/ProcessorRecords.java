package io.fhestreams.streams.processor;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.InternalFixedKeyRecordFactory;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Records and their metadata for tests that drive an {@link InferenceProcessor} directly. */
final class ProcessorRecords {
  private ProcessorRecords() {}

  /** Metadata of a record of partition 0 of {@code fhe.requests} at the offset {@code offset}. */
  static RecordMetadata requestsPartition0(LongSupplier offset) {
    return new RecordMetadata() {
      @Override
      public String topic() {
        return "fhe.requests";
      }

      @Override
      public int partition() {
        return 0;
      }

      @Override
      public long offset() {
        return offset.getAsLong();
      }
    };
  }

  /** {@code r} as the processor receives it, keyed by its key id. */
  static FixedKeyRecord<String, SourcedRequest> record(EncryptedInferenceRequest r) {
    return InternalFixedKeyRecordFactory.create(
        new Record<>(r.getKeyId(), new SourcedRequest(new byte[] {0, 1, 2}, r), 0L));
  }
}
