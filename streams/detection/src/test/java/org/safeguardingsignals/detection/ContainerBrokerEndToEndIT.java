package org.safeguardingsignals.detection;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same end-to-end scenario against Kafka in a container, for machines with Docker. Without a Docker engine it
 * is skipped (and reported as skipped); InProcessBrokerEndToEndIT covers the same behaviour everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerEndToEndIT extends EndToEndScenario {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
