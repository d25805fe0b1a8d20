package org.safeguardingsignals.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.safeguardingsignals.events.ConsentBasis;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.DecisionReason;

/**
 * What a worker asks to record: an outcome, its coded reason and consent basis (FrontDoorDecisions says when they are
 * needed), and an optional short rationale. The rationale is the one free text the pipeline carries; it is bounded
 * and single-purpose (ARCHITECTURE.md, "Decisions"), and no rule or figure reads it.
 */
record DecisionRequest(DecisionOutcome outcome, DecisionReason reason, ConsentBasis consentBasis, String rationale) {
    static final int MAX_RATIONALE = 500;

    /** Thrown with every problem of a request, each naming its field. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(List<String> problems) {
            super(String.join("; ", problems));
        }
    }

    /** The request a JSON body asks for; codes not known are read as UNKNOWN, for the rules to refuse. */
    static DecisionRequest parse(Map<?, ?> body) {
        String rationale = body.get("rationale") == null
                ? null
                : String.valueOf(body.get("rationale")).strip();
        List<String> problems = new ArrayList<>();
        if (rationale != null && rationale.length() > MAX_RATIONALE) {
            problems.add("rationale: at most " + MAX_RATIONALE + " characters (" + rationale.length() + " given)");
        }
        if (rationale != null && rationale.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            problems.add("rationale: plain text only (no control characters)");
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new DecisionRequest(
                code(DecisionOutcome.class, body.get("outcome"), DecisionOutcome.UNKNOWN),
                code(DecisionReason.class, body.get("reason"), DecisionReason.UNKNOWN),
                code(ConsentBasis.class, body.get("consentBasis"), ConsentBasis.UNKNOWN),
                rationale == null || rationale.isEmpty() ? null : rationale);
    }

    private static <T extends Enum<T>> T code(Class<T> type, Object asked, T unknown) {
        if (asked == null) {
            return unknown;
        }
        try {
            return Enum.valueOf(type, String.valueOf(asked));
        } catch (IllegalArgumentException e) {
            return unknown;
        }
    }
}
