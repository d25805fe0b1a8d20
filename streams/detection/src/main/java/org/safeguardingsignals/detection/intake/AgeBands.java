package org.safeguardingsignals.detection.intake;

import java.time.Instant;
import java.time.LocalDate;
import org.safeguardingsignals.identifiers.ChildAge;
import org.safeguardingsignals.internal.AgeBand;

/**
 * A child's age at an event, as the band detection's state keeps ({@link ChildAge}, shared with the partnership
 * figures): computed at intake from the date of birth the agency sent, which is not kept.
 */
public final class AgeBands {
    private AgeBands() {}

    public static AgeBand at(LocalDate dateOfBirth, Instant event) {
        return AgeBand.valueOf(ChildAge.bandAt(dateOfBirth, event).name());
    }
}
