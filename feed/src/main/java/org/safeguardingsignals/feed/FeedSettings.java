package org.safeguardingsignals.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the synthetic partner-agency feed plays.
 *
 * @param seed               same seed, same population, same events
 * @param authorities        GSS codes of the local authorities simulated
 * @param childrenPerAuthority children in each authority (England: about 12 million over 153 authorities)
 * @param domesticAbuseShare share of households where domestic abuse recurs, besides the households with all three
 *                           factors ({@link Calibration#ALL_THREE}, which have it too)
 * @param mentalHealthShare  share of households with a parent with mental ill health, besides those with all three
 * @param substanceShare     share of households with parental alcohol or drug misuse, besides those with all three
 * @param missingProneShare  share of children who go missing repeatedly (about two thirds of them looked after)
 * @param unknownNhsShare    share of children an agency cannot give an NHS number for
 * @param start              simulated time of the first event
 */
public record FeedSettings(
        long seed,
        List<String> authorities,
        int childrenPerAuthority,
        double domesticAbuseShare,
        double mentalHealthShare,
        double substanceShare,
        double missingProneShare,
        double unknownNhsShare,
        Instant start) {

    /**
     * How much history the feed replays before it follows real time: the longest rule window (365 days) plus the
     * late-data grace and a margin, as long as the pipeline keeps a child's state; older history would only expire.
     */
    public static final Duration HISTORY = Duration.ofDays(400);

    /** Three authorities of about 40,000 children, starting {@link #HISTORY} ago. */
    public static FeedSettings defaults() {
        return new FeedSettings(
                42L,
                List.of("E09000022", "E10000016", "E08000025"),
                40_000,
                0.04,
                0.05,
                0.04,
                0.004,
                0.01,
                Instant.now().minus(HISTORY));
    }

    /** All of England: 153 authorities, 12 million children. */
    public FeedSettings england() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 153; i++) {
            all.add(String.format("E%02d%06d", 6 + (i % 4 == 1 ? 2 : i % 4 == 2 ? 3 : i % 4 == 3 ? 4 : 0), i + 1));
        }
        return new FeedSettings(
                seed,
                all,
                12_000_000 / 153,
                domesticAbuseShare,
                mentalHealthShare,
                substanceShare,
                missingProneShare,
                unknownNhsShare,
                start);
    }

    public FeedSettings withStart(Instant newStart) {
        return new FeedSettings(
                seed,
                authorities,
                childrenPerAuthority,
                domesticAbuseShare,
                mentalHealthShare,
                substanceShare,
                missingProneShare,
                unknownNhsShare,
                newStart);
    }

    public int children() {
        return authorities.size() * childrenPerAuthority;
    }
}
