package org.safeguardingsignals.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Stands in for the local run in {@link OrphanedChildrenIT}: starts the broker and the registry on a data
 * directory, creates a topic, prints the children's process ids, and waits to be killed.
 */
public final class ParentOfInfrastructure {
    private ParentOfInfrastructure() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), data.resolve("kafka.log"), Duration.ofSeconds(90));
        ApicurioRegistry registry =
                ApicurioRegistry.start(data.resolve("apicurio.log"), Duration.ofSeconds(180), data.resolve("registry"));
        try (Admin admin = Admin.create(kafka.clientProperties(BrokerSecurity.ADMIN))) {
            admin.createTopics(List.of(new NewTopic(OrphanedChildrenIT.TOPIC, 1, (short) 1)))
                    .all()
                    .get();
        }
        System.out.println("PIDS " + kafka.pid() + " " + registry.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
