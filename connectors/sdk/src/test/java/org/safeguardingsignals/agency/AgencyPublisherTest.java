package org.safeguardingsignals.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.validation.InputContracts;
import org.safeguardingsignals.validation.RejectedInputException;

/** The SDK's checks before anything is sent (sending itself is covered on a real broker by PublishCommandIT). */
class AgencyPublisherTest {

    @Test
    void anInvalidEventIsRejectedWithThePipelinesReasonBeforeAnythingIsSent() {
        // nothing listens on port 1: a send attempt would fail differently, after max.block.ms
        try (AgencyPublisher publisher = AgencyPublisher.builder()
                .bootstrapServers("127.0.0.1:1")
                .schemaRegistryUrl("http://127.0.0.1:1")
                .build()) {
            var concern = Events.schoolConcern(
                            Events.header(Agency.SCHOOL, "100000", "E09000022", Instant.parse("2025-03-06T10:00:00Z")))
                    .setConcernReference("SCH-1")
                    .setChild(Events.child("9990000018"))
                    .setSchoolUrn("12345")
                    .setCategory(SchoolConcernCategory.ATTENDANCE_DROP)
                    .build();
            assertThatThrownBy(() -> publisher.send(concern))
                    .isInstanceOf(RejectedInputException.class)
                    .satisfies(e -> assertThat(((RejectedInputException) e).reason())
                            .isEqualTo(RejectReason.INVALID_SCHOOL_URN))
                    .hasMessageStartingWith("schoolUrn: ");
        }
    }

    @Test
    void markupAsAReferenceIsRejectedAsThePipelineWouldRejectIt() {
        try (AgencyPublisher publisher = AgencyPublisher.builder()
                .bootstrapServers("127.0.0.1:1")
                .schemaRegistryUrl("http://127.0.0.1:1")
                .build()) {
            var concern = Events.schoolConcern(
                            Events.header(Agency.SCHOOL, "100000", "E09000022", Instant.parse("2025-03-06T10:00:00Z")))
                    .setConcernReference("<img src=x onerror=alert(1)>")
                    .setChild(Events.child("9990000018"))
                    .setSchoolUrn("100000")
                    .setCategory(SchoolConcernCategory.ATTENDANCE_DROP)
                    .build();
            assertThatThrownBy(() -> publisher.send(concern))
                    .isInstanceOf(RejectedInputException.class)
                    .satisfies(e ->
                            assertThat(((RejectedInputException) e).reason()).isEqualTo(RejectReason.INVALID_REFERENCE))
                    .hasMessage("reference must start with a letter or a digit");
        }
    }

