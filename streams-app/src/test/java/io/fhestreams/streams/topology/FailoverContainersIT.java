package io.fhestreams.streams.topology;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link FailoverScenario} on Confluent's Kafka and Schema Registry images. Skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class FailoverContainersIT extends FailoverScenario {

    private ConfluentContainers containers;

    @Override
    KafkaTestClient startBroker() throws Exception {
        containers = new ConfluentContainers();
        return containers.start();
    }

    @Override
    String startRegistry() {
        return containers.registryUrl();
    }

    @Override
    void stopBrokerAndRegistry() {
        containers.close();
    }
}
