package org.safeguardingsignals.identifiers;

/**
 * An agency's own reference (incident, referral, episode, attendance or concern), an organisation code, or an id in
 * an agency's own system: 1 to {@value #MAX_LENGTH} characters, each an ASCII letter, a digit or one of
 * {@code - _ / . :}, starting with a letter or a digit.
 *
 * <p>Real formats fit: police crime references ("14/123456/25"), force codes ("01"), NHS ODS codes ("RJ1", "Y01234"),
 * school URNs ("100000"), GSS codes ("E09000022"), local case ids ("LAM-REF-0001", "SC.2025.0042") and prefixed ids
 * ("SOCIAL_CARE_ID:12345"). Anything else (spaces, quotes, angle brackets, non-ASCII letters) is refused: references
 * are shown to MASH staff and copied into their systems, and a reference is a pointer to the agency's record, never
 * text about the child.
 */
public final class AgencyReference {
    public static final int MAX_LENGTH = 64;
    /** The allowed characters, as the documentation and the reject details state them. */
    public static final String CHARACTER_SET = "letters A-Z and a-z, digits 0-9 and - _ / . :";

    private AgencyReference() {}

    public static IdentifierCheck check(String value) {
        if (value == null || value.isEmpty()) {
            return IdentifierCheck.fail("is missing");
        }
        if (value.length() > MAX_LENGTH) {
            return IdentifierCheck.fail("is longer than " + MAX_LENGTH + " characters (found " + value.length() + ")");
        }
        if (!letterOrDigit(value.charAt(0))) {
            return IdentifierCheck.fail("must start with a letter or a digit");
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!letterOrDigit(c) && "-_/.:".indexOf(c) < 0) {
                return IdentifierCheck.fail(
                        "may contain only " + CHARACTER_SET + " (character " + (i + 1) + " is not one of them)");
            }
        }
        return IdentifierCheck.ok();
    }

    public static boolean isValid(String value) {
        return check(value).valid();
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
