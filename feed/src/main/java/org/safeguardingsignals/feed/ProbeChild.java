package org.safeguardingsignals.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.safeguardingsignals.agency.Events;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.topics.Topics;

/**
 * A probe child for measurements and deployment tests: a police-attended domestic-abuse incident an hour ago and a
 * parent's crisis-team contact now, which together complete an emerging toxic-trio picture in Lambeth. Each probe
 * raises exactly one alert, so alerts lost or duplicated can be counted probe by probe. Probe numbers map to NHS
 * numbers of their own (from 900 000 000), apart from the synthetic population's.
 */
public final class ProbeChild {
    private ProbeChild() {}

    /** The NHS number of probe {@code n}. */
    public static String nhsNumber(int n) {
        return NhsNumber.firstValidFrom(900_000_000L + 20L * n);
    }

    /** Probe {@code n}'s two events, in the order to send them; the second completes the picture. */
    public static List<Publication> events(int n, Instant now) {
        PersonRef child = PersonRef.newBuilder().setNhsNumber(nhsNumber(n)).build();
        Instant earlier = now.minus(Duration.ofHours(1));
        return List.of(
                new Publication(
                        Topics.DOMESTIC_ABUSE_INCIDENTS,
                        "P-" + n,
                        DomesticAbuseIncident.newBuilder()
                                .setHeader(header(Agency.POLICE, earlier))
                                .setIncidentReference("P-" + n)
                                .setChildren(List.of(new LinkedChild(child, true)))
                                .setPoliceAttended(true)
                                .build(),
                        earlier),
                new Publication(
                        Topics.PARENT_HEALTH_EVENTS,
                        "H-" + n,
                        ParentHealthEvent.newBuilder()
                                .setHeader(header(Agency.HEALTH, now))
                                .setEventReference("H-" + n)
                                .setCategory(ParentHealthCategory.MENTAL_HEALTH)
                                .setService(HealthService.CRISIS_TEAM)
                                .setChildrenInHousehold(List.of(child))
                                .build(),
                        now));
    }

    private static EventHeader header(Agency agency, Instant at) {
        return Events.header(UUID.randomUUID(), agency, "01", "E09000022", at, at);
    }
}
