package org.safeguardingsignals.validation;

import org.safeguardingsignals.events.RejectReason;

/**
 * An input that breaks a rule of its {@link InputContract}. In the pipeline it is thrown inside the intake
 * processor, so that the dead-letter handler receives it with the record's original bytes and coordinates; in the
 * producer SDK and the tools it is thrown before anything is sent. The detail names the field and the rule, never
 * the value.
 */
public class RejectedInputException extends RuntimeException {
    private final RejectReason reason;

    public RejectedInputException(RejectReason reason, String detail) {
        super(detail, null, false, false); // no stack trace: this is data, not a bug
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
