package io.fhestreams.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fhestreams.cli.demo.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry as a child JVM (the lightest component that serves), started from this classpath. */
class FheProcessTest {
  private static final Path CLASSPATH = Path.of(System.getProperty("java.class.path"));

  @TempDir Path dir;

  private FheProcess registry(Path config) {
    return new FheProcess(
        "registry",
        CLASSPATH,
        List.of("-Xmx256m"),
        List.of("registry", "--config", config.toString()),
        Map.of(),
        dir.resolve("registry.log"),
        "registry: listening on",
        -1);
  }

  @Test
  void stopThenImmediateStart_shouldNotCountTheStoppedProcessAsAnUnexpectedExit() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("registry.yaml"),
            String.join(
                "\n",
                "host: 127.0.0.1",
                "port: " + EmbeddedBroker.freePort(),
                "storage: {type: directory, directory: \"" + dir.resolve("data") + "\"}",
                ""));
    try (FheProcess registry = registry(config)) {
      registry.start(Duration.ofMinutes(1));
      // a restart with no downtime, as the chaos run's registry restart
      for (int i = 0; i < 4; i++) {
        registry.stop(Duration.ofSeconds(30));
        registry.start(Duration.ofMinutes(1));
      }
      registry.stop(Duration.ofSeconds(30));
      assertThat(registry.unexpectedExit()).isNull();
    }
  }

  @Test
  void aProcessThatEndsByItself_shouldBeReportedWithItsStatus() {
    FheProcess registry = registry(dir.resolve("no-such-config.yaml"));
    assertThatThrownBy(() -> registry.start(Duration.ofMinutes(1)))
        .hasMessageContaining("registry exited with status");
    assertThat(registry.unexpectedExit()).startsWith("registry exited by itself");
    registry.close();
  }
}
