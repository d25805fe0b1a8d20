package org.safeguardingsignals.serde;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.HouseholdRole;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.PersonRef;

/** Small, valid events for serde tests. */
final class SampleEvents {
    private SampleEvents() {
    }

    static DomesticAbuseIncident incident(String reference, DashRiskLevel level, String... childNhsNumbers) {
        Instant at = Instant.parse("2026-11-20T21:15:00Z");
        return DomesticAbuseIncident.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(UUID.nameUUIDFromBytes(reference.getBytes()))
                        .setSourceAgency(Agency.POLICE).setOrganisationCode("01").setLocalAuthority("E09000022")
                        .setOccurredAt(at).setRecordedAt(at.plusSeconds(3600)).build())
                .setIncidentReference(reference)
                .setChildren(List.of(childNhsNumbers).stream().map(n -> LinkedChild.newBuilder().setPresent(true)
                        .setChild(PersonRef.newBuilder().setNhsNumber(n).setRole(HouseholdRole.CHILD).build())
                        .build()).toList())
                .setDashRiskLevel(level)
                .setPoliceAttended(true)
                .build();
    }
}
