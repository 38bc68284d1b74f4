package io.fhestreams.streams.topology;

import io.fhestreams.schemas.avro.EncryptedInferenceRequest;
import io.fhestreams.streams.processor.CostBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream threads' main consumer, polling by cost ({@link CostBudget}): of what {@code
 * max.poll.records} returns, it hands on the records whose summed cost estimate stays within the
 * budget (always at least one) and seeks each partition back to its first record not handed on, so
 * that the next poll fetches it again. Its position is then exactly what the stream thread has
 * seen, and Kafka Streams commits nothing beyond it.
 *
 * <p>A record's estimate is its model version's, read from the request's fields; a value that does
 * not decode, or a model not seen yet, counts as the whole budget.
 */
final class CostBoundedConsumer extends KafkaConsumer<byte[], byte[]> {

  private static final Logger LOG = LoggerFactory.getLogger(CostBoundedConsumer.class);

  private final ToLongFunction<byte[]> estimatedNanos;
  private final long budgetNanos;

  CostBoundedConsumer(
      Map<String, Object> config,
      Deserializer<EncryptedInferenceRequest> requests,
      CostBudget budget) {
    super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.budgetNanos = budget.budgetNanos();
    this.estimatedNanos = value -> estimate(requests, budget, value);
  }

  @Override
  public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
    ConsumerRecords<byte[], byte[]> polled = super.poll(timeout);
    Selection selection = select(polled, estimatedNanos, budgetNanos);
    if (!selection.seekBack().isEmpty()) {
      LOG.debug(
          "cost budget: {} of {} polled records handed on, seeking back {}",
          selection.records().count(),
          polled.count(),
          selection.seekBack());
    }
    selection.seekBack().forEach(this::seek);
    return selection.records();
  }

  /**
   * What one poll hands on, and where each partition with records held back must seek to.
   *
   * @param records the records handed on, with their partitions' next offsets
   * @param seekBack partition → first record held back
   */
  record Selection(
      ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, OffsetAndMetadata> seekBack) {}

  /**
   * Takes records partition by partition, in order, while their summed estimate stays within {@code
   * budgetNanos}; the first record is always taken.
   */
  static Selection select(
      ConsumerRecords<byte[], byte[]> polled,
      ToLongFunction<byte[]> estimatedNanos,
      long budgetNanos) {
    if (polled.count() <= 1) {
      return new Selection(polled, Map.of());
    }
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = new LinkedHashMap<>();
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> seekBack = new HashMap<>();
    long spent = 0;
    boolean taken = false;
    boolean full = false;
    for (TopicPartition partition : polled.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
      int count = 0;
      while (!full && count < records.size()) {
        long cost = Math.max(0, estimatedNanos.applyAsLong(records.get(count).value()));
        if (taken && cost > budgetNanos - spent) {
          full = true;
          break;
        }
        spent = cost > Long.MAX_VALUE - spent ? Long.MAX_VALUE : spent + cost;
        taken = true;
        count++;
        full = spent >= budgetNanos;
      }
      if (count == records.size()) {
        kept.put(partition, records);
        OffsetAndMetadata after = polled.nextOffsets().get(partition);
        if (after != null) {
          next.put(partition, after);
        }
        continue;
      }
      ConsumerRecord<byte[], byte[]> first = records.get(count);
      OffsetAndMetadata resume = new OffsetAndMetadata(first.offset(), first.leaderEpoch(), "");
      seekBack.put(partition, resume);
      if (count > 0) {
        kept.put(partition, new ArrayList<>(records.subList(0, count)));
        next.put(partition, resume);
      }
    }
    return new Selection(new ConsumerRecords<>(kept, next), seekBack);
  }

  private static long estimate(
      Deserializer<EncryptedInferenceRequest> requests, CostBudget budget, byte[] value) {
    if (value == null) {
      return 0; // a tombstone is dead-lettered without evaluation
    }
    EncryptedInferenceRequest request;
    try {
      request = requests.deserialize(null, value);
    } catch (RuntimeException e) {
      LOG.debug("no cost estimate for a record, counted as the whole budget: {}", e.toString());
      return budget.budgetNanos();
    }
    return budget.estimatedNanos(request.getModelName(), request.getModelVersion());
  }
}
