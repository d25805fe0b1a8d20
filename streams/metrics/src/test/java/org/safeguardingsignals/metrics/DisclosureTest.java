package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Small numbers about an authority are withheld: counts from 1 to 4, and what is built on them. */
class DisclosureTest {

    @Test
    void countsFromOneToFourAreWithheldAndZeroAndFiveUpwardsPublished() {
        assertThat(Disclosure.suppressCount(0)).isFalse();
        assertThat(Disclosure.suppressCount(1)).isTrue();
        assertThat(Disclosure.suppressCount(4)).isTrue();
        assertThat(Disclosure.suppressCount(5)).isFalse();
        assertThat(Disclosure.suppressCount(1000)).isFalse();
    }

    @Test
    void aPercentageIsWithheldWhenEitherOfItsCountsIs() {
        assertThat(Disclosure.suppressRatio(3, 10)).as("numerator small").isTrue();
        assertThat(Disclosure.suppressRatio(0, 3)).as("denominator small").isTrue();
        assertThat(Disclosure.suppressRatio(0, 5)).isFalse();
        assertThat(Disclosure.suppressRatio(5, 5)).isFalse();
    }

    @Test
    void aMedianOrPercentileNeedsFiveValues() {
        assertThat(Disclosure.suppressSummary(4)).isTrue();
        assertThat(Disclosure.suppressSummary(5)).isFalse();
    }
}
