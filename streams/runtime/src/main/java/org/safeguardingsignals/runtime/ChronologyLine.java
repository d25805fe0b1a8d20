package org.safeguardingsignals.runtime;

/**
 * One line of a child's multi-agency chronology as detection's internal listener answers it and the console shows
 * it: coded category, agency, reference and date, never narrative.
 */
public record ChronologyLine(
        String occurredAt,
        String agency,
        String category,
        String sourceReference,
        String localAuthority,
        String eventId,
        String episodeId) {}
