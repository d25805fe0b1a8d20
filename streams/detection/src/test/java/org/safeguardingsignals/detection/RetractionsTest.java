package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.rules.Alerts;
import org.safeguardingsignals.detection.rules.Rule;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.RetractionDetail;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.RejectedInputException;

/** A retraction applied to a child's state, on its own: which alert a re-issue names, what is the agency's own. */
class RetractionsTest {
    static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    static final String LAMBETH = "E09000022";

    private static Indicator indicator(String id, Agency agency, String org, IndicatorCategory category, int day) {
        return Indicator.newBuilder()
                .setEventId(id)
                .setAgency(agency)
                .setOrganisationCode(org)
                .setSourceReference("REF-" + id)
                .setCategory(category)
                .setOccurredAt(T.plus(Duration.ofDays(day)))
                .setLocalAuthority(LAMBETH)
                .build();
    }

    private static Indicator retraction(String of, Agency agency, String org, int day) {
        Indicator r = indicator("r-" + of, agency, org, IndicatorCategory.RETRACTION, day);
        r.setRetraction(RetractionDetail.newBuilder()
                .setRetractedEventId(of)
                .setReason(RetractionReason.WRONG_CHILD)
                .setSourceTopic(Topics.POLICE_RETRACTIONS.name())
                .setUnmatchedAfter(12345)
                .build());
        return r;
    }

    private final Indicator abuse = indicator("e1", Agency.POLICE, "01", IndicatorCategory.DOMESTIC_ABUSE, 0);
    private final Indicator crisis =
            indicator("e2", Agency.HEALTH, "RJ1", IndicatorCategory.PARENTAL_MENTAL_HEALTH, 10);
    private final Indicator drugs = indicator("e3", Agency.HEALTH, "RJ1", IndicatorCategory.PARENTAL_DRUG_MISUSE, 20);

    private static RiskAlert raised(Rule rule, Severity severity, Instant at, Indicator... evidence) {
        return new Alerts("child", at, Set.of(), false)
                .raise(rule, severity, List.of(evidence), T, T.plus(Duration.ofDays(20)), List.of());
    }

    private ChildState state(RiskAlert... raised) {
        ChildState state = ChildRulesProcessor.emptyState();
        state.setIndicators(new ArrayList<>(List.of(abuse, crisis, drugs)));
        state.setRaisedAlerts(new ArrayList<>(List.of(raised)));
        return state;
    }

    /** Applies the police's retraction of the incident and returns what is published. */
    private static List<RiskAlert> retractIncident(ChildState state) {
        Indicator r = retraction("e1", Agency.POLICE, "01", 21);
        Retractions.remove(state, r, Retractions.retracted(state, r));
        return Retractions.withdrawAndReassess(
                state,
                r,
                DetectionConfig.DEFAULTS,
                settings -> new Alerts("child", T, Set.of(), false),
                T.plus(Duration.ofDays(20)),
                T.plus(Duration.ofDays(21)));
    }

    @Test
    void theReissueNamesTheStrongestWithdrawnAlertOfItsRule() {
        RiskAlert trio = raised(Rule.TOXIC_TRIO, Severity.HIGH, T, abuse, crisis, drugs);
        RiskAlert emerging = raised(Rule.TOXIC_TRIO_EMERGING, Severity.MEDIUM, T.plusSeconds(60), abuse, crisis);

        List<RiskAlert> out = retractIncident(state(trio, emerging));

        assertThat(out).hasSize(3);
        assertThat(out.get(0).getSupersedes()).isEqualTo(trio.getAlertId());
    }

    @Test
    void ofTwoAsStrongTheLaterRaisedIsNamed() {
        RiskAlert later = raised(Rule.TOXIC_TRIO_EMERGING, Severity.MEDIUM, T.plusSeconds(60), abuse, crisis);
        RiskAlert earlier = raised(Rule.TOXIC_TRIO_EMERGING, Severity.MEDIUM, T, abuse, drugs);

        assertThat(retractIncident(state(later, earlier)).get(0).getSupersedes())
                .isEqualTo(later.getAlertId());
        assertThat(retractIncident(state(
                                raised(Rule.TOXIC_TRIO_EMERGING, Severity.MEDIUM, T, abuse, drugs),
                                raised(Rule.TOXIC_TRIO_EMERGING, Severity.MEDIUM, T.plusSeconds(60), abuse, crisis)))
                        .get(0)
                        .getSupersedes())
                .isEqualTo(later.getAlertId());
    }

    @Test
    void removingTheEventKeepsTheRetractionAppliedInTimeOrder() {
        ChildState state = state();
        Indicator r = retraction("e1", Agency.POLICE, "01", 15);

        Retractions.remove(state, r, Retractions.retracted(state, r));

        assertThat(state.getIndicators()).extracting(Indicator::getEventId).containsExactly("e2", "r-e1", "e3");
        assertThat(r.getRetraction().getApplied()).isTrue();
        assertThat(r.getRetraction().getUnmatchedAfter()).isZero();
    }

    @Test
    void anIndicatorFromBeforeOrganisationCodesIsTheAgencysOwnButAnotherAgencysIsNot() {
        ChildState state = state();
        abuse.setOrganisationCode(null); // held from before the field
        assertThat(Retractions.retracted(state, retraction("e1", Agency.POLICE, "01", 21)))
                .containsExactly(abuse);
        assertThatThrownBy(() -> Retractions.retracted(state, retraction("e2", Agency.POLICE, "01", 21)))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.RETRACTION_NOT_OWN_EVENT));
        assertThatThrownBy(() -> Retractions.retracted(state, retraction("e2", Agency.HEALTH, "RJ2", 21)))
                .isInstanceOf(RejectedInputException.class);
        assertThat(Retractions.retracted(state, retraction("e9", Agency.POLICE, "01", 21)))
                .isEmpty();
    }
}
