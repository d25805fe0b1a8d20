package org.safeguardingsignals.embedded;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

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

    /** Creates topics that do not exist yet, with the cluster's replication factor. */
    void createTopics(Collection<String> names, int partitions);

    /** The certificate authority, stores and credentials files. */
    BrokerSecurity security();

    @Override
    void close();
}
