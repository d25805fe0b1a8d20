package org.safeguardingsignals.detection;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * Thresholds and windows of every rule, for one partnership (local authority). There is no national number for
 * most of them (docs/DOMAIN.md, section 9, Defaults and why): each is a partnership setting with a documented
 * default.
 *
 * @param trioLookback              toxic trio: how far back (event time) factor groups count together
 * @param trioEmergingEnabled       toxic trio: raise a MEDIUM "emerging" alert for two groups of three
 * @param missingCount              repeat missing: episodes that make a repeat
 * @param missingPeriod             repeat missing: the period they must fall in
 * @param returnInterviewDue        return interview: time after return within which it must be completed
 * @param trioLinkedStandardCounts  toxic trio: a police incident of standard (or unassessed) DASH risk at which the
 *                                  child was not present counts as domestic abuse
 * @param councilFactorsTrigger     the council's own recorded factors (children's services) raise trio and neglect
 *                                  alerts; when false they are background: they count, but only another agency's
 *                                  signal raises
 * @param reReferralWindow          re-referral: a referral within this period of the child's previous one
 * @param domesticAbuseCount        repeat domestic abuse: police incidents affecting the child that make a repeat
 * @param domesticAbusePeriod       repeat domestic abuse: the period they must fall in
 * @param neglectAgencies           neglect signals: how many different agencies must have seen a signal
 * @param neglectPeriod             neglect signals: the period they must fall in
 * @param infantAnyAttendance       infant: any unscheduled-care attendance of a baby under one raises (MEDIUM), not
 *                                  only an injury
 * @param missingCountsAway         repeat missing: "away from placement without authorisation" episodes count
 * @param alreadyKnownForInformation a child open to children's social care is routed "for information" to the
 *                                  allocated team, not as a new front-door prompt
 * @param exploitationGroups        exploitation risk: how many of the five indicator groups make an alert
 * @param exploitationPeriod        exploitation risk: the period they must fall in
 */
public record RuleSettings(
        Duration trioLookback,
        boolean trioEmergingEnabled,
        int missingCount,
        Duration missingPeriod,
        Duration returnInterviewDue,
        boolean trioLinkedStandardCounts,
        boolean councilFactorsTrigger,
        Duration reReferralWindow,
        int domesticAbuseCount,
        Duration domesticAbusePeriod,
        int neglectAgencies,
        Duration neglectPeriod,
        boolean infantAnyAttendance,
        boolean missingCountsAway,
        boolean alreadyKnownForInformation,
        int exploitationGroups,
        Duration exploitationPeriod) {

    public static final RuleSettings DEFAULTS = new RuleSettings(
            Duration.ofDays(365),
            true,
            3,
            Duration.ofDays(90),
            Duration.ofHours(72),
            false,
            false,
            Duration.ofDays(365),
            3,
            Duration.ofDays(365),
            2,
            Duration.ofDays(180),
            false,
            true,
            true,
            3,
            Duration.ofDays(90));

    public RuleSettings {
        if (missingCount < 1) {
            throw new IllegalArgumentException("repeat-missing.count must be at least 1, was " + missingCount);
        }
        if (domesticAbuseCount < 1) {
            throw new IllegalArgumentException(
                    "repeat-domestic-abuse.count must be at least 1, was " + domesticAbuseCount);
        }
        if (exploitationGroups < 1 || exploitationGroups > 5) {
            throw new IllegalArgumentException(
                    "exploitation.groups must be from 1 to 5 (there are five groups), was " + exploitationGroups);
        }
        if (neglectAgencies < 1) {
            throw new IllegalArgumentException("neglect.agencies must be at least 1, was " + neglectAgencies);
        }
        for (Duration d : new Duration[] {
            trioLookback,
            missingPeriod,
            returnInterviewDue,
            reReferralWindow,
            domesticAbusePeriod,
            neglectPeriod,
            exploitationPeriod
        }) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("rule windows must be positive, found " + d);
            }
        }
    }

    /** The first five settings, with the defaults for the rest. */
    public RuleSettings(
            Duration trioLookback,
            boolean trioEmergingEnabled,
            int missingCount,
            Duration missingPeriod,
            Duration returnInterviewDue) {
        this(
                trioLookback,
                trioEmergingEnabled,
                missingCount,
                missingPeriod,
                returnInterviewDue,
                DEFAULTS.trioLinkedStandardCounts,
                DEFAULTS.councilFactorsTrigger,
                DEFAULTS.reReferralWindow,
                DEFAULTS.domesticAbuseCount,
                DEFAULTS.domesticAbusePeriod,
                DEFAULTS.neglectAgencies,
                DEFAULTS.neglectPeriod,
                DEFAULTS.infantAnyAttendance,
                DEFAULTS.missingCountsAway,
                DEFAULTS.alreadyKnownForInformation,
                DEFAULTS.exploitationGroups,
                DEFAULTS.exploitationPeriod);
    }

    public RuleSettings withDomesticAbuse(int count, Duration period) {
        return new RuleSettings(
                trioLookback,
                trioEmergingEnabled,
                missingCount,
                missingPeriod,
                returnInterviewDue,
                trioLinkedStandardCounts,
                councilFactorsTrigger,
                reReferralWindow,
                count,
                period,
                neglectAgencies,
                neglectPeriod,
                infantAnyAttendance,
                missingCountsAway,
                alreadyKnownForInformation,
                exploitationGroups,
                exploitationPeriod);
    }

    public RuleSettings withSwitches(
            boolean trioLinkedStandardCounts,
            boolean councilFactorsTrigger,
            boolean infantAnyAttendance,
            boolean missingCountsAway,
            boolean alreadyKnownForInformation) {
        return new RuleSettings(
                trioLookback,
                trioEmergingEnabled,
                missingCount,
                missingPeriod,
                returnInterviewDue,
                trioLinkedStandardCounts,
                councilFactorsTrigger,
                reReferralWindow,
                domesticAbuseCount,
                domesticAbusePeriod,
                neglectAgencies,
                neglectPeriod,
                infantAnyAttendance,
                missingCountsAway,
                alreadyKnownForInformation,
                exploitationGroups,
                exploitationPeriod);
    }

    public RuleSettings withExploitation(int groups, Duration period) {
        return new RuleSettings(
                trioLookback,
                trioEmergingEnabled,
                missingCount,
                missingPeriod,
                returnInterviewDue,
                trioLinkedStandardCounts,
                councilFactorsTrigger,
                reReferralWindow,
                domesticAbuseCount,
                domesticAbusePeriod,
                neglectAgencies,
                neglectPeriod,
                infantAnyAttendance,
                missingCountsAway,
                alreadyKnownForInformation,
                groups,
                period);
    }

    /** The longest time an indicator can matter to these rules. */
    Duration longestLookback() {
        return Stream.of(
                        trioLookback,
                        missingPeriod,
                        returnInterviewDue,
                        reReferralWindow,
                        domesticAbusePeriod,
                        neglectPeriod,
                        exploitationPeriod)
                .max(Duration::compareTo)
                .orElseThrow();
    }
}
