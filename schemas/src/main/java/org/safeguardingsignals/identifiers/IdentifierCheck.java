package org.safeguardingsignals.identifiers;

import java.util.Objects;

/**
 * The outcome of checking one identifier. A failure carries a reason a person can act on. Reasons never repeat the
 * identifier itself, so they are safe to write to a dead-letter topic or a log.
 */
public record IdentifierCheck(boolean valid, String reason) {

    private static final IdentifierCheck VALID = new IdentifierCheck(true, "valid");

    public IdentifierCheck {
        Objects.requireNonNull(reason, "reason");
    }

    public static IdentifierCheck ok() {
        return VALID;
    }

    public static IdentifierCheck fail(String reason) {
        return new IdentifierCheck(false, reason);
    }

    /** Throws {@link InvalidIdentifierException} with the reason when invalid. */
    public void orThrow(String field) {
        if (!valid) {
            throw new InvalidIdentifierException(field, reason);
        }
    }
}
