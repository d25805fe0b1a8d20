package org.safeguardingsignals.agency.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.agency.AgencyPublisher;
import org.safeguardingsignals.agency.AgencyPublisher.Receipt;
import org.safeguardingsignals.agency.EventIds;
import org.safeguardingsignals.agency.Events;
import org.safeguardingsignals.agency.PublishException;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.ChildPartitioner;
import org.safeguardingsignals.validation.InputContracts;

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
        return credentials("agency-police");
    }

    static Properties credentials(String principal) throws IOException {
        kafka.clientProperties(principal); // the broker learns the principal's credential
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(kafka.security().credentialsFile(principal))) {
            p.load(in);
        }
        return p;
    }

    static AgencyPublisher publisher(Properties credentials) {
        return AgencyPublisher.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .schemaRegistryUrl(registry.confluentApiUrl())
                .properties(credentials)
                .build();
    }

    static <V extends SpecificRecord> List<ConsumerRecord<String, V>> read(Topic<V> topic) {
        return BrokerReads.readToEnd(
                kafka.adminProperties(),
                topic.name(),
                new StringDeserializer(),
                topic.valueDeserializer(Map.of("schema.registry.url", registry.confluentApiUrl())));
    }

    @Test
    void thePoliceRetractOneOfTheirIncidentsOnTheirOwnTopicKeyedByItsIdOnItsChildsPartition() throws IOException {
        Instant occurredAt = Instant.parse("2025-03-02T21:15:00Z");
        DomesticAbuseIncident incident = Events.domesticAbuseIncident(
                        Events.header(Agency.POLICE, "01", "E09000022", occurredAt))
                .setIncidentReference("MPS-2025-000777")
                .setChildren(List.of(
                        new LinkedChild(Events.child("9434765870"), true),
                        new LinkedChild(Events.child("9434765919"), false)))
                .setDashRiskLevel(DashRiskLevel.HIGH)
                .setPoliceAttended(true)
                .build();
        int before = read(Topics.POLICE_RETRACTIONS).size(); // the tests share the broker
        try (AgencyPublisher publisher = publisher(police())) {
            Receipt sent = publisher.send(incident).join();
            Retraction retraction = Events.retractionOf(
                    incident, RetractionReason.WRONG_CHILD, "MPS-CORR-0001", occurredAt.plus(Duration.ofDays(3)));
            Receipt retracted = publisher.send(retraction).join();
            Receipt again = publisher.send(retraction).join(); // a rerun: the same retraction id

            assertThat(retraction.getRetractedEventId()).isEqualTo(sent.eventId());
            assertThat(retracted.topic()).isEqualTo(Topics.POLICE_RETRACTIONS.name());
            assertThat(again.eventId()).isEqualTo(retracted.eventId());
            assertThat(retracted.partition())
                    .as("the first child's partition, as the incident's")
                    .isEqualTo(ChildPartitioner.partitionOf("9434765870", 2))
                    .isEqualTo(sent.partition());
        }
        List<ConsumerRecord<String, Retraction>> all = read(Topics.POLICE_RETRACTIONS);
        assertThat(all).hasSize(before + 2);
        List<ConsumerRecord<String, Retraction>> mine = all.subList(before, all.size());
        assertThat(mine)
                .extracting(ConsumerRecord::key)
                .containsOnly(EventIds.derive(incident).toString());
        assertThat(mine.get(0).value().getHeader().getSourceAgency()).isEqualTo(Agency.POLICE);
        assertThat(mine.get(0).value().getHeader().getOrganisationCode()).isEqualTo("01");
        assertThat(mine.get(0).value().getReason()).isEqualTo(RetractionReason.WRONG_CHILD);
        assertThat(mine.get(0).value().getChildren())
                .extracting(PersonRef::getNhsNumber)
                .containsExactly("9434765870", "9434765919");
    }

    @Test
    void aReturnInterviewProviderNamesItsOwnRetractionTopicAndMayNotWriteChildrensServicesOwn() throws IOException {
        ReturnInterviewEvent interview = EventExamples.returnInterview(Instant.parse("2025-03-04T15:00:00Z"));
        Retraction retraction = Events.retractionOf(
                interview, RetractionReason.DUPLICATE, "RHI-CORR-7", Instant.parse("2025-03-05T09:00:00Z"));
        int before = read(Topics.RETURN_INTERVIEW_RETRACTIONS).size();
        int childrensServices = read(Topics.CHILDRENS_SERVICES_RETRACTIONS).size();
        try (AgencyPublisher publisher = publisher(credentials("agency-return-interviews"))) {
            Receipt receipt = publisher
                    .send(InputContracts.RETURN_INTERVIEW_RETRACTION, retraction)
                    .join();
            assertThat(receipt.topic()).isEqualTo(Topics.RETURN_INTERVIEW_RETRACTIONS.name());

            // its header names children's services: by class alone the SDK picks that topic, which is not this
            // principal's to write
            assertThatThrownBy(() -> publisher.send(retraction).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(PublishException.class)
                    .hasMessageContaining(Topics.CHILDRENS_SERVICES_RETRACTIONS.name());
        }
        List<ConsumerRecord<String, Retraction>> all = read(Topics.RETURN_INTERVIEW_RETRACTIONS);
        assertThat(all).hasSize(before + 1);
        assertThat(all.get(before).key()).isEqualTo(EventIds.derive(interview).toString());
        assertThat(read(Topics.CHILDRENS_SERVICES_RETRACTIONS)).hasSize(childrensServices);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theExampleProgramRunTwiceAsThePoliceForcePublishesOneEventId() throws IOException {
        int before = read(Topics.DOMESTIC_ABUSE_INCIDENTS).size(); // the tests share the broker
        Receipt first = PublishIncident.publish(police(), kafka.bootstrapServers(), registry.confluentApiUrl());
        Receipt second = PublishIncident.publish(police(), kafka.bootstrapServers(), registry.confluentApiUrl());

        List<ConsumerRecord<String, DomesticAbuseIncident>> all = read(Topics.DOMESTIC_ABUSE_INCIDENTS);
        List<ConsumerRecord<String, DomesticAbuseIncident>> sent = all.subList(before, all.size());
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
