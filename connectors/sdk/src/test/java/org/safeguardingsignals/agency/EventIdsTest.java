package org.safeguardingsignals.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.validation.InputContracts;
import org.safeguardingsignals.validation.RejectedInputException;

/** Event ids the SDK derives from the event: the same event, sent again by a program run again, has the same id. */
class EventIdsTest {
    static final Instant AT = Instant.parse("2025-03-01T21:15:00Z");

    static DomesticAbuseIncident incident(EventHeader header, String reference) {
        return Events.domesticAbuseIncident(header)
                .setIncidentReference(reference)
                .setChildren(List.of(LinkedChild.newBuilder()
                        .setChild(Events.child("9434765919"))
                        .setPresent(true)
                        .build()))
                .setPoliceAttended(true)
                .build();
    }

    static UUID sentId(DomesticAbuseIncident event) {
        return EventIds.identified(event, event.getHeader()).getHeader().getEventId();
    }

    @Test
    void theSameEventBuiltTwiceByAProgramRunTwiceHasOneId() throws InterruptedException {
        DomesticAbuseIncident first = incident(Events.header(Agency.POLICE, "01", "E09000022", AT), "MPS-1");
        Thread.sleep(5); // a second run: recorded at another time
        DomesticAbuseIncident second = incident(Events.header(Agency.POLICE, "01", "E09000022", AT), "MPS-1");

        assertThat(sentId(first)).isEqualTo(sentId(second)).isNotEqualTo(EventIds.DERIVED);
    }

    @Test
    void differentFactsHaveDifferentIdsEvenUnderOneReference() {
        MissingEpisode reported = Events.missingEpisode(Events.header(Agency.POLICE, "01", "E09000022", AT))
                .setEpisodeId("EP-1")
                .setChild(Events.child("9434765919"))
                .setReportedMissingAt(AT)
                .setLookedAfter(false)
                .build();
        MissingEpisode returned = MissingEpisode.newBuilder(reported)
                .setHeader(Events.header(Agency.POLICE, "01", "E09000022", AT.plusSeconds(7200)))
                .setReturnedAt(AT.plusSeconds(7200))
                .build();

        UUID reportId =
                EventIds.identified(reported, reported.getHeader()).getHeader().getEventId();
        UUID returnId =
                EventIds.identified(returned, returned.getHeader()).getHeader().getEventId();
        assertThat(reportId).isNotEqualTo(returnId);
        assertThat(sentId(incident(Events.header(Agency.POLICE, "01", "E09000022", AT), "MPS-1")))
                .isNotEqualTo(sentId(incident(Events.header(Agency.POLICE, "01", "E09000022", AT), "MPS-2")));
    }

    @Test
    void anIdOfYourOwnIsKeptAndTheCallersEventIsNeverChanged() {
        UUID own = UUID.randomUUID();
        DomesticAbuseIncident withOwn = incident(Events.header(own, Agency.POLICE, "01", "E09000022", AT, AT), "MPS-1");
        assertThat(sentId(withOwn)).isEqualTo(own);

        EventHeader shared = Events.header(Agency.POLICE, "01", "E09000022", AT);
        DomesticAbuseIncident one = incident(shared, "MPS-1");
        DomesticAbuseIncident other = incident(shared, "MPS-2");
        assertThat(sentId(one)).isNotEqualTo(sentId(other));
        assertThat(one.getHeader().getEventId()).isEqualTo(EventIds.DERIVED);
    }

    @Test
    void aNilIdSentAnyOtherWayIsRefusedAsThePipelineRefusesIt() {
        DomesticAbuseIncident raw = incident(Events.header(Agency.POLICE, "01", "E09000022", AT), "MPS-1");

        assertThatThrownBy(() -> InputContracts.DOMESTIC_ABUSE.validate(raw))
                .isInstanceOf(RejectedInputException.class)
                .satisfies(
                        e -> assertThat(((RejectedInputException) e).reason()).isEqualTo(RejectReason.INVALID_EVENT_ID))
                .hasMessageStartingWith("header.eventId is the nil UUID");
    }
}
