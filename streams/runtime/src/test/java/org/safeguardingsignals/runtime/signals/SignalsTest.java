package org.safeguardingsignals.runtime.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
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
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.CareSetting;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.HealthService;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.MissingType;
import org.safeguardingsignals.events.OffenceGroup;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
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
                .containsExactly(REFERRAL, PARENTAL_MENTAL_HEALTH, IndicatorCategory.NEGLECT, PARENTAL_ALCOHOL_MISUSE);
        referral.setAssessmentFactors(List.of());
        assertThat(Signals.REFERRAL.categories(referral)).containsExactly(REFERRAL);
    }

    @Test
    void censusFactorsAboutAParentOrAnotherAdultCountAndTheChildsOwnDoNot() {
        Map<AssessmentFactor, IndicatorCategory> counted = Map.ofEntries(
                Map.entry(AssessmentFactor.DOMESTIC_ABUSE_CHILD, DOMESTIC_ABUSE),
                Map.entry(AssessmentFactor.DOMESTIC_ABUSE_PARENT, DOMESTIC_ABUSE),
                Map.entry(AssessmentFactor.DOMESTIC_ABUSE_OTHER, DOMESTIC_ABUSE),
                Map.entry(AssessmentFactor.MENTAL_HEALTH_PARENT, PARENTAL_MENTAL_HEALTH),
                Map.entry(AssessmentFactor.MENTAL_HEALTH_OTHER, PARENTAL_MENTAL_HEALTH),
                Map.entry(AssessmentFactor.ALCOHOL_MISUSE_PARENT, PARENTAL_ALCOHOL_MISUSE),
                Map.entry(AssessmentFactor.ALCOHOL_MISUSE_OTHER, PARENTAL_ALCOHOL_MISUSE),
                Map.entry(AssessmentFactor.DRUG_MISUSE_PARENT, PARENTAL_DRUG_MISUSE),
                Map.entry(AssessmentFactor.DRUG_MISUSE_OTHER, PARENTAL_DRUG_MISUSE),
                Map.entry(AssessmentFactor.NEGLECT, IndicatorCategory.NEGLECT),
                Map.entry(AssessmentFactor.CHILD_SEXUAL_EXPLOITATION, IndicatorCategory.EXPLOITATION),
                Map.entry(AssessmentFactor.CHILD_CRIMINAL_EXPLOITATION, IndicatorCategory.EXPLOITATION),
                Map.entry(AssessmentFactor.GANGS, IndicatorCategory.EXPLOITATION),
                Map.entry(AssessmentFactor.TRAFFICKING, IndicatorCategory.EXPLOITATION));
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
    void theChronologyShowsWhetherTheChildWasPresentTheRiskLevelAndWhetherPoliceAttended() {
        DomesticAbuseIncident incident = TestEvents.incident("MPS-8", DashRiskLevel.HIGH, "9434765919", "9434765870");
        incident.getChildren().get(1).setPresent(false);
        incident.setPoliceAttended(false);
        PersonRef first = incident.getChildren().get(0).getChild();
        PersonRef second = incident.getChildren().get(1).getChild();

        assertThat(Signals.DOMESTIC_ABUSE.qualifiers(incident, first))
                .containsExactly(
                        entry("present", "true"), entry("dashRiskLevel", "HIGH"), entry("policeAttended", "false"));
        assertThat(Signals.DOMESTIC_ABUSE.qualifiers(incident, second))
                .containsExactly(
                        entry("present", "false"), entry("dashRiskLevel", "HIGH"), entry("policeAttended", "false"));

        incident.setDashRiskLevel(DashRiskLevel.UNKNOWN); // an unknown code is left out, never shown as "UNKNOWN"
        assertThat(Signals.DOMESTIC_ABUSE.qualifiers(incident, first))
                .containsExactly(entry("present", "true"), entry("policeAttended", "false"));
        PersonRef stranger = PersonRef.newBuilder().setNhsNumber("9434765919").build(); // equal, but not this event's
        assertThat(Signals.DOMESTIC_ABUSE.qualifiers(incident, stranger))
                .containsExactly(entry("policeAttended", "false"));
    }

    @Test
    void aPoliceContactAndWhereAMissingChildWasFoundAreShownAsCodes() {
        ChildPoliceContact contact = new ChildPoliceContact();
        contact.setContactType(PoliceContactType.NRM_REFERRAL);
        contact.setOffenceGroup(OffenceGroup.NONE);
        assertThat(Signals.CHILD_POLICE_CONTACT.categories(contact))
                .containsExactly(IndicatorCategory.CHILD_POLICE_CONTACT);
        assertThat(Signals.CHILD_POLICE_CONTACT.qualifiers(contact, null))
                .containsExactly(entry("contactType", "NRM_REFERRAL"), entry("offenceGroup", "NONE"));

        MissingEpisode returned = new MissingEpisode();
        returned.setMissingType(MissingType.MISSING);
        returned.setPoliceRiskGrade(PoliceRiskGrade.UNKNOWN);
        returned.setFoundForceCode("46");
        assertThat(Signals.MISSING_EPISODE.qualifiers(returned, null))
                .containsExactly(entry("missingType", "MISSING"), entry("foundForceCode", "46"));
        returned.setMissingFromArea("E01003030");
        returned.setFoundArea("E01024000");
        returned.setFoundWith(List.of(new PersonRef("9434765919", List.of(), null, null)));
        assertThat(Signals.MISSING_EPISODE.qualifiers(returned, null))
                .containsExactly(
                        entry("missingType", "MISSING"),
                        entry("foundForceCode", "46"),
                        entry("missingFromArea", "E01003030"),
                        entry("foundArea", "E01024000"));
    }

    @Test
    void theChronologyShowsTheCodedServiceSettingSourceOutcomeAndRiskOfEachEvent() {
        ParentHealthEvent health = new ParentHealthEvent();
        health.setService(HealthService.CRISIS_TEAM);
        assertThat(Signals.PARENT_HEALTH.qualifiers(health, null)).containsExactly(entry("service", "CRISIS_TEAM"));
        health.setService(HealthService.UNKNOWN);
        assertThat(Signals.PARENT_HEALTH.qualifiers(health, null)).isEmpty();

        UnscheduledCareAttendance attendance = new UnscheduledCareAttendance();
        attendance.setSetting(CareSetting.MINOR_INJURY_UNIT);
        assertThat(Signals.UNSCHEDULED_CARE.qualifiers(attendance, null))
                .containsExactly(entry("setting", "MINOR_INJURY_UNIT"));

        SchoolConcern concern = new SchoolConcern();
        concern.setSchoolUrn("100000");
        assertThat(Signals.SCHOOL_CONCERN.qualifiers(concern, null)).containsExactly(entry("schoolUrn", "100000"));

        Referral referral = new Referral();
        referral.setReferralSource(Agency.HEALTH);
        referral.setOutcome(ReferralOutcome.EARLY_HELP);
        assertThat(Signals.REFERRAL.qualifiers(referral, null))
                .containsExactly(entry("referralSource", "HEALTH"), entry("outcome", "EARLY_HELP"));
        referral.setReferralSource(Agency.UNKNOWN);
        assertThat(Signals.REFERRAL.qualifiers(referral, null)).containsExactly(entry("outcome", "EARLY_HELP"));

        MissingEpisode episode = new MissingEpisode();
        episode.setMissingType(MissingType.AWAY_FROM_PLACEMENT_WITHOUT_AUTHORISATION);
        episode.setPoliceRiskGrade(PoliceRiskGrade.MEDIUM);
        assertThat(Signals.MISSING_EPISODE.qualifiers(episode, null))
                .containsExactly(
                        entry("missingType", "AWAY_FROM_PLACEMENT_WITHOUT_AUTHORISATION"),
                        entry("policeRiskGrade", "MEDIUM"));
        episode.setMissingType(null); // a field a v1 writer did not send
        episode.setPoliceRiskGrade(PoliceRiskGrade.UNKNOWN);
        assertThat(Signals.MISSING_EPISODE.qualifiers(episode, null)).isEmpty();
    }

    @Test
    void statusChangesAndReturnInterviewsCarryNoQualifiers() {
        ChildStatusChange change = new ChildStatusChange();
        change.setChange(StatusChangeType.LOOKED_AFTER_START);
        assertThat(Signals.STATUS_CHANGE.qualifiers(change, null)).isEmpty();
        assertThat(Signals.RETURN_INTERVIEW.qualifiers(new ReturnInterviewEvent(), null))
                .isEmpty();
    }

    @Test
    void aRetractionSignalsOneChronologyEntryWithItsReason() {
        Retraction r = new Retraction();
        r.setReason(RetractionReason.WRONG_CHILD);
        for (EventSignals<Retraction> s : Signals.RETRACTIONS) {
            assertThat(s.categories(r)).containsExactly(IndicatorCategory.RETRACTION);
            assertThat(s.qualifiers(r, null)).containsExactly(Map.entry("reason", "WRONG_CHILD"));
        }
        assertThat(Signals.RETRACTIONS)
                .extracting(s -> s.topic().name())
                .containsExactlyElementsOf(
                        Topics.retractions().stream().map(t -> t.name()).toList());
    }

    @Test
    void everyInputThatSignalsIsListedOnceInTheOrderTheTopologiesSubscribe() {
        assertThat(Signals.ALL)
                .extracting(s -> s.topic().name())
                .containsExactly(
                        Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                        Topics.CHILD_POLICE_CONTACTS.name(),
                        Topics.PARENT_HEALTH_EVENTS.name(),
                        Topics.UNSCHEDULED_CARE.name(),
                        Topics.SCHOOL_CONCERNS.name(),
                        Topics.SCHOOL_ROLL.name(),
                        Topics.REFERRALS.name(),
                        Topics.STATUS_CHANGES.name(),
                        Topics.MISSING_EPISODES.name(),
                        Topics.RETURN_INTERVIEWS.name(),
                        Topics.POLICE_RETRACTIONS.name(),
                        Topics.HEALTH_RETRACTIONS.name(),
                        Topics.SCHOOL_RETRACTIONS.name(),
                        Topics.CHILDRENS_SERVICES_RETRACTIONS.name(),
                        Topics.RETURN_INTERVIEW_RETRACTIONS.name());
    }
}
