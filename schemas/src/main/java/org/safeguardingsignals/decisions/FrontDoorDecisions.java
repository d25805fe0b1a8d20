package org.safeguardingsignals.decisions;

import java.util.ArrayList;
import java.util.List;
import org.safeguardingsignals.events.ConsentBasis;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.DecisionReason;
import org.safeguardingsignals.events.MashDecision;

/**
 * What a front-door decision must carry, and what it does to a work item: shared by the console that records
 * decisions and the detection application that folds them into work items, so both judge a decision alike.
 *
 * <p>An acknowledgement keeps the item open and needs nothing more. Any other outcome records a coded reason and the
 * consent basis (consent, or the reason for sharing without it: HM Government, Information sharing advice, 2018).
 * No further action closes the item only once a manager other than the worker has signed it off; until then the item
 * waits for sign-off. Decisions recorded before these fields (v1) carry UNKNOWN and are still read.
 */
public final class FrontDoorDecisions {
    private FrontDoorDecisions() {}

    /** What a new decision lacks, as messages naming the field; empty when it may be recorded. */
    public static List<String> problems(MashDecision d) {
        List<String> problems = new ArrayList<>();
        if (d.getOutcome() == null || d.getOutcome() == DecisionOutcome.UNKNOWN) {
            problems.add("outcome: one of the front-door outcomes is required");
            return problems;
        }
        if (d.getOutcome() == DecisionOutcome.ACKNOWLEDGED) {
            return problems;
        }
        if (d.getReason() == null || d.getReason() == DecisionReason.UNKNOWN) {
            problems.add("reason: a coded reason is required for " + d.getOutcome());
        }
        if (d.getConsentBasis() == null || d.getConsentBasis() == ConsentBasis.UNKNOWN) {
            problems.add(
                    "consentBasis: consent, or the reason for sharing without it, is required for " + d.getOutcome());
        }
        if (d.getSignedOffBy() != null && d.getSignedOffBy().equals(d.getWorkerId())) {
            problems.add("signedOffBy: a worker cannot sign off their own decision");
        }
        if (d.getSignedOffBy() != null && d.getSignedOffAt() == null) {
            problems.add("signedOffAt: required with signedOffBy");
        }
        return problems;
    }

    /** Signed off by a manager other than the worker who decided. */
    public static boolean signedOff(MashDecision d) {
        return d.getSignedOffBy() != null
                && !d.getSignedOffBy().isBlank()
                && !d.getSignedOffBy().equals(d.getWorkerId());
    }

    /** Whether the decision closes the item for its authority. */
    public static boolean closes(MashDecision d) {
        return switch (d.getOutcome()) {
            case ACKNOWLEDGED, UNKNOWN -> false;
            case NO_FURTHER_ACTION -> signedOff(d);
            default -> true;
        };
    }

    /** No further action proposed and not yet signed off: the item waits for a manager. */
    public static boolean awaitsSignOff(MashDecision d) {
        return d.getOutcome() == DecisionOutcome.NO_FURTHER_ACTION && !signedOff(d);
    }
}
