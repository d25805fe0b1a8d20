package org.safeguardingsignals.runtime.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguardingsignals.events.IndicatorCategory.CHILD_IN_NEED;
import static org.safeguardingsignals.events.IndicatorCategory.CHILD_IN_NEED_ENDED;
import static org.safeguardingsignals.events.IndicatorCategory.CHILD_MISSING_EDUCATION;
import static org.safeguardingsignals.events.IndicatorCategory.CHILD_PROTECTION_PLAN;
import static org.safeguardingsignals.events.IndicatorCategory.CHILD_PROTECTION_PLAN_ENDED;
import static org.safeguardingsignals.events.IndicatorCategory.DOMESTIC_ABUSE;
import static org.safeguardingsignals.events.IndicatorCategory.LOOKED_AFTER;
import static org.safeguardingsignals.events.IndicatorCategory.LOOKED_AFTER_ENDED;
import static org.safeguardingsignals.events.IndicatorCategory.MISSING_EPISODE;
import static org.safeguardingsignals.events.IndicatorCategory.OTHER;
import static org.safeguardingsignals.events.IndicatorCategory.PARENTAL_ALCOHOL_MISUSE;
import static org.safeguardingsignals.events.IndicatorCategory.PARENTAL_DRUG_MISUSE;
import static org.safeguardingsignals.events.IndicatorCategory.PARENTAL_MENTAL_HEALTH;
import static org.safeguardingsignals.events.IndicatorCategory.REFERRAL;
import static org.safeguardingsignals.events.IndicatorCategory.RETURN_INTERVIEW_COMPLETED;
import static org.safeguardingsignals.events.IndicatorCategory.RETURN_INTERVIEW_DECLINED;
import static org.safeguardingsignals.events.IndicatorCategory.RETURN_INTERVIEW_OFFERED;
import static org.safeguardingsignals.events.IndicatorCategory.SCHOOL_ATTENDANCE_DROP;
import static org.safeguardingsignals.events.IndicatorCategory.SCHOOL_EXCLUSION;
import static org.safeguardingsignals.events.IndicatorCategory.SCHOOL_SAFEGUARDING_CONCERN;
import static org.safeguardingsignals.events.IndicatorCategory.UNSCHEDULED_CARE;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topics;

/** What each input signals, as detection and the partnership figures both read it. */
class SignalsTest {

    @Test
    void anIncidentSignalsDomesticAbuseAboutEachLinkedChildWithItsOwnHeaderAndReference() {
        DomesticAbuseIncident incident = TestEvents.incident("MPS-7", DashRiskLevel.HIGH, "9434765919", "9434765870");

        assertThat(Signals.DOMESTIC_ABUSE.topic()).isEqualTo(Topics.DOMESTIC_ABUSE_INCIDENTS);
        assertThat(Signals.DOMESTIC_ABUSE.header(incident)).isSameAs(incident.getHeader());
        assertThat(Signals.DOMESTIC_ABUSE.reference(incident)).isEqualTo("MPS-7");
        assertThat(Signals.DOMESTIC_ABUSE.children(incident))
                .containsExactlyElementsOf(incident.getChildren().stream()
                        .map(LinkedChild::getChild)
                        .toList());
        assertThat(Signals.DOMESTIC_ABUSE.categories(incident)).containsExactly(DOMESTIC_ABUSE);
    }

    @Test
    void aParentsHealthEventSignalsItsCategoryAsAParentalFactor() {
        Map<ParentHealthCategory, IndicatorCategory> expected = Map.of(
                ParentHealthCategory.MENTAL_HEALTH, PARENTAL_MENTAL_HEALTH,
                ParentHealthCategory.ALCOHOL_MISUSE, PARENTAL_ALCOHOL_MISUSE,
                ParentHealthCategory.DRUG_MISUSE, PARENTAL_DRUG_MISUSE,
                ParentHealthCategory.UNKNOWN, OTHER);
        assertThat(expected).hasSize(ParentHealthCategory.values().length);
        expected.forEach((category, signal) -> {
            ParentHealthEvent event = new ParentHealthEvent();
            event.setCategory(category);
            assertThat(Signals.PARENT_HEALTH.categories(event))
                    .as("%s", category)
                    .containsExactly(signal);
        });
        assertThat(Signals.PARENT_HEALTH.topic()).isEqualTo(Topics.PARENT_HEALTH_EVENTS);
    }

