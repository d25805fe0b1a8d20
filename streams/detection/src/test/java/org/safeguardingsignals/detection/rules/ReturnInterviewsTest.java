package org.safeguardingsignals.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.detection.rules.Indicators.SETTINGS;
import static org.safeguardingsignals.detection.rules.Indicators.add;
import static org.safeguardingsignals.detection.rules.Indicators.alerts;
import static org.safeguardingsignals.detection.rules.Indicators.interview;
import static org.safeguardingsignals.detection.rules.Indicators.missing;
import static org.safeguardingsignals.detection.rules.Indicators.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.PendingReturnInterview;

/** The return-interview rule on its own, with each child's state built by hand. */
class ReturnInterviewsTest {
    static final String LAMBETH = "E09000022";
    static final Instant REPORTED = Instant.parse("2026-11-01T20:00:00Z");
    static final Instant RETURNED = REPORTED.plus(Duration.ofHours(30));
    static final Instant DUE = RETURNED.plus(Duration.ofHours(72));

    /** The processor's order: the new indicator joins the state, then the rule sees it. */
    static Optional<Instant> arrives(ChildState state, Indicator latest) {
        add(state, latest);
        return ReturnInterviews.track(state, latest, SETTINGS, new Judgement(latest.getOccurredAt(), false));
    }

    static PendingReturnInterview pending(String episode, Instant dueBy, boolean alerted) {
        return new PendingReturnInterview(episode, dueBy, alerted);
    }

    @Test
    void aReturnSchedulesOneInterviewDueByTheDeadline() {
        ChildState state = state(missing("EP-1", REPORTED, null, LAMBETH));

        assertThat(arrives(state, missing("EP-1", REPORTED, RETURNED, LAMBETH))).contains(DUE);
        assertThat(state.getReturnInterviews()).containsExactly(pending("EP-1", DUE, false));

        assertThat(arrives(state, missing("EP-1", REPORTED, RETURNED.plusSeconds(60), LAMBETH)))
                .as("an update of the same return")
                .isEmpty();
        assertThat(arrives(state, missing("EP-2", RETURNED, RETURNED.plus(Duration.ofHours(1)), LAMBETH)))
                .as("another episode's return")
                .contains(RETURNED.plus(Duration.ofHours(73)));
        assertThat(state.getReturnInterviews())
                .extracting(PendingReturnInterview::getEpisodeId)
                .containsExactly("EP-1", "EP-2");
    }

    @Test
    void aReportWithoutReturnAnOfferAndAnEventWithoutEpisodeScheduleNothing() {
        ChildState state = state();
        assertThat(arrives(state, missing("EP-1", REPORTED, null, LAMBETH))).isEmpty();
        assertThat(arrives(state, interview(IndicatorCategory.RETURN_INTERVIEW_OFFERED, "EP-1", RETURNED, LAMBETH)))
                .isEmpty();
        assertThat(arrives(state, Indicators.indicator(IndicatorCategory.DOMESTIC_ABUSE, RETURNED, LAMBETH)))
                .isEmpty();
        assertThat(state.getReturnInterviews()).isEmpty();
    }

    @Test
    void aCompletionCancelsItsOwnEpisodesPendingInterviewOnly() {
        ChildState state = state();
        state.getReturnInterviews().add(pending("EP-1", DUE, false));
        state.getReturnInterviews().add(pending("EP-2", DUE, false));
        state.getReturnInterviews().add(pending("EP-3", DUE, true));

        assertThat(arrives(state, interview(IndicatorCategory.RETURN_INTERVIEW_COMPLETED, "EP-1", DUE, LAMBETH)))
                .isEmpty();
        assertThat(arrives(state, interview(IndicatorCategory.RETURN_INTERVIEW_COMPLETED, "EP-3", DUE, LAMBETH)))
                .isEmpty();

        assertThat(state.getReturnInterviews())
                .as("EP-2 is still due; EP-3 was already alerted, and stays so until pruned")
                .containsExactly(pending("EP-2", DUE, false), pending("EP-3", DUE, true));
    }

    @Test
    void aReturnReportedAfterItsCompletedInterviewSchedulesNothing() {
        ChildState state = state(interview(IndicatorCategory.RETURN_INTERVIEW_COMPLETED, "EP-1", RETURNED, LAMBETH));
        assertThat(arrives(state, missing("EP-1", REPORTED, RETURNED, LAMBETH))).isEmpty();
        assertThat(state.getReturnInterviews()).isEmpty();
    }

