package io.fhestreams.streams.topology;

/**
 * {@link InferenceScenarios} on an embedded KRaft broker with the in-test Confluent-REST registry.
 */
class InferenceApplicationIT extends InferenceScenarios {

  @Override
  ScenarioCluster startCluster() throws Exception {
    return ScenarioCluster.embedded();
  }
}
