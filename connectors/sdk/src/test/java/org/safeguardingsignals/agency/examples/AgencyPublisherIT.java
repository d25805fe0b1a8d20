package org.safeguardingsignals.agency.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.agency.AgencyPublisher;
import org.safeguardingsignals.agency.AgencyPublisher.Receipt;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topics;

/** The docs' example program and events on a real broker (in-process KRaft) and a real Apicurio Registry. */
class AgencyPublisherIT {
    static EmbeddedKafka kafka;
    static ApicurioRegistry registry;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = ApicurioRegistry.shared();
        // as a partnership's cluster: the registry's topics and the access file applied; agencies write their own only
        try (Admin admin = kafka.admin()) {
            ClusterSetup.prepare(admin, 2, AccessControlFile.inRepository());
        }
    }

    /** The police force's credentials file, as the local run writes one for each principal. */
    static Properties police() throws IOException {
        kafka.clientProperties("agency-police"); // the broker learns the principal's credential
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(kafka.security().credentialsFile("agency-police"))) {
            p.load(in);
        }
        return p;
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theExampleProgramRunTwiceAsThePoliceForcePublishesOneEventId() throws IOException {
        Receipt first = PublishIncident.publish(police(), kafka.bootstrapServers(), registry.confluentApiUrl());
        Receipt second = PublishIncident.publish(police(), kafka.bootstrapServers(), registry.confluentApiUrl());

        List<ConsumerRecord<String, DomesticAbuseIncident>> sent = BrokerReads.readToEnd(
                kafka.adminProperties(),
                Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                new StringDeserializer(),
                Topics.DOMESTIC_ABUSE_INCIDENTS.valueDeserializer(
                        Map.of("schema.registry.url", registry.confluentApiUrl())));
        assertThat(sent).hasSize(2); // both runs sent; the pipeline counts the id once
        assertThat(sent)
                .extracting(r -> r.value().getHeader().getEventId())
                .containsOnly(first.eventId())
                .containsOnly(second.eventId());
        assertThat(sent).extracting(ConsumerRecord::key).containsOnly("MPS-2025-000123");
    }

    @Test
    void everyExampleEventIsAcceptedByTheBrokerAndTheRegistry() {
        Properties administrator = new Properties(); // the examples span every agency's topics
        kafka.adminProperties().forEach((k, v) -> administrator.setProperty(k, String.valueOf(v)));
        try (AgencyPublisher publisher = AgencyPublisher.builder()
                .properties(administrator)
                .bootstrapServers(kafka.bootstrapServers())
                .schemaRegistryUrl(registry.confluentApiUrl())
                .build()) {
            for (SpecificRecord event : EventExamples.all(Instant.parse("2025-03-01T21:15:00Z"))) {
                assertThat(publisher.send(event).join().offset()).isNotNegative();
            }
        }
    }
}
