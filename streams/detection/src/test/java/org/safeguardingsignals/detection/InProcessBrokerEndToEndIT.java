package org.safeguardingsignals.detection;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;

/**
 * The end-to-end scenario on the in-process KRaft broker (runs everywhere, including CI), secured as deployed: the
 * administrator creates the topics and applies deploy/access/acls.txt, and every client runs as its own principal.
 */
class InProcessBrokerEndToEndIT extends EndToEndScenario {
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        try (Admin admin = kafka.admin()) {
            ClusterSetup.prepare(admin, 2, AccessControlFile.inRepository());
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Override
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    Map<String, Object> client(String principal) {
        return kafka.clientProperties(principal);
    }
}
