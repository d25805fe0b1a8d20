package org.safeguardingsignals.detection.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.safeguardingsignals.detection.RuleSettings;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.internal.Placement;

/** A child's state built by hand, for the rules on their own: indicators oldest first, as the processor keeps them. */
final class Indicators {
    static final String CHILD = "0123456789abcdef0123456789abcdef";
    static final Instant RAISED_AT = Instant.parse("2027-01-01T09:00:00Z");
    static final RuleSettings SETTINGS = RuleSettings.DEFAULTS;
    private static int events;

    private Indicators() {}

    static Indicator indicator(IndicatorCategory category, Instant at, String authority) {
        return Indicator.newBuilder()
                .setEventId("event-" + ++events)
                .setAgency(Agency.POLICE)
                .setSourceReference("REF-" + events)
                .setCategory(category)
                .setOccurredAt(at)
                .setLocalAuthority(authority)
                .build();
    }

    /** A missing-episode report or return, as the intake makes it. */
    static Indicator missing(String episode, Instant reported, Instant returned, String authority) {
        Indicator i = indicator(IndicatorCategory.MISSING_EPISODE, returned == null ? reported : returned, authority);
        i.setMissing(MissingDetail.newBuilder()
                .setEpisodeId(episode)
                .setReportedMissingAt(reported)
                .setReturnedAt(returned)
                .setRiskGrade(PoliceRiskGrade.MEDIUM)
                .build());
        return i;
    }

    static Indicator lookedAfterMissing(String episode, Instant reported, String placing, String host) {
        Indicator i = missing(episode, reported, null, host != null ? host : placing); // police where the child is
        i.getMissing().setLookedAfter(true);
        i.getMissing().setPlacingAuthority(placing);
        i.getMissing().setHostAuthority(host);
        return i;
    }

    /** A return interview event about an episode, as the intake makes it (no report time). */
    static Indicator interview(IndicatorCategory category, String episode, Instant at, String authority) {
        Indicator i = indicator(category, at, authority);
        i.setMissing(MissingDetail.newBuilder().setEpisodeId(episode).build());
        return i;
    }

    static Indicator lookedAfter(IndicatorCategory category, Instant at, String authority, Placement placement) {
        Indicator i = indicator(category, at, authority);
        i.setPlacement(placement);
        return i;
    }

    static ChildState state(Indicator... indicators) {
        return ChildState.newBuilder()
                .setIndicators(new ArrayList<>(List.of(indicators)))
                .setReturnInterviews(new ArrayList<>())
                .build();
    }

    /** Adds an indicator as the processor does, keeping the list in time order. */
    static void add(ChildState state, Indicator indicator) {
        List<Indicator> all = new ArrayList<>(state.getIndicators());
        all.add(indicator);
        all.sort((a, b) -> a.getOccurredAt().compareTo(b.getOccurredAt()));
        state.setIndicators(all);
    }

    static Alerts alerts(Set<String> careAuthorities) {
        return new Alerts(CHILD, RAISED_AT, careAuthorities, false);
    }

    static Alerts alerts() {
        return alerts(Set.of());
    }
}
