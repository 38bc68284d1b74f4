package io.fhestreams.streams.topology;

import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link InferenceScenarios} on Confluent's Kafka and Schema Registry images: the serde's REST
 * client against the real Confluent registry. Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class InferenceApplicationContainersIT extends InferenceScenarios {

  @Override
  ScenarioCluster startCluster() throws Exception {
    return ConfluentContainers.start();
  }
}
