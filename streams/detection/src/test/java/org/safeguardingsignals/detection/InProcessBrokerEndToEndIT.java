package org.safeguardingsignals.detection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.safeguardingsignals.embedded.EmbeddedKafka;

/** The end-to-end scenario on the in-process KRaft broker (runs everywhere, including CI). */
class InProcessBrokerEndToEndIT extends EndToEndScenario {
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Override
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
