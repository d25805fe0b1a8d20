package org.safeguardingsignals.detection.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import org.safeguardingsignals.internal.AgeBand;

/**
 * A child's age at an event, as a coded band: computed at intake from the date of birth the agency sent, which is not
 * kept. The date of the event is England's local date, as an agency would count a birthday.
 */
public final class AgeBands {
    static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    private AgeBands() {}

    public static AgeBand at(LocalDate dateOfBirth, Instant event) {
        if (dateOfBirth == null) {
            return AgeBand.UNKNOWN;
        }
        LocalDate on = LocalDate.ofInstant(event, ENGLAND);
        if (on.isBefore(dateOfBirth)) {
            return AgeBand.UNKNOWN; // an unborn child, or a data error: no age to judge by
        }
        int years = Period.between(dateOfBirth, on).getYears();
        if (years < 1) {
            return AgeBand.UNDER_ONE;
        } else if (years < 5) {
            return AgeBand.ONE_TO_FOUR;
        } else if (years < 10) {
            return AgeBand.FIVE_TO_NINE;
        } else if (years < 16) {
            return AgeBand.TEN_TO_FIFTEEN;
        }
        return AgeBand.SIXTEEN_AND_OVER;
    }
}
