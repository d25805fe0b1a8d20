package org.safeguardingsignals.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcernCategory;
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
}
