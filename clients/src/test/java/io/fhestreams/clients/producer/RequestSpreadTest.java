package io.fhestreams.clients.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.clients.consumer.PredictionConsumer;
import io.fhestreams.schemas.RequestKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequestSpreadTest {
  private static final long SEED = 20L;

  private static String randomKeyId(SplittableRandom random) {
    byte[] digest = new byte[32];
    random.nextBytes(digest);
    return HexFormat.of().formatHex(digest);
  }

  @Test
  void spreadOne_isTheKeyIdAlone() {
    String keyId = randomKeyId(new SplittableRandom(SEED));
    RequestSpread spread = RequestSpread.of(keyId, 1, 6);
    assertThat(spread.keys()).containsExactly(keyId);
    assertThat(spread.nextKey()).isEqualTo(keyId);
  }

  @Test
  void keysLandOnDistinctPartitions_asManyAsSpreadAndPartitionsAllow() {
    SplittableRandom random = new SplittableRandom(SEED);
    System.out.println("RequestSpreadTest seed " + SEED);
    for (int i = 0; i < 200; i++) {
      String keyId = randomKeyId(random);
      int partitions = 1 + random.nextInt(48);
      int s = 1 + random.nextInt(RequestSpread.MAX);
      List<String> keys = RequestSpread.of(keyId, s, partitions).keys();
      assertThat(keys).hasSize(Math.min(s, partitions));
      assertThat(keys.stream().map(k -> PredictionConsumer.partitionOf(k, partitions)))
          .as("key id %s, spread %d, %d partitions", keyId, s, partitions)
          .doesNotHaveDuplicates();
      for (String k : keys) {
        assertThat(RequestKey.parse(k).keyId()).isEqualTo(keyId);
      }
    }
  }

  @Test
  void nextKey_isRoundRobin() {
    RequestSpread spread = RequestSpread.of(randomKeyId(new SplittableRandom(SEED)), 4, 8);
    List<String> used = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      used.add(spread.nextKey());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      expected.addAll(spread.keys());
    }
    assertThat(used).isEqualTo(expected);
  }

  @Test
  void outOfRangeSpreadOrPartitions_areRefused() {
    String keyId = randomKeyId(new SplittableRandom(SEED));
    assertThatThrownBy(() -> RequestSpread.of(keyId, 0, 4)).hasMessageContaining("[1, 64]");
    assertThatThrownBy(() -> RequestSpread.of(keyId, RequestSpread.MAX + 1, 4))
        .hasMessageContaining("[1, 64]");
    assertThatThrownBy(() -> RequestSpread.of(keyId, 2, 0)).hasMessageContaining("partitions");
  }
}
