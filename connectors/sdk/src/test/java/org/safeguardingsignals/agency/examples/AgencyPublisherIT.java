package org.safeguardingsignals.agency.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
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
        kafka.createTopics(Topics.inputs().stream().map(t -> t.name()).toList(), 2);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theExampleProgramRunTwicePublishesOneEventId() {
        Receipt first = PublishIncident.publish(kafka.bootstrapServers(), registry.confluentApiUrl());
        Receipt second = PublishIncident.publish(kafka.bootstrapServers(), registry.confluentApiUrl());

        List<ConsumerRecord<String, DomesticAbuseIncident>> sent = BrokerReads.readToEnd(
                kafka.bootstrapServers(),
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
        try (AgencyPublisher publisher = AgencyPublisher.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .schemaRegistryUrl(registry.confluentApiUrl())
                .build()) {
            for (SpecificRecord event : EventExamples.all(Instant.parse("2025-03-01T21:15:00Z"))) {
                assertThat(publisher.send(event).join().offset()).isNotNegative();
            }
        }
    }
}
