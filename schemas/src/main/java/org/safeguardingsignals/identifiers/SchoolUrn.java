package org.safeguardingsignals.identifiers;

/** School Unique Reference Number (Get Information about Schools): 6 digits, 100000 upwards. */
public final class SchoolUrn {
    private SchoolUrn() {}

    public static IdentifierCheck check(String value) {
        if (value == null || value.isEmpty()) {
            return IdentifierCheck.fail("school URN is missing");
        }
        if (value.length() != 6 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return IdentifierCheck.fail("school URN must be 6 digits");
        }
        if (value.charAt(0) == '0') {
            return IdentifierCheck.fail("school URN must be 100000 or more");
        }
        return IdentifierCheck.ok();
    }

    public static boolean isValid(String value) {
        return check(value).valid();
    }
}
