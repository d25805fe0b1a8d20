package org.safeguardingsignals.feed;

/**
 * Event rates per 10,000 children per day, from the national daily volumes in docs/DOMAIN.md (section 10,
 * Volumes) over England's 12 million children. Parent health events and school concerns have no national figure there: the rates below are
 * assumptions, marked as such.
 */
public final class Calibration {
    private static final double PER_10K = 10_000.0 / 12_000_000.0;

    /** 1,700 referrals a day. */
    public static final double REFERRALS = 1_700 * PER_10K;
    /** 2,300 domestic-abuse crimes and non-crime incidents a day. */
    public static final double DOMESTIC_ABUSE_INCIDENTS = 2_300 * PER_10K;
    /** 500 missing-child police incidents a day, 240 of them looked-after children. */
    public static final double MISSING_INCIDENTS = 500 * PER_10K;

    public static final double LOOKED_AFTER_SHARE_OF_MISSING = 240.0 / 500.0;
    /**
     * Missing reports of the children who go missing repeatedly; the rest are of children at random. 67%, so that, with
     * the cohorts' joint episodes, about two thirds of reports are of a child reported missing in the year before
     * ("nearly two thirds of missing-child reports are repeats", docs/DOMAIN.md, Missing children); at 85% it was over
     * four in five.
     */
    public static final double MISSING_REPORTS_OF_REPEATERS = 0.67;
    /** Assumption: parent mental-health or substance events that a health service shares. */
    public static final double PARENT_HEALTH_EVENTS = 1.2;
    /** Assumption: school concerns shared with the pipeline. */
    public static final double SCHOOL_CONCERNS = 1.0;
    /**
     * Assumption: children's unscheduled-care attendances (emergency departments, urgent treatment centres) that
     * health shares, about 7,000 a day in England (NHS England's A&amp;E attendances of under-18s, about 2.5 million a
     * year).
     */
    public static final double UNSCHEDULED_CARE = 7_000 * PER_10K;
    /** Children on a child protection plan: about 50,000 of England's 12 million (DfE, Children in need 2024). */
    public static final double ON_PROTECTION_PLAN = 50_000.0 / 12_000_000.0;
    /** Children looked after: about 84,000 of England's 12 million (docs/DOMAIN.md, Volumes). */
    public static final double LOOKED_AFTER = 84_000.0 / 12_000_000.0;
    /**
     * Children living with an adult with all three toxic-trio factors (domestic abuse, mental ill health, alcohol or
     * drug misuse) at a moderate or severe level: about 420,000, 3.6% (Skinner et al. 2021, in docs/DOMAIN.md, Toxic
     * trio). The feed's households with all three; {@link FeedSettings}' shares add households with one or two.
     */
    public static final double ALL_THREE = 0.036;
    /**
     * Assumption: children's contacts with police of the kinds that may signal exploitation (arrests of children,
     * about 50,000 a year, and stops and searches, about 60,000), some 300 a day in England.
     */
    public static final double CHILD_POLICE_CONTACTS = 300 * PER_10K;
    /** Return interviews completed within 72 hours nationally (Missing People, 2023-24). */
    public static final double INTERVIEWS_WITHIN_72_HOURS = 0.63;

    /** Children in a small area (2021 LSOA): England's 12 million children over its 33,755 LSOAs, about 355. */
    public static final int CHILDREN_PER_AREA = 350;
    /**
     * Assumption: exploitation cohorts (2 to 4 children who go missing together and are found together in another
     * force's area) that form in an authority in a year: a few, as a MACE panel follows a handful of groups. Kept
     * small on purpose: a cohort of about three plays {@link #COHORT_EPISODES} joint episodes, so an authority of
     * 40,000 children has some 35 missing episodes of cohort children a year against about 600 of children on their
     * own (5%): enough for the local run to show linked groups and exploitation alerts, not enough to make
     * exploitation the feed's main story.
     */
    public static final double COHORTS_PER_AUTHORITY_PER_YEAR = 3;
    /** Joint missing episodes of a cohort, a few weeks apart: three to five. */
    public static final int COHORT_EPISODES = 4;

    private Calibration() {}

    /** Events of all kinds per day for this many children. */
    public static double eventsPerDay(int children) {
        // a missing incident gives a report, a return and (mostly) an interview event; the Cohorts add under 1%
        return children
                / 10_000.0
                * (REFERRALS
                        + DOMESTIC_ABUSE_INCIDENTS
                        + PARENT_HEALTH_EVENTS
                        + SCHOOL_CONCERNS
                        + UNSCHEDULED_CARE
                        + CHILD_POLICE_CONTACTS
                        + MISSING_INCIDENTS * 2.8);
    }
}
