package io.fhestreams.cli.chaos;

import static io.fhestreams.cli.chaos.Fault.APP_KILL;
import static io.fhestreams.cli.chaos.Fault.BROKER_RESTART;
import static io.fhestreams.cli.chaos.Fault.REGISTRY_OUTAGE;
import static io.fhestreams.cli.chaos.Fault.REGISTRY_RESTART;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void plan_shouldPutTheOtherFaultsBetweenTheKills() {
    assertThat(Fault.plan(5, 1, 1, 1))
        .containsExactly(
            APP_KILL,
            REGISTRY_RESTART,
            APP_KILL,
            REGISTRY_OUTAGE,
            APP_KILL,
            BROKER_RESTART,
            APP_KILL,
            APP_KILL);
    assertThat(Fault.plan(2, 1, 0, 0)).containsExactly(APP_KILL, REGISTRY_RESTART, APP_KILL);
  }

  @Test
  void plan_withFewKills_shouldStillInjectEveryFault() {
    assertThat(Fault.plan(0, 2, 0, 1))
        .containsExactly(REGISTRY_RESTART, BROKER_RESTART, REGISTRY_RESTART);
    assertThat(Fault.plan(0, 0, 0, 0)).isEmpty();
  }
}
