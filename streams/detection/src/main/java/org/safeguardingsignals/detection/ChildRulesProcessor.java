package org.safeguardingsignals.detection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.detection.rules.Alerts;
import org.safeguardingsignals.detection.rules.ExploitationRisk;
import org.safeguardingsignals.detection.rules.InfantInjury;
import org.safeguardingsignals.detection.rules.Judgement;
import org.safeguardingsignals.detection.rules.NeglectSignals;
import org.safeguardingsignals.detection.rules.OutOfAreaMissing;
import org.safeguardingsignals.detection.rules.ReReferral;
import org.safeguardingsignals.detection.rules.RepeatDomesticAbuse;
import org.safeguardingsignals.detection.rules.RepeatMissing;
import org.safeguardingsignals.detection.rules.ReturnInterviews;
import org.safeguardingsignals.detection.rules.ToxicTrio;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildSignals;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.PendingReturnInterview;
import org.safeguardingsignals.runtime.PipelineMetrics;

/**
 * Holds each child's indicators and applies every rule when one arrives. Keyed by pseudonym.
 *
 * <p>Time. Rules use event time (occurredAt). An indicator within {@code intake.grace} of stream time is judged as if
 * it had arrived on time: windows end at the child's latest indicator. A later one (a backfill, an agency catching up)
 * is judged against the present, stream time: a combination that still holds now is raised and marked as formed from
 * late data; one that lapsed before now raises nothing ({@link Judgement}). The timer (overdue return interviews, expiry of old state) runs on the
 * wall clock every {@code timers.interval} but judges "now" by stream time while records flow, so that replaying
 * history gives the same alerts as living through it; when no record has arrived for
 * {@code timers.idle-before-wall-clock}, it judges by the wall clock instead, so that a quiet feed (a weekend, an
 * outage upstream) cannot hold back a statutory 72-hour alert.
 */
public final class ChildRulesProcessor implements Processor<String, ChildSignals, String, RiskAlert> {
    public static final String CHILD_STATE_STORE = "child-state";
    public static final String INTERVIEWS_DUE_STORE = "return-interviews-due";

    private final DetectionConfig config;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, RiskAlert> context;
    private KeyValueStore<String, ChildState> children;
    private KeyValueStore<String, String> interviewsDue;
    private final ExpirySweep sweep;
    private long lastRecordWallClock;

    public ChildRulesProcessor(DetectionConfig config, PipelineMetrics metrics) {
        this.config = config;
        this.sweep = new ExpirySweep(config.expiryPerRun());
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RiskAlert> context) {
        this.context = context;
        this.children = context.getStateStore(CHILD_STATE_STORE);
        this.interviewsDue = context.getStateStore(INTERVIEWS_DUE_STORE);
        this.lastRecordWallClock = context.currentSystemTimeMs();
        context.schedule(config.timerInterval(), PunctuationType.WALL_CLOCK_TIME, this::onTimer);
    }

    @Override
    public void process(Record<String, ChildSignals> record) {
        lastRecordWallClock = context.currentSystemTimeMs();
        String child = record.key();
        ChildState held = children.get(child);
        ChildState state = held != null ? held : emptyState();
        List<Indicator> fresh = record.value().getIndicators().stream()
                .filter(i -> !isDuplicate(state, i))
                .toList();
        if (fresh.isEmpty()) {
            metrics.duplicate();
            return;
        }
        List<Indicator> indicators = new ArrayList<>(state.getIndicators());
        indicators.addAll(fresh);
        indicators.sort(Comparator.comparing(Indicator::getOccurredAt));
        state.setIndicators(indicators);

        // all indicators of one record come from one event, so they share its time
        long streamTime = context.currentStreamTimeMs();
        boolean late = fresh.get(0).getOccurredAt().toEpochMilli()
                < streamTime - config.grace().toMillis();
        if (late) {
            metrics.late();
        }
        applyRules(child, state, fresh, judgement(state, late, streamTime));
        prune(state);
        // the expiry sweep reads it; no index, so no second write per event
        state.setExpiresAt(indicators.get(indicators.size() - 1).getOccurredAt().toEpochMilli()
                + config.retention().toMillis());
        children.put(child, state);
    }

