package org.safeguardingsignals.governance;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the pipeline uses a field of an input contract for, as each field declares it ({@code @uses} in the Avro IDL).
 * A field that nothing uses is not collected (MinimisationTest).
 */
public enum UseKind {
    RULE("rule", "read by a detection rule (toxic trio, repeat missing, overdue return interview, out of area)"),
    ROUTING("routing", "decides which authorities' MASHs are told of an alert"),
    METRIC("metric", "counted in the disclosure-controlled partnership figures or an operations meter"),
    EVIDENCE("evidence", "shown on the alert as evidence, to the MASH users of the authorities it is routed to"),
    CHRONOLOGY("chronology", "shown in the child's chronology to MASH users of an authority that knows the child"),
    LINKING("linking", "ties records together: one child (by keyed pseudonym), one episode, one event counted once"),
    MANUAL_MATCHING(
            "manual-matching", "given to MASH staff for 30 days to match by hand a child without a usable NHS number");

    private final String code;
    private final String meaning;

    UseKind(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The word a field's {@code @uses} declaration carries. */
    public String code() {
        return code;
    }

    /** What the use means, as the governance documents say it. */
    public String meaning() {
        return meaning;
    }

    public static Optional<UseKind> ofCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }
}
