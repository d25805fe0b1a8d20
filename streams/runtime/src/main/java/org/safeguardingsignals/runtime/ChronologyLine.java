package org.safeguardingsignals.runtime;

import java.util.Map;

/**
 * One line of a child's multi-agency chronology as detection's internal listener answers it and the console shows
 * it: coded category, agency and organisation, reference, date and coded qualifiers (was the child present, the
 * DASH risk level, the service), never narrative. {@code organisationCode} is null and {@code qualifiers} empty for
 * indicators held from before they were kept.
 */
public record ChronologyLine(
        String occurredAt,
        String agency,
        String category,
        String sourceReference,
        String localAuthority,
        String eventId,
        String episodeId,
        String organisationCode,
        Map<String, String> qualifiers) {}