    /**
     * On time: windows end at the child's latest indicator. Late: at the present (stream time). Never before an
     * earlier judgement of the child, which is remembered when late data moved it on.
     */
    private static Judgement judgement(ChildState state, boolean late, long streamTime) {
        long latest = state.getIndicators()
                .get(state.getIndicators().size() - 1)
                .getOccurredAt()
                .toEpochMilli();
        long anchor = Math.max(latest, state.getJudgedAt());
        if (late) {
            anchor = Math.max(anchor, streamTime);
            state.setJudgedAt(anchor);
        }
        return new Judgement(Instant.ofEpochMilli(anchor), late);
    }

    private void applyRules(String child, ChildState state, List<Indicator> fresh, Judgement judgement) {
        Indicator indicator = fresh.get(0);
        RuleSettings settings = config.forAuthority(indicator.getLocalAuthority());
        Instant anchor = judgement.anchor();
        Alerts alerts = Alerts.forChild(
                child,
                Instant.ofEpochMilli(context.currentSystemTimeMs()),
                state,
                judgement.late(),
                settings.alreadyKnownForInformation());
        // the council's own recorded factors are background: they count, but do not raise (rules.council-factors.*)
        boolean background = indicator.getAgency() == Agency.CHILDRENS_SERVICES && !settings.councilFactorsTrigger();
        List<RiskAlert> raised = new ArrayList<>();
        ToxicTrio.evaluate(state, anchor, settings, background, alerts).ifPresent(raised::add);
        RepeatMissing.evaluate(state, anchor, settings, alerts).ifPresent(raised::add);
        OutOfAreaMissing.evaluate(state, indicator, judgement, alerts).ifPresent(raised::add);
        ReReferral.evaluate(state, fresh, judgement, settings, alerts).ifPresent(raised::add);
        RepeatDomesticAbuse.evaluate(state, anchor, settings, alerts).ifPresent(raised::add);
        InfantInjury.evaluate(fresh, judgement, settings, alerts).ifPresent(raised::add);
        NeglectSignals.evaluate(state, anchor, settings, background, alerts).ifPresent(raised::add);
        ExploitationRisk.evaluate(state, anchor, settings, background, alerts).ifPresent(raised::add);
        ReturnInterviews.track(state, indicator, settings, judgement)
                .ifPresent(dueBy -> interviewsDue.put(
                        timeKey(dueBy.toEpochMilli(), child) + "|"
                                + indicator.getMissing().getEpisodeId(),
                        child));
        raised.forEach(this::emit);
    }

    private void onTimer(long wallClock) {
        metrics.timerRun().record(() -> runTimer(wallClock));
    }

    private void runTimer(long wallClock) {
        long streamTime = context.currentStreamTimeMs();
        boolean idle =
                wallClock - lastRecordWallClock >= config.idleBeforeWallClock().toMillis();
        long now = idle ? Math.max(wallClock, streamTime) : streamTime;
        if (now < 0) {
            return; // no record yet (stream time unknown): nothing is due, and an index range to -1 is empty
        }
        raiseOverdueInterviews(now);
        expireChildren(now);
    }

    private void raiseOverdueInterviews(long now) {
        for (KeyValue<String, String> due : dueUpTo(interviewsDue, now)) {
            interviewsDue.delete(due.key);
            String child = due.value;
            String episode = due.key.substring(due.key.lastIndexOf('|') + 1);
            ChildState state = children.get(child);
            if (state == null) {
                continue;
            }
            Alerts alerts = Alerts.forChild(
                    child,
                    Instant.ofEpochMilli(context.currentSystemTimeMs()),
                    state,
                    false,
                    config.forAuthority(authorityOf(state, episode)).alreadyKnownForInformation());
            Optional<RiskAlert> alert = ReturnInterviews.overdue(state, episode, alerts);
            if (alert.isPresent()) {
                children.put(child, state);
                emit(alert.get());
            }
        }
    }

