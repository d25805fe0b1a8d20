package org.safeguardingsignals.console;

import org.safeguardingsignals.internal.Indicator;

/** One line of a child's multi-agency chronology, as the console shows it. */
public record ChronologyEntry(String occurredAt, String agency, String category, String sourceReference,
                              String localAuthority, String eventId, String episodeId) {

    static ChronologyEntry of(Indicator i) {
        return new ChronologyEntry(i.getOccurredAt().toString(), i.getAgency().name(), i.getCategory().name(),
                i.getSourceReference(), i.getLocalAuthority(), i.getEventId(),
                i.getMissing() == null ? null : i.getMissing().getEpisodeId());
    }
}