    @Test
    void singleSignalInputs() {
        assertThat(Signals.UNSCHEDULED_CARE.categories(new UnscheduledCareAttendance()))
                .containsExactly(UNSCHEDULED_CARE);
        assertThat(Signals.MISSING_EPISODE.categories(new MissingEpisode())).containsExactly(MISSING_EPISODE);
        assertThat(Signals.UNSCHEDULED_CARE.topic()).isEqualTo(Topics.UNSCHEDULED_CARE);
        assertThat(Signals.MISSING_EPISODE.topic()).isEqualTo(Topics.MISSING_EPISODES);
    }

    @Test
    void aSchoolConcernSignalsItsCategoryThenTheParentalFactorsItRecords() {
        Map<SchoolConcernCategory, IndicatorCategory> expected = Map.of(
                SchoolConcernCategory.ATTENDANCE_DROP, SCHOOL_ATTENDANCE_DROP,
                SchoolConcernCategory.CHILD_MISSING_EDUCATION, CHILD_MISSING_EDUCATION,
                SchoolConcernCategory.DSL_SAFEGUARDING_CONCERN, SCHOOL_SAFEGUARDING_CONCERN,
                SchoolConcernCategory.EXCLUSION, SCHOOL_EXCLUSION,
                SchoolConcernCategory.UNKNOWN, OTHER);
        assertThat(expected).hasSize(SchoolConcernCategory.values().length);
        expected.forEach((category, signal) -> {
            SchoolConcern concern = new SchoolConcern();
            concern.setCategory(category);
            concern.setFactors(List.of());
            assertThat(Signals.SCHOOL_CONCERN.categories(concern))
                    .as("%s", category)
                    .containsExactly(signal);
        });
        SchoolConcern concern = new SchoolConcern();
        concern.setCategory(SchoolConcernCategory.EXCLUSION);
        concern.setFactors(List.of(AssessmentFactor.DRUG_MISUSE_OTHER, AssessmentFactor.DOMESTIC_ABUSE_CHILD));
        assertThat(Signals.SCHOOL_CONCERN.categories(concern))
                .containsExactly(SCHOOL_EXCLUSION, PARENTAL_DRUG_MISUSE, DOMESTIC_ABUSE);
    }

    @Test
    void aReferralSignalsItselfThenTheParentalFactorsOfItsAssessment() {
        Referral referral = new Referral();
        referral.setAssessmentFactors(List.of(
                AssessmentFactor.MENTAL_HEALTH_OTHER,
                AssessmentFactor.NEGLECT,
                AssessmentFactor.ALCOHOL_MISUSE_PARENT,
                AssessmentFactor.MENTAL_HEALTH_PARENT)); // the same category twice counts once
        assertThat(Signals.REFERRAL.categories(referral))
                .containsExactly(REFERRAL, PARENTAL_MENTAL_HEALTH, PARENTAL_ALCOHOL_MISUSE);
        referral.setAssessmentFactors(List.of());
        assertThat(Signals.REFERRAL.categories(referral)).containsExactly(REFERRAL);
    }

