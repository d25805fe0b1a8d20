package org.safeguardingsignals.metrics;

import java.util.Arrays;
import java.util.List;
import org.safeguardingsignals.events.DecisionOutcome;

/**
 * How an alert's outcome is grouped in {@link Metric#ALERT_OUTCOMES}: few groups, so that a rule's cells are seldom
 * small. An acknowledgement is no outcome (it keeps the alert open), nor is an unknown one.
 */
enum OutcomeGroup {
    NO_FURTHER_ACTION("no further action", DecisionOutcome.NO_FURTHER_ACTION),
    /** Children's social care takes it up: a strategy discussion, a referral, a section 17 or 47 response. */
    SOCIAL_CARE(
            "strategy discussion or children's social care",
            DecisionOutcome.STRATEGY_DISCUSSION,
            DecisionOutcome.REFERRED_TO_CHILDRENS_SOCIAL_CARE,
            DecisionOutcome.SECTION_17_ASSESSMENT,
            DecisionOutcome.SECTION_47_ENQUIRY),
    /** A response short of social care, or the alert passed to whoever already holds the child. */
    OTHER(
            "other response",
            DecisionOutcome.INFORMATION_AND_ADVICE,
            DecisionOutcome.EARLY_HELP,
            DecisionOutcome.OTHER_AGENCY_ACTION,
            DecisionOutcome.PASS_TO_ALLOCATED_WORKER,
            DecisionOutcome.TRANSFER_TO_HOME_AUTHORITY);

    /** How the report names it. */
    final String label;

    private final List<DecisionOutcome> outcomes;

    OutcomeGroup(String label, DecisionOutcome... outcomes) {
        this.label = label;
        this.outcomes = List.of(outcomes);
    }

    /** The decision outcomes in the group. */
    List<DecisionOutcome> outcomes() {
        return outcomes;
    }

    /** The group of an outcome, or null for one that is no outcome of an alert (acknowledged, unknown). */
    static OutcomeGroup of(DecisionOutcome outcome) {
        return Arrays.stream(values())
                .filter(g -> g.outcomes.contains(outcome))
                .findFirst()
                .orElse(null);
    }
}