    private void expireChildren(long now) {
        for (KeyValue<String, ChildState> expired : sweep.expired(children, now)) {
            children.delete(expired.key);
            for (PendingReturnInterview p : expired.value.getReturnInterviews()) {
                interviewsDue.delete(timeKey(p.getDueBy().toEpochMilli(), expired.key) + "|" + p.getEpisodeId());
            }
        }
    }

    /** The authority of the episode's latest report, whose settings judge its overdue interview. */
    private static String authorityOf(ChildState state, String episode) {
        String authority = ""; // none held: the partnership's defaults
        for (Indicator i : state.getIndicators()) {
            if (i.getMissing() != null && i.getMissing().getEpisodeId().equals(episode)) {
                authority = i.getLocalAuthority();
            }
        }
        return authority;
    }

    /** Entries of a time-ordered index due at or before {@code now}, read fully before any is deleted. */
    public static List<KeyValue<String, String>> dueUpTo(KeyValueStore<String, String> index, long now) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.range(timeKey(0, ""), timeKey(now, "\uffff"))) {
            it.forEachRemaining(due::add);
        }
        return due;
    }

    /** Drops indicators and finished interviews older than the retention before the child's latest indicator. */
    private void prune(ChildState state) {
        List<Indicator> indicators = state.getIndicators();
        Instant cutoff = indicators.get(indicators.size() - 1).getOccurredAt().minus(config.retention());
        if (indicators.get(0).getOccurredAt().isBefore(cutoff)) {
            state.setIndicators(new ArrayList<>(indicators.stream()
                    .filter(i -> !i.getOccurredAt().isBefore(cutoff))
                    .toList()));
        }
        if (state.getReturnInterviews().stream()
                .anyMatch(p -> p.getAlerted() && p.getDueBy().isBefore(cutoff))) {
            state.setReturnInterviews(new ArrayList<>(state.getReturnInterviews().stream()
                    .filter(p -> !(p.getAlerted() && p.getDueBy().isBefore(cutoff)))
                    .toList()));
        }
    }

    private static boolean isDuplicate(ChildState state, Indicator indicator) {
        for (Indicator held : state.getIndicators()) {
            if (held.getEventId().equals(indicator.getEventId()) && held.getCategory() == indicator.getCategory()) {
                return true;
            }
        }
        return false;
    }

    private void emit(RiskAlert alert) {
        metrics.alert(alert.getRuleId(), alert.getSeverity().name());
        context.forward(new Record<>(alert.getChildPseudonym(), alert, context.currentSystemTimeMs()));
    }

    /** Zero-padded epoch millis first, so that keys sort by time. */
    public static String timeKey(long epochMillis, String child) {
        String millis = Long.toString(epochMillis);
        StringBuilder key = new StringBuilder(14 + child.length());
        for (int i = millis.length(); i < 13; i++) {
            key.append('0');
        }
        return key.append(millis).append('|').append(child).toString();
    }

    /**
     * A new child's state, as {@code ChildState.newBuilder().build()} makes it (a test holds them equal), without the
     * builder's copying of every default, which most events (a child's first, at national scale) paid.
     */
    static ChildState emptyState() {
        ChildState state = new ChildState();
        state.setIndicators(new ArrayList<>());
        state.setTrioAlertedGroups(new ArrayList<>());
        state.setMissingAlertedSeverity(Severity.UNKNOWN);
        state.setOutOfAreaAlertedEpisodes(new ArrayList<>());
        state.setReturnInterviews(new ArrayList<>());
        state.setOutOfAreaAlertedSeverity(Severity.UNKNOWN);
        state.setDomesticAbuseAlertedSeverity(Severity.UNKNOWN);
        state.setNeglectAlertedAgencies(new ArrayList<>());
        state.setExploitationAlertedGroups(new ArrayList<>());
        state.setExploitationAlertedSeverity(Severity.UNKNOWN);
        return state;
    }
}
