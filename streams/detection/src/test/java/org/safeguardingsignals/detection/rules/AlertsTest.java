package org.safeguardingsignals.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.detection.rules.Indicators.indicator;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.Indicator;

/** An alert's identity comes from its facts, and its routing from one rule. */
class AlertsTest {
    static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";
    static final String BIRMINGHAM = "E08000025";

    @Test
    void theSameFactsGiveTheSameIdAndOtherEvidenceAnother() {
        Indicator abuse = indicator(IndicatorCategory.DOMESTIC_ABUSE, T, LAMBETH);
        Indicator health = indicator(IndicatorCategory.PARENTAL_MENTAL_HEALTH, T.plusSeconds(60), LAMBETH);
        Indicator other = indicator(IndicatorCategory.PARENTAL_MENTAL_HEALTH, T.plusSeconds(60), LAMBETH);
        Alerts alerts = Indicators.alerts();

        RiskAlert first =
                alerts.raise(Rule.TOXIC_TRIO_EMERGING, Severity.MEDIUM, List.of(health, abuse), T, T, List.of());
        RiskAlert again = Indicators.alerts()
                .raise(Rule.TOXIC_TRIO_EMERGING, Severity.MEDIUM, List.of(abuse, health), T, T, List.of());
        RiskAlert otherEvidence =
                alerts.raise(Rule.TOXIC_TRIO_EMERGING, Severity.MEDIUM, List.of(abuse, other), T, T, List.of());
        RiskAlert otherSeverity = alerts.raise(Rule.TOXIC_TRIO, Severity.HIGH, List.of(abuse, health), T, T, List.of());

        assertThat(again.getAlertId()).isEqualTo(first.getAlertId());
        assertThat(otherEvidence.getAlertId()).isNotEqualTo(first.getAlertId());
        assertThat(otherSeverity.getAlertId()).isNotEqualTo(first.getAlertId());
        assertThat(first.getEvidence())
                .extracting(Evidence::getSourceEventId)
                .as("oldest first")
                .containsExactly(abuse.getEventId(), health.getEventId());
    }

    @Test
    void anAlertGoesToTheLatestEvidencesAuthorityThenTheCareAuthoritiesThenTheRulesOwn() {
        Indicator older = indicator(IndicatorCategory.DOMESTIC_ABUSE, T, LAMBETH);
        Indicator latest = indicator(IndicatorCategory.PARENTAL_MENTAL_HEALTH, T.plusSeconds(60), BIRMINGHAM);

        RiskAlert alert = Indicators.alerts(Set.of(LAMBETH, KENT))
                .raise(Rule.TOXIC_TRIO_EMERGING, Severity.MEDIUM, List.of(latest, older), T, T, List.of("E06000035"));

        assertThat(alert.getLocalAuthority()).isEqualTo(BIRMINGHAM);
        assertThat(alert.getRoutedTo()).containsExactly(BIRMINGHAM, LAMBETH, KENT, "E06000035");
        assertThat(alert.getChildPseudonym()).isEqualTo(Indicators.CHILD);
        assertThat(alert.getRaisedAt()).isEqualTo(Indicators.RAISED_AT);
    }
}
