package org.safeguardingsignals.identifiers;

import java.util.Optional;

/**
 * NHS number: 10 digits, the last a modulus-11 check digit. Weight digits 1 to 9 by 10 down to 2, sum, take the
 * remainder mod 11; check = 11 - remainder, where 11 means 0 and 10 means no valid number has those nine digits.
 */
public final class NhsNumber {
    private NhsNumber() {}

    public static IdentifierCheck check(String value) {
        if (value == null || value.isEmpty()) {
            return IdentifierCheck.fail("NHS number is missing");
        }
        if (value.length() != 10) {
            return IdentifierCheck.fail(
                    "NHS number must be 10 digits without spaces, found " + value.length() + " characters");
        }
        for (int i = 0; i < 10; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return IdentifierCheck.fail(
                        "NHS number must be digits only, found another character at position " + (i + 1));
            }
        }
        int expected = expectedCheckDigit(value);
        if (expected == 10) {
            return IdentifierCheck.fail("NHS number cannot be valid: its first nine digits give check value 10");
        }
        if (expected != value.charAt(9) - '0') {
            return IdentifierCheck.fail("NHS number check digit does not match the first nine digits");
        }
        return IdentifierCheck.ok();
    }

    public static boolean isValid(String value) {
        return check(value).valid();
    }

    /**
     * The valid NHS number that starts with these nine digits, or empty where none exists (check value 10). For
     * synthetic data and tests.
     */
    public static Optional<String> withCheckDigit(String firstNine) {
        if (firstNine.length() != 9 || !firstNine.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("need exactly nine digits");
        }
        int check = expectedCheckDigit(firstNine);
        return check == 10 ? Optional.empty() : Optional.of(firstNine + check);
    }

    /**
     * The first valid NHS number whose first nine digits are {@code firstNine} or above (about 1 in 11 nine-digit
     * prefixes has none). For synthetic data and tests.
     */
    public static String firstValidFrom(long firstNine) {
        for (long prefix = firstNine; prefix <= 999_999_999L; prefix++) {
            var n = withCheckDigit(String.format("%09d", prefix));
            if (n.isPresent()) {
                return n.get();
            }
        }
        throw new IllegalArgumentException("no valid NHS number at or above these nine digits");
    }

    /** The check value for the first nine digits: 0 to 9, or 10 when none is possible. */
    static int expectedCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        return check == 11 ? 0 : check;
    }
}
