package io.fhestreams.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffShouldDoubleUpToTheCap() {
    RetryPolicy p =
        new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5));
    Duration d = p.initialBackoff();
    d = p.nextBackoff(d);
    assertThat(d).isEqualTo(Duration.ofMillis(200));
    d = p.nextBackoff(d);
    assertThat(d).isEqualTo(Duration.ofMillis(400));
    assertThat(p.nextBackoff(d)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.nextBackoff(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void invalidDurations_fail() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofMillis(1), Duration.ZERO))
        .hasMessageContaining("initial backoff must be > 0");
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(5), Duration.ZERO))
        .hasMessageContaining("below initial backoff");
    assertThatThrownBy(
            () ->
                new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(-1)))
        .hasMessageContaining("max block must be >= 0");
  }
}
