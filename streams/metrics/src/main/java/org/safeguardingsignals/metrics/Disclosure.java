package org.safeguardingsignals.metrics;

/**
 * Disclosure control for published figures. Primary suppression: a count from 1 to 4 is withheld (marked, no value),
 * because small numbers about a local authority can identify a child; 0 and 5 upwards are published. Secondary
 * suppression: a calendar month is withheld too whenever an ISO week that overlaps it is withheld, because the weeks
 * and the months of a stretch of time add up to the same total: with the month published, a withheld week was the
 * month less the other weeks. A withheld month has no upper bound an attacker can learn (counts only grow, so an
 * earlier publication of it bounds it from below only), so no withheld week can be worked out from the figures, nor
 * from a figure and its later correction (DifferencingAttackTest plays the attack against the topic and the report).
 * Across a breakdown: the total of a figure broken down by age band (children missing, by their age at the episode),
 * by severity (exploitation alerts) or by size band (linked groups) is withheld whenever one of its bands is, for
 * either reason, because the total less the published bands is the withheld band; a total withheld for a week's band
 * withholds the months that week overlaps, as above. (The severities of exploitation alerts are also alerts_raised's
 * for the rule, so a small alerts_raised figure withholds the exploitation total too.) Linked groups are a stock at
 * the end of each period, not a sum of its weeks; the same rules apply to them, which only withholds more. The figures
 * by rule add up to figures published before them, which are withheld with them ({@link SecondarySuppression}): a
 * rule's alert outcomes with any of its outcome groups, the decisions of an outcome with any rule's cell of its group,
 * the first decisions when exactly one rule's total or one outcome is withheld, the children with a repeat-missing
 * alert with either severity of the children flagged by that rule. Withdrawals make children flagged the one count
 * that can fall (a child leaves a cell with its last alert there): the alerts raised of a rule and severity, the
 * children still flagged and the alerts withdrawn add up where each alert is a different child, so the alerts raised
 * (and the exploitation alerts, the same count) are withheld whenever some were withdrawn and the withdrawn or the
 * flagged are withheld; the raised and the withdrawn only grow, so the attack across corrections still finds no
 * upper bound on a withheld one (DifferencingAttackTest withdraws alerts between two publications).
 *
 * <p>A percentage is withheld when its numerator or denominator is withheld, for either reason; a percentage whose
 * denominator has fallen to 0 (every linked group of a period deleted) is published without a value and not withheld.
 * A rate per 100,000 children is withheld whenever its count is, for any reason: with the population (a published
 * estimate) the rate gives the count away. A median or 90th percentile is withheld when it summarises fewer than 5
 * values.
 */
public final class Disclosure {
    public static final long SMALLEST_PUBLISHED = 5;

    private Disclosure() {}

    public static boolean suppressCount(long count) {
        return count >= 1 && count < SMALLEST_PUBLISHED;
    }

    /** Primary suppression of a percentage: its numerator or its denominator is a small count. */
    public static boolean suppressRatio(long numerator, long denominator) {
        return suppressCount(numerator) || suppressCount(denominator);
    }

    public static boolean suppressSummary(int values) {
        return values < SMALLEST_PUBLISHED;
    }
}
