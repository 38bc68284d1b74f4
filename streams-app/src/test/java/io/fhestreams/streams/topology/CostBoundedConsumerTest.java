package io.fhestreams.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which records of a poll the stream thread gets, and where the consumer seeks back to. */
class CostBoundedConsumerTest {

  private static final TopicPartition P0 = new TopicPartition("fhe.requests", 0);
  private static final TopicPartition P1 = new TopicPartition("fhe.requests", 1);

  /** Records whose value's first byte is their cost in nanoseconds. */
  private static ConsumerRecords<byte[], byte[]> polled(int[] costs0, int[] costs1) {
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
    Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
    int[][] costs = {costs0, costs1};
    TopicPartition[] partitions = {P0, P1};
    for (int p = 0; p < 2; p++) {
      List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
      for (int i = 0; i < costs[p].length; i++) {
        list.add(
            new ConsumerRecord<>(
                partitions[p].topic(),
                p,
                100 + i,
                0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                1,
                new byte[0],
                new byte[] {(byte) costs[p][i]},
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                Optional.of(5)));
      }
      if (!list.isEmpty()) {
        records.put(partitions[p], list);
        next.put(partitions[p], new OffsetAndMetadata(100 + list.size(), Optional.of(5), ""));
      }
    }
    return new ConsumerRecords<>(records, next);
  }

  private static CostBoundedConsumer.Selection select(
      ConsumerRecords<byte[], byte[]> polled, long budget) {
    return CostBoundedConsumer.select(polled, value -> value[0], budget);
  }

  private static List<Long> offsets(ConsumerRecords<byte[], byte[]> records, TopicPartition p) {
    return records.records(p).stream().map(ConsumerRecord::offset).toList();
  }

  @Test
  void cheapRecordsWithinTheBudget_areAllHandedOn() {
    ConsumerRecords<byte[], byte[]> polled = polled(new int[] {1, 1, 1}, new int[] {1, 1});
    CostBoundedConsumer.Selection s = select(polled, 100);
    assertThat(s.records().count()).isEqualTo(5);
    assertThat(s.seekBack()).isEmpty();
    assertThat(s.records().nextOffsets()).isEqualTo(polled.nextOffsets());
  }

  @Test
  void recordsBeyondTheBudget_areSoughtBackToTheFirstOneHeldBack() {
    CostBoundedConsumer.Selection s = select(polled(new int[] {4, 4, 4}, new int[] {4, 4}), 10);
    assertThat(offsets(s.records(), P0)).containsExactly(100L, 101L);
    assertThat(s.records().records(P1)).isEmpty();
    assertThat(s.seekBack())
        .containsOnly(
            Map.entry(P0, new OffsetAndMetadata(102, Optional.of(5), "")),
            Map.entry(P1, new OffsetAndMetadata(100, Optional.of(5), "")));
    assertThat(s.records().nextOffsets())
        .containsOnly(Map.entry(P0, new OffsetAndMetadata(102, Optional.of(5), "")));
  }

  @Test
  void anExpensiveRecord_comesAloneAndAlwaysAtLeastOne() {
    CostBoundedConsumer.Selection first = select(polled(new int[] {90, 1}, new int[] {90}), 10);
    assertThat(first.records().count()).isEqualTo(1);
    assertThat(offsets(first.records(), P0)).containsExactly(100L);
    CostBoundedConsumer.Selection afterCheap =
        select(polled(new int[] {1, 1, 90}, new int[] {90}), 10);
    assertThat(offsets(afterCheap.records(), P0)).containsExactly(100L, 101L);
    assertThat(afterCheap.seekBack().get(P0).offset()).isEqualTo(102);
    assertThat(afterCheap.seekBack().get(P1).offset()).isEqualTo(100);
  }
}
