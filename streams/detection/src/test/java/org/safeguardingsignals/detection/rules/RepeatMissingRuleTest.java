package org.safeguardingsignals.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.detection.rules.Indicators.SETTINGS;
import static org.safeguardingsignals.detection.rules.Indicators.alerts;
import static org.safeguardingsignals.detection.rules.Indicators.interview;
import static org.safeguardingsignals.detection.rules.Indicators.missing;
import static org.safeguardingsignals.detection.rules.Indicators.state;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/** Repeat missing on its own: what counts as an episode, and when the rule forgets that it alerted. */
class RepeatMissingRuleTest {
    static final String LAMBETH = "E09000022";
    static final Instant T = Instant.parse("2026-06-01T10:00:00Z");

    static Instant day(int n) {
        return T.plus(Duration.ofDays(n));
    }

    @Test
    void returnInterviewsAboutAnEpisodeAreNotEpisodes() {
        ChildState state = state(
                missing("EP-1", day(0), null, LAMBETH),
                interview(IndicatorCategory.RETURN_INTERVIEW_COMPLETED, "EP-1", day(2), LAMBETH),
                missing("EP-2", day(10), null, LAMBETH),
                interview(IndicatorCategory.RETURN_INTERVIEW_OFFERED, "EP-X", day(11), LAMBETH),
                missing("EP-3", day(20), null, LAMBETH));

        var alert = RepeatMissing.evaluate(state, day(20), SETTINGS, alerts());

        assertThat(alert).isPresent();
        assertThat(alert.get().getEvidence())
                .extracting(Evidence::getCategory)
                .containsOnly(IndicatorCategory.MISSING_EPISODE)
                .hasSize(3);
    }

    @Test
    void belowTheThresholdTheRuleForgetsItsLastAlertSoTheNextRepeatIsNews() {
        ChildState state = state(missing("EP-1", day(0), null, LAMBETH), missing("EP-2", day(10), null, LAMBETH));
        state.setMissingAlertedSeverity(Severity.MEDIUM);

        assertThat(RepeatMissing.evaluate(state, day(10), SETTINGS, alerts())).isEmpty();
        assertThat(state.getMissingAlertedSeverity()).isEqualTo(Severity.UNKNOWN);

        Indicators.add(state, missing("EP-3", day(20), null, LAMBETH));
        assertThat(RepeatMissing.evaluate(state, day(20), SETTINGS, alerts()))
                .get()
                .extracting(a -> a.getSeverity())
                .isEqualTo(Severity.MEDIUM);
    }

    @Test
    void onlyTheEpisodesInTheWindowDecideTheSeverity() {
        Indicator longAgo = missing("EP-0", day(-200), null, LAMBETH);
        longAgo.getMissing().setRiskGrade(PoliceRiskGrade.HIGH);
        longAgo.getMissing().setLookedAfter(true);
        ChildState state = state(
                longAgo,
                Indicators.indicator(IndicatorCategory.DOMESTIC_ABUSE, day(-1), LAMBETH),
                missing("EP-1", day(0), null, LAMBETH),
                missing("EP-2", day(10), null, LAMBETH),
                missing("EP-3", day(20), null, LAMBETH));

        assertThat(RepeatMissing.evaluate(state, day(20), SETTINGS, alerts()))
                .get()
                .extracting(a -> a.getSeverity())
                .as("the high-risk, looked-after episode was 200 days ago")
                .isEqualTo(Severity.MEDIUM);
    }
}
