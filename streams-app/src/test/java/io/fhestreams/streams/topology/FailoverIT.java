package io.fhestreams.streams.topology;

/**
 * {@link FailoverScenario} on an embedded KRaft broker with the in-test Confluent-REST registry.
 */
class FailoverIT extends FailoverScenario {

  @Override
  ScenarioCluster startCluster() throws Exception {
    return ScenarioCluster.embedded();
  }
}
