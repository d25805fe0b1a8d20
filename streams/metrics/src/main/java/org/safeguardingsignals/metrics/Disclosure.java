package org.safeguardingsignals.metrics;

/**
 * Disclosure control for published figures: a count from 1 to 4 is suppressed (marked, value withheld), because
 * small numbers about a local authority can identify a child; 0 and 5 upwards are published. A percentage is
 * withheld when its numerator or denominator is suppressed, and a median or 90th percentile when it summarises
 * fewer than 5 values.
 */
public final class Disclosure {
    public static final long SMALLEST_PUBLISHED = 5;

    private Disclosure() {}

    public static boolean suppressCount(long count) {
        return count >= 1 && count < SMALLEST_PUBLISHED;
    }

    public static boolean suppressRatio(long numerator, long denominator) {
        return suppressCount(numerator) || suppressCount(denominator);
    }

    public static boolean suppressSummary(int values) {
        return values < SMALLEST_PUBLISHED;
    }
}
