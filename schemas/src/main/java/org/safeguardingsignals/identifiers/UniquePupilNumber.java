package org.safeguardingsignals.identifiers;

/**
 * Unique Pupil Number: 13 characters, a check letter then 3-digit LA number, 4-digit establishment number,
 * 2-digit year and 3-digit serial. The check letter is the sum of position x digit over characters 2 to 13
 * (positions counted from 2), mod 23, mapped to A..Z without I, O and S.
 */
public final class UniquePupilNumber {
    private static final String CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

    private UniquePupilNumber() {}

    public static IdentifierCheck check(String value) {
        if (value == null || value.isEmpty()) {
            return IdentifierCheck.fail("UPN is missing");
        }
        if (value.length() != 13) {
            return IdentifierCheck.fail("UPN must be 13 characters, found " + value.length());
        }
        char letter = value.charAt(0);
        if (CHECK_LETTERS.indexOf(letter) < 0) {
            return IdentifierCheck.fail("UPN must start with a capital check letter (A to Z without I, O and S)");
        }
        int sum = 0;
        for (int i = 1; i < 13; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return IdentifierCheck.fail(
                        "UPN characters 2 to 13 must be digits, found another character at " + "position " + (i + 1));
            }
            sum += (c - '0') * (i + 1);
        }
        if (CHECK_LETTERS.charAt(sum % 23) != letter) {
            return IdentifierCheck.fail("UPN check letter does not match its digits");
        }
        return IdentifierCheck.ok();
    }

    public static boolean isValid(String value) {
        return check(value).valid();
    }
}
