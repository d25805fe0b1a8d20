package org.safeguardingsignals.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.identifiers.ChildAge.Band;

class ChildAgeTest {
    static final LocalDate BORN = LocalDate.of(2020, 3, 15);

    /** Midday in England on the day. */
    static Instant on(String date) {
        return Instant.parse(date + "T12:00:00Z");
    }

    @Test
    void eachBandStartsOnTheBirthdayThatBeginsIt() {
        assertThat(ChildAge.bandAt(BORN, on("2020-03-15"))).isEqualTo(Band.UNDER_ONE);
        assertThat(ChildAge.bandAt(BORN, on("2021-03-14"))).isEqualTo(Band.UNDER_ONE);
        assertThat(ChildAge.bandAt(BORN, on("2021-03-15"))).isEqualTo(Band.ONE_TO_FOUR);
        assertThat(ChildAge.bandAt(BORN, on("2025-03-14"))).isEqualTo(Band.ONE_TO_FOUR);
        assertThat(ChildAge.bandAt(BORN, on("2025-03-15"))).isEqualTo(Band.FIVE_TO_NINE);
        assertThat(ChildAge.bandAt(BORN, on("2030-03-14"))).isEqualTo(Band.FIVE_TO_NINE);
        assertThat(ChildAge.bandAt(BORN, on("2030-03-15"))).isEqualTo(Band.TEN_TO_FIFTEEN);
        assertThat(ChildAge.bandAt(BORN, on("2036-03-14"))).isEqualTo(Band.TEN_TO_FIFTEEN);
        assertThat(ChildAge.bandAt(BORN, on("2036-03-15"))).isEqualTo(Band.SIXTEEN_AND_OVER);
    }

    @Test
    void theDayIsEnglandsLocalDate() {
        // 23:30 UTC on 14 March 2021 is still the 14th in London (GMT); in summer, 23:30 UTC is the next day
        assertThat(ChildAge.bandAt(BORN, Instant.parse("2021-03-14T23:30:00Z"))).isEqualTo(Band.UNDER_ONE);
        LocalDate summer = LocalDate.of(2020, 7, 1);
        assertThat(ChildAge.bandAt(summer, Instant.parse("2021-06-30T23:30:00Z")))
                .isEqualTo(Band.ONE_TO_FOUR);
    }

    @Test
    void noDateOfBirthOrOneAfterTheEventGivesNoAge() {
        assertThat(ChildAge.bandAt(null, on("2021-01-01"))).isEqualTo(Band.UNKNOWN);
        assertThat(ChildAge.bandAt(BORN, on("2020-03-14"))).isEqualTo(Band.UNKNOWN);
    }
}
