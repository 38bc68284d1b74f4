package io.fhestreams.streams.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.registry.api.BlobInfo;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.client.RegistryClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache of each model's versions behind stage-addressed requests, on a test clock. */
class StageDirectoryTest {

  private static final ModelName MODEL = ModelName.of("credit");
  private static final Duration REFRESH = Duration.ofSeconds(10);

  /** A registry whose versions the test changes, counting the calls. */
  private static final class FakeRegistry implements StageDirectory.VersionLister {
    final List<ModelVersionInfo> versions = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    RegistryClientException failure;

    @Override
    public List<ModelVersionInfo> versions(ModelName name) {
      calls.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return List.copyOf(versions);
    }

    void publish(int number, Stage stage) {
      versions.removeIf(v -> v.version().number() == number);
      versions.add(
          new ModelVersionInfo(
              MODEL,
              ModelVersion.of(number),
              ParameterSetId.of("TFHE_LEVELED_128"),
              stage,
              new BlobInfo("c".repeat(64), 10),
              new BlobInfo("s".repeat(64), 10),
              "pub",
              "2026-01-01T00:00:00Z"));
    }
  }

  private static int production(List<ModelVersionInfo> versions) {
    return Stage.PRODUCTION.currentVersion(versions).orElseThrow().version().number();
  }

  @Test
  void aPromotion_reachesTheDirectoryAtTheNextRefresh() {
    FakeRegistry registry = new FakeRegistry();
    registry.publish(1, Stage.PRODUCTION);
    TestClock clock = new TestClock();
    StageDirectory directory = new StageDirectory(registry, REFRESH, clock);
    assertThat(production(directory.versions(MODEL, ModelVersion.of(1)))).isEqualTo(1);

    registry.publish(2, Stage.PRODUCTION);
    clock.advance(REFRESH.minusMillis(1));
    assertThat(production(directory.versions(MODEL, ModelVersion.of(1))))
        .as("within the refresh interval the last read stands")
        .isEqualTo(1);
    assertThat(registry.calls).hasValue(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(production(directory.versions(MODEL, ModelVersion.of(1)))).isEqualTo(2);
    assertThat(registry.calls).hasValue(2);
  }

  @Test
  void aRequestNamingAnUnseenVersion_triggersAReadAtMostOncePerEventInterval() {
    FakeRegistry registry = new FakeRegistry();
    registry.publish(1, Stage.PRODUCTION);
    TestClock clock = new TestClock();
    StageDirectory directory = new StageDirectory(registry, REFRESH, clock);
    directory.versions(MODEL, ModelVersion.of(1));
    registry.publish(2, Stage.PRODUCTION);

    // a sender that saw the promotion first: one read, long before the refresh
    clock.advance(StageDirectory.MAX_EVENT_INTERVAL);
    assertThat(production(directory.versions(MODEL, ModelVersion.of(2)))).isEqualTo(2);
    assertThat(registry.calls).hasValue(2);
    // a hostile stream of made-up versions costs one read per event interval, no more
    for (int i = 0; i < 100; i++) {
      directory.versions(MODEL, ModelVersion.of(1_000 + i));
    }
    assertThat(registry.calls).hasValue(2);
    clock.advance(StageDirectory.MAX_EVENT_INTERVAL);
    directory.versions(MODEL, ModelVersion.of(5_000));
    assertThat(registry.calls).hasValue(3);
  }

  @Test
  void anUnreachableRegistry_keepsTheLastRead_andANotFoundForgetsIt() {
    FakeRegistry registry = new FakeRegistry();
    registry.publish(3, Stage.PRODUCTION);
    TestClock clock = new TestClock();
    StageDirectory directory = new StageDirectory(registry, REFRESH, clock);
    directory.versions(MODEL, ModelVersion.of(3));

    registry.failure = new RegistryClientException(0, "connection refused", null);
    clock.advance(REFRESH);
    assertThat(production(directory.versions(MODEL, ModelVersion.of(3)))).isEqualTo(3);
    assertThat(registry.calls).hasValue(2);

    registry.failure = new RegistryClientException(404, "no model 'credit'", null);
    assertThatThrownBy(() -> directory.versions(MODEL, ModelVersion.of(3)))
        .isInstanceOf(RegistryClientException.class)
        .hasMessageContaining("no model");
    registry.failure = new RegistryClientException(503, "down", null);
    assertThatThrownBy(() -> directory.versions(MODEL, ModelVersion.of(3)))
        .as("nothing read to fall back on after the 404")
        .hasMessageContaining("down");
  }
}
