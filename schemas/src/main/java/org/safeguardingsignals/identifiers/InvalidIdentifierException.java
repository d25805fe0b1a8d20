package org.safeguardingsignals.identifiers;

/** An identifier failed its check; the message names the field and the rule broken, never the value. */
public class InvalidIdentifierException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public InvalidIdentifierException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
