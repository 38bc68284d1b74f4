package io.fhestreams.streams.topology;

import io.fhestreams.schemas.serde.ConfluentRegistryTestServer;

/** {@link InferenceScenarios} on an embedded KRaft broker with the in-test Confluent-REST registry. */
class InferenceApplicationIT extends InferenceScenarios {

    private EmbeddedKafka kafka;
    private ConfluentRegistryTestServer registry;

    @Override
    KafkaTestClient startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
        return kafka.client();
    }

    @Override
    String startRegistry() throws Exception {
        registry = ConfluentRegistryTestServer.start();
        return registry.url();
    }

    @Override
    void stopBrokerAndRegistry() throws Exception {
        registry.close();
        kafka.close();
    }
}