    @Test
    void whereAChildWentMissingFromAndWasFoundAreLsoaCodesAndTheChildrenFoundWithThemNhsNumbers() {
        Instant reported = Instant.parse("2025-03-06T21:00:00Z");
        Instant returned = Instant.parse("2025-03-07T19:30:00Z");
        var episode = Events.missingEpisode(Events.header(Agency.POLICE, "01", "E09000022", returned))
                .setEpisodeId("EP-1")
                .setChild(Events.child("9990000018"))
                .setReportedMissingAt(reported)
                .setReturnedAt(returned)
                .setLookedAfter(false)
                .setMissingFromArea("E01003030")
                .setFoundForceCode("46")
                .setFoundArea("E01024131")
                .setFoundWith(Events.children("9990000026", "9990000034"))
                .build();
        assertThat(episode.getFoundWith())
                .extracting(PersonRef::getNhsNumber)
                .containsExactly("9990000026", "9990000034");
        assertThat(Events.children()).isEmpty();
        try (AgencyPublisher publisher = AgencyPublisher.builder()
                .bootstrapServers("127.0.0.1:1")
                .schemaRegistryUrl("http://127.0.0.1:1")
                .build()) {
            episode.setMissingFromArea("12 Acacia Avenue");
            assertThatThrownBy(() -> publisher.send(episode))
                    .isInstanceOfSatisfying(
                            RejectedInputException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_REFERENCE))
                    .hasMessage("missingFromArea: not a 2021 LSOA code (E01 or W01 and six digits, e.g. E01000001); "
                            + "never an address");
        }
    }

    @Test
    void aPublisherNeedsABrokerAndARegistry() {
        assertThatThrownBy(() -> AgencyPublisher.builder()
                        .schemaRegistryUrl("http://registry")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bootstrap.servers is not set");
        assertThatThrownBy(() -> AgencyPublisher.builder()
                        .bootstrapServers("broker:9092")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("schema.registry.url is not set");
    }

    @Test
    void onlyInputEventsCanBeSent() {
        try (AgencyPublisher publisher = AgencyPublisher.builder()
                .bootstrapServers("127.0.0.1:1")
                .schemaRegistryUrl("http://127.0.0.1:1")
                .build()) {
            var alert = new RiskAlert();
            assertThatThrownBy(() -> publisher.send(alert))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("RiskAlert is not an input event type");
        }
    }

    static Retraction retraction(Agency agency, String org) {
        return Events.retraction(Events.header(agency, org, "E09000022", Instant.parse("2025-03-09T10:00:00Z")))
                .setRetractedEventId(UUID.fromString("6c1d2e3f-4a5b-3c6d-8e7f-901a2b3c4d5e"))
                .setReason(RetractionReason.RECORDED_IN_ERROR)
                .setAgencyReference("CORR-1")
                .setChildren(Events.children("9990000018"))
                .build();
    }

    @Test
    void aRetractionGoesToTheTopicOfTheAgencyItsHeaderNames() {
        assertThat(AgencyPublisher.contractOf(retraction(Agency.POLICE, "01")))
                .isSameAs(InputContracts.POLICE_RETRACTION);
        assertThat(AgencyPublisher.contractOf(retraction(Agency.HEALTH, "RJ1")))
                .isSameAs(InputContracts.HEALTH_RETRACTION);
        assertThat(AgencyPublisher.contractOf(retraction(Agency.SCHOOL, "100000")))
                .isSameAs(InputContracts.SCHOOL_RETRACTION);
        assertThat(AgencyPublisher.contractOf(retraction(Agency.CHILDRENS_SERVICES, "E09000022")))
                .isSameAs(InputContracts.CHILDRENS_SERVICES_RETRACTION);
        Retraction r = retraction(Agency.POLICE, "01");
        assertThat(InputContracts.POLICE_RETRACTION.topic().keyOf(r)).isEqualTo("6c1d2e3f-4a5b-3c6d-8e7f-901a2b3c4d5e");
    }

    @Test
    void aRetractionOnAnotherAgencysTopicIsRefusedBeforeAnythingIsSent() {
        try (AgencyPublisher publisher = AgencyPublisher.builder()
                .bootstrapServers("127.0.0.1:1")
                .schemaRegistryUrl("http://127.0.0.1:1")
                .build()) {
            assertThatThrownBy(() -> publisher.send(InputContracts.POLICE_RETRACTION, retraction(Agency.HEALTH, "RJ1")))
                    .isInstanceOfSatisfying(
                            RejectedInputException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectReason.RETRACTION_NOT_OWN_EVENT))
                    .hasMessageContaining("safeguarding.police.retractions.v1");
            Retraction noChild = retraction(Agency.POLICE, "01");
            noChild.setChildren(List.of());
            assertThatThrownBy(() -> publisher.send(noChild))
                    .isInstanceOfSatisfying(
                            RejectedInputException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectReason.MISSING_REFERENCE))
                    .hasMessage("no child is referenced");
        }
    }

    @Test
    void theRetractionOfAnEventNamesItsIdAsSentItsAgencyOrganisationAuthorityAndChildren() {
        Instant at = Instant.parse("2025-03-06T10:00:00Z");
        var concern = Events.schoolConcern(Events.header(Agency.SCHOOL, "100000", "E10000016", at))
                .setConcernReference("SCH-7")
                .setChild(Events.child("9990000018"))
                .setSchoolUrn("100000")
                .setCategory(SchoolConcernCategory.ATTENDANCE_DROP)
                .build();
        Retraction r = Events.retractionOf(concern, RetractionReason.DUPLICATE, "SCH-CORR-1", at.plusSeconds(3600));
        assertThat(r.getRetractedEventId())
                .as("the id the publisher derives and sends")
                .isEqualTo(EventIds.derive(concern))
                .isEqualTo(EventIds.identified(concern, concern.getHeader())
                        .getHeader()
                        .getEventId());
        assertThat(r.getHeader().getSourceAgency()).isEqualTo(Agency.SCHOOL);
        assertThat(r.getHeader().getOrganisationCode()).isEqualTo("100000");
        assertThat(r.getHeader().getLocalAuthority()).isEqualTo("E10000016");
        assertThat(r.getHeader().getOccurredAt()).isEqualTo(at.plusSeconds(3600));
        assertThat(r.getHeader().getEventId()).isEqualTo(EventIds.DERIVED);
        assertThat(r.getChildren()).containsExactly(Events.child("9990000018"));
        assertThat(r.getReason()).isEqualTo(RetractionReason.DUPLICATE);
        assertThat(AgencyPublisher.contractOf(r)).isSameAs(InputContracts.SCHOOL_RETRACTION);

        UUID own = UUID.fromString("11111111-2222-3333-4444-555555555555");
        concern.setHeader(Events.header(own, Agency.SCHOOL, "100000", "E10000016", at, at));
        assertThat(Events.retractionOf(concern, RetractionReason.DUPLICATE, "SCH-CORR-1", at)
                        .getRetractedEventId())
                .as("an id of your own")
                .isEqualTo(own);
    }
}
