package org.safeguardingsignals.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.detection.rules.Indicators.indicator;
import static org.safeguardingsignals.detection.rules.Indicators.lookedAfter;
import static org.safeguardingsignals.detection.rules.Indicators.lookedAfterMissing;
import static org.safeguardingsignals.detection.rules.Indicators.missing;
import static org.safeguardingsignals.detection.rules.Indicators.state;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.internal.Placement;

/** Who else is told about a looked-after child: judged from the child's latest looked-after evidence alone. */
class CareAuthoritiesTest {
    static final String PLACING = "E09000022";
    static final String HOST = "E10000016";
    static final String RECORDED_BY = "E08000025";
    static final Instant T = Instant.parse("2026-06-01T10:00:00Z");

    static Instant day(int n) {
        return T.plus(Duration.ofDays(n));
    }

    @Test
    void aChildWithNoLookedAfterEvidenceHasNoCareAuthorities() {
        assertThat(Routing.careAuthorities(state())).isEmpty();
        assertThat(Routing.careAuthorities(state(
                        indicator(IndicatorCategory.DOMESTIC_ABUSE, day(0), RECORDED_BY),
                        missing("EP-1", day(1), null, RECORDED_BY))))
                .as("a missing episode of a child not looked after")
                .isEmpty();
    }

    @Test
    void aLookedAfterStartNamesItsPlacingThenItsHostAuthority() {
        assertThat(Routing.careAuthorities(state(lookedAfter(
                        IndicatorCategory.LOOKED_AFTER, day(0), RECORDED_BY, new Placement(PLACING, HOST)))))
                .containsExactly(PLACING, HOST);
        assertThat(Routing.careAuthorities(state(lookedAfter(
                        IndicatorCategory.LOOKED_AFTER, day(0), RECORDED_BY, new Placement(PLACING, PLACING)))))
                .containsExactly(PLACING);
    }

    @Test
    void withoutAPlacingAuthorityTheAuthorityThatRecordedTheStartIsTheCorporateParent() {
        assertThat(Routing.careAuthorities(state(
                        lookedAfter(IndicatorCategory.LOOKED_AFTER, day(0), RECORDED_BY, new Placement(null, HOST)))))
                .containsExactly(RECORDED_BY, HOST);
        assertThat(Routing.careAuthorities(
                        state(lookedAfter(IndicatorCategory.LOOKED_AFTER, day(0), RECORDED_BY, null))))
                .containsExactly(RECORDED_BY);
        assertThat(Routing.careAuthorities(state(lookedAfter(
                        IndicatorCategory.LOOKED_AFTER, day(0), RECORDED_BY, new Placement(PLACING, null)))))
                .containsExactly(PLACING);
    }

    @Test
    void aLookedAfterChildsMissingEpisodeNamesTheAuthoritiesItGives() {
        assertThat(Routing.careAuthorities(state(lookedAfterMissing("EP-1", day(0), PLACING, HOST))))
                .containsExactly(PLACING, HOST);
        assertThat(Routing.careAuthorities(state(lookedAfterMissing("EP-1", day(0), null, HOST))))
                .containsExactly(HOST);
        assertThat(Routing.careAuthorities(state(lookedAfterMissing("EP-1", day(0), PLACING, null))))
                .containsExactly(PLACING);
    }

    @Test
    void theLatestLookedAfterEvidenceDecides() {
        assertThat(Routing.careAuthorities(state(
                        lookedAfter(IndicatorCategory.LOOKED_AFTER, day(0), RECORDED_BY, new Placement(PLACING, HOST)),
                        lookedAfter(IndicatorCategory.LOOKED_AFTER_ENDED, day(5), PLACING, null),
                        indicator(IndicatorCategory.DOMESTIC_ABUSE, day(6), RECORDED_BY))))
                .as("no longer looked after")
                .isEmpty();
        assertThat(Routing.careAuthorities(state(
                        lookedAfter(IndicatorCategory.LOOKED_AFTER_ENDED, day(0), PLACING, null),
                        lookedAfterMissing("EP-1", day(3), PLACING, HOST),
                        missing("EP-2", day(4), null, RECORDED_BY))))
                .as(
                        "looked after again, by a later episode; a later episode not of a looked-after child is no evidence")
                .containsExactly(PLACING, HOST);
        assertThat(Routing.careAuthorities(state(
                        lookedAfterMissing("EP-1", day(0), PLACING, HOST),
                        lookedAfter(
                                IndicatorCategory.LOOKED_AFTER, day(2), RECORDED_BY, new Placement(HOST, PLACING)))))
                .containsExactly(HOST, PLACING);
    }
}