    @Test
    void onlyACompletedInterviewOfTheSameEpisodeCountsAsDone() {
        Indicator noDetail = Indicators.indicator(IndicatorCategory.RETURN_INTERVIEW_COMPLETED, REPORTED, LAMBETH);
        ChildState state = state(
                noDetail,
                interview(IndicatorCategory.RETURN_INTERVIEW_OFFERED, "EP-1", REPORTED, LAMBETH),
                interview(IndicatorCategory.RETURN_INTERVIEW_DECLINED, "EP-1", REPORTED, LAMBETH),
                interview(IndicatorCategory.RETURN_INTERVIEW_COMPLETED, "EP-9", REPORTED, LAMBETH));

        assertThat(arrives(state, missing("EP-1", REPORTED, RETURNED, LAMBETH))).contains(DUE);
    }

    @Test
    void anOverdueInterviewIsAlertedOnceWithTheLatestReturnAsEvidence() {
        Indicator firstReturn = missing("EP-1", REPORTED, RETURNED.minusSeconds(600), LAMBETH);
        Indicator correctedReturn = missing("EP-1", REPORTED, RETURNED, LAMBETH);
        ChildState state = state(missing("EP-1", REPORTED, null, LAMBETH), firstReturn, correctedReturn);
        state.getReturnInterviews().add(pending("EP-2", DUE.minusSeconds(5), false));
        state.getReturnInterviews().add(pending("EP-1", DUE, false));

        Optional<RiskAlert> alert = ReturnInterviews.overdue(state, "EP-1", alerts());

        assertThat(alert).isPresent();
        RiskAlert a = alert.get();
        assertThat(a.getRuleId()).isEqualTo("return-interview-overdue");
        assertThat(a.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(a.getEvidence())
                .extracting(Evidence::getSourceEventId)
                .containsExactly(correctedReturn.getEventId());
        assertThat(a.getWindow().getStart()).isEqualTo(RETURNED);
        assertThat(a.getWindow().getEnd()).isEqualTo(DUE);
        assertThat(state.getReturnInterviews())
                .containsExactly(pending("EP-2", DUE.minusSeconds(5), false), pending("EP-1", DUE, true));

        assertThat(ReturnInterviews.overdue(state, "EP-1", alerts()))
                .as("already alerted")
                .isEmpty();
    }

    @Test
    void nothingIsOverdueWithoutAPendingInterviewAReturnOrWhenTheInterviewHappened() {
        ChildState notPending = state(missing("EP-1", REPORTED, RETURNED, LAMBETH));
        assertThat(ReturnInterviews.overdue(notPending, "EP-1", alerts())).isEmpty();

        ChildState noReturn = state(missing("EP-1", REPORTED, null, LAMBETH));
        noReturn.getReturnInterviews().add(pending("EP-1", DUE, false));
        assertThat(ReturnInterviews.overdue(noReturn, "EP-1", alerts())).isEmpty();
        assertThat(noReturn.getReturnInterviews()).containsExactly(pending("EP-1", DUE, false));

        ChildState interviewed = state(
                missing("EP-1", REPORTED, RETURNED, LAMBETH),
                interview(IndicatorCategory.RETURN_INTERVIEW_COMPLETED, "EP-1", DUE.plusSeconds(1), LAMBETH));
        interviewed.getReturnInterviews().add(pending("EP-1", DUE, false));
        assertThat(ReturnInterviews.overdue(interviewed, "EP-1", alerts()))
                .as("a late completion still cancels the alert")
                .isEmpty();
    }

    @Test
    void aHighRiskOrLookedAfterChildsOverdueInterviewIsHigh() {
        for (String why : new String[] {"high risk", "looked after", "neither"}) {
            Indicator returned = missing("EP-1", REPORTED, RETURNED, LAMBETH);
            returned.getMissing().setRiskGrade(why.equals("high risk") ? PoliceRiskGrade.HIGH : PoliceRiskGrade.LOW);
            returned.getMissing().setLookedAfter(why.equals("looked after"));
            ChildState state = state(returned);
            state.getReturnInterviews().add(pending("EP-1", DUE, false));
            assertThat(ReturnInterviews.overdue(state, "EP-1", alerts())
                            .orElseThrow()
                            .getSeverity())
                    .as(why)
                    .isEqualTo(why.equals("neither") ? Severity.MEDIUM : Severity.HIGH);
        }
    }
}