    @Test
    void censusFactorsAboutAParentOrAnotherAdultCountAndTheChildsOwnDoNot() {
        Map<AssessmentFactor, IndicatorCategory> counted = Map.of(
                AssessmentFactor.DOMESTIC_ABUSE_CHILD, DOMESTIC_ABUSE,
                AssessmentFactor.DOMESTIC_ABUSE_PARENT, DOMESTIC_ABUSE,
                AssessmentFactor.DOMESTIC_ABUSE_OTHER, DOMESTIC_ABUSE,
                AssessmentFactor.MENTAL_HEALTH_PARENT, PARENTAL_MENTAL_HEALTH,
                AssessmentFactor.MENTAL_HEALTH_OTHER, PARENTAL_MENTAL_HEALTH,
                AssessmentFactor.ALCOHOL_MISUSE_PARENT, PARENTAL_ALCOHOL_MISUSE,
                AssessmentFactor.ALCOHOL_MISUSE_OTHER, PARENTAL_ALCOHOL_MISUSE,
                AssessmentFactor.DRUG_MISUSE_PARENT, PARENTAL_DRUG_MISUSE,
                AssessmentFactor.DRUG_MISUSE_OTHER, PARENTAL_DRUG_MISUSE);
        for (AssessmentFactor factor : AssessmentFactor.values()) {
            if (counted.containsKey(factor)) {
                assertThat(Factors.categories(List.of(factor))).as("%s", factor).containsExactly(counted.get(factor));
            } else {
                assertThat(Factors.categories(List.of(factor))).as("%s", factor).isEmpty();
            }
        }
    }

    @Test
    void aStatusChangeSignalsWhatStartedOrEnded() {
        Map<StatusChangeType, IndicatorCategory> expected = Map.of(
                StatusChangeType.CHILD_IN_NEED_START, CHILD_IN_NEED,
                StatusChangeType.CHILD_PROTECTION_PLAN_START, CHILD_PROTECTION_PLAN,
                StatusChangeType.LOOKED_AFTER_START, LOOKED_AFTER,
                StatusChangeType.CHILD_IN_NEED_END, CHILD_IN_NEED_ENDED,
                StatusChangeType.CHILD_PROTECTION_PLAN_END, CHILD_PROTECTION_PLAN_ENDED,
                StatusChangeType.LOOKED_AFTER_END, LOOKED_AFTER_ENDED,
                StatusChangeType.UNKNOWN, OTHER);
        assertThat(expected).hasSize(StatusChangeType.values().length);
        expected.forEach((change, signal) -> {
            ChildStatusChange event = new ChildStatusChange();
            event.setChange(change);
            assertThat(Signals.STATUS_CHANGE.categories(event)).as("%s", change).containsExactly(signal);
        });
    }

    @Test
    void aReturnInterviewSignalsItsStatus() {
        Map<ReturnInterviewStatus, IndicatorCategory> expected = Map.of(
                ReturnInterviewStatus.COMPLETED, RETURN_INTERVIEW_COMPLETED,
                ReturnInterviewStatus.OFFERED, RETURN_INTERVIEW_OFFERED,
                ReturnInterviewStatus.DECLINED, RETURN_INTERVIEW_DECLINED,
                ReturnInterviewStatus.UNKNOWN, OTHER);
        assertThat(expected).hasSize(ReturnInterviewStatus.values().length);
        expected.forEach((status, signal) -> {
            ReturnInterviewEvent event = new ReturnInterviewEvent();
            event.setStatus(status);
            assertThat(Signals.RETURN_INTERVIEW.categories(event))
                    .as("%s", status)
                    .containsExactly(signal);
        });
    }

    @Test
    void everyInputThatSignalsIsListedOnceInTheOrderTheTopologiesSubscribe() {
        assertThat(Signals.ALL)
                .extracting(s -> s.topic().name())
                .containsExactly(
                        Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                        Topics.PARENT_HEALTH_EVENTS.name(),
                        Topics.UNSCHEDULED_CARE.name(),
                        Topics.SCHOOL_CONCERNS.name(),
                        Topics.REFERRALS.name(),
                        Topics.STATUS_CHANGES.name(),
                        Topics.MISSING_EPISODES.name(),
                        Topics.RETURN_INTERVIEWS.name());
    }
}
