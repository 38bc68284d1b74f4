package io.fhestreams.streams.topology;

import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link FailoverScenario} on Confluent's Kafka and Schema Registry images. Skipped without Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class FailoverContainersIT extends FailoverScenario {

  @Override
  ScenarioCluster startCluster() throws Exception {
    return ConfluentContainers.start();
  }
}
