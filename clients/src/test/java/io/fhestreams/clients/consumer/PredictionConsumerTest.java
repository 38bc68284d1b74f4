package io.fhestreams.clients.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PredictionConsumerTest {

  /** The consumer must pick the partition the producer's default partitioner writes a key id to. */
  @Test
  void partitionOfShouldMatchTheProducersDefaultPartitioner() {
    long seed = 20261124L;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 2000; i++) {
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      String keyId = HexFormat.of().formatHex(digest);
      int partitions = 1 + random.nextInt(64);
      assertThat(PredictionConsumer.partitionOf(keyId, partitions))
          .as("seed %d, case %d", seed, i)
          .isEqualTo(
              BuiltInPartitioner.partitionForKey(
                  keyId.getBytes(StandardCharsets.UTF_8), partitions))
          .isBetween(0, partitions - 1);
    }
  }
}
