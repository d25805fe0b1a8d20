package org.safeguardingsignals.identifiers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;

/**
 * A child's age at an event, as a coded band, from the date of birth an agency sent (the date itself is not kept):
 * detection's infant-injury rule and the partnership figures by age band read it alike. The date of the event is
 * England's local date, as an agency would count a birthday. The bands are those of the DfE's Children in Need and
 * looked-after children statistics (under 1, 1 to 4, 5 to 9, 10 to 15, 16 and over).
 */
public final class ChildAge {
    static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    /** Age bands; UNKNOWN without a date of birth, or with one after the event. */
    public enum Band {
        UNDER_ONE,
        ONE_TO_FOUR,
        FIVE_TO_NINE,
        TEN_TO_FIFTEEN,
        SIXTEEN_AND_OVER,
        UNKNOWN
    }

    private ChildAge() {}

    public static Band bandAt(LocalDate dateOfBirth, Instant event) {
        if (dateOfBirth == null) {
            return Band.UNKNOWN;
        }
        LocalDate on = LocalDate.ofInstant(event, ENGLAND);
        if (on.isBefore(dateOfBirth)) {
            return Band.UNKNOWN; // an unborn child, or a data error: no age to judge by
        }
        int years = Period.between(dateOfBirth, on).getYears();
        if (years < 1) {
            return Band.UNDER_ONE;
        } else if (years < 5) {
            return Band.ONE_TO_FOUR;
        } else if (years < 10) {
            return Band.FIVE_TO_NINE;
        } else if (years < 16) {
            return Band.TEN_TO_FIFTEEN;
        }
        return Band.SIXTEEN_AND_OVER;
    }
}
