package org.safeguardingsignals.embedded;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Kafka cluster secured as a deployment is ({@link BrokerSecurity}), in this JVM ({@link EmbeddedKafka}) or in
 * child JVMs ({@link KafkaCluster}): what tests and benchmarks need of either.
 */
public interface SecuredKafka extends AutoCloseable {
    /** The SASL_SSL listeners' addresses: a client needs {@link #clientProperties} besides them. */
    String bootstrapServers();

    /** Client settings for {@code principal}, whose SCRAM credential the cluster gets on first use. */
    Map<String, Object> clientProperties(String principal);

    /** Client settings of the administrator (a super user): for set-up and reading results, never for an app. */
    Map<String, Object> adminProperties();

    /** An admin client as the administrator. */
    Admin admin();

    /** Copies of each partition of a topic created here. */
    short replicationFactor();

    /** Creates topics that do not exist yet, with the cluster's replication factor. */
    default void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = names.stream()
                    .map(n -> new NewTopic(n, partitions, replicationFactor()))
                    .toList();
            admin.createTopics(topics).values().forEach((name, f) -> {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /** The certificate authority, stores and credentials files. */
    BrokerSecurity security();

    @Override
    void close();
}
