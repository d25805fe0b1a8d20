package org.safeguardingsignals.detection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
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
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildSignals;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.PendingReturnInterview;
import org.safeguardingsignals.internal.RetractionDetail;
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
public final class ChildRulesProcessor implements Processor<String, ChildSignals, String, SpecificRecord> {
    public static final String CHILD_STATE_STORE = "child-state";
    public static final String INTERVIEWS_DUE_STORE = "return-interviews-due";
    /** Retractions waiting for their event, by when they are reported unmatched: time key, then the event id. */
    public static final String RETRACTIONS_PENDING_STORE = "retractions-pending";

    private final DetectionConfig config;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, ChildState> children;
    private KeyValueStore<String, String> interviewsDue;
    private KeyValueStore<String, String> retractionsPending;
    private final ExpirySweep sweep;
    private long lastRecordWallClock;

    public ChildRulesProcessor(DetectionConfig config, PipelineMetrics metrics) {
        this.config = config;
        this.sweep = new ExpirySweep(config.expiryPerRun());
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.children = context.getStateStore(CHILD_STATE_STORE);
        this.interviewsDue = context.getStateStore(INTERVIEWS_DUE_STORE);
        this.retractionsPending = context.getStateStore(RETRACTIONS_PENDING_STORE);
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
        if (Retractions.isRetraction(fresh)) {
            retract(child, state, fresh.get(0));
            return;
        }
        if (suppressedByRetraction(child, state, fresh.get(0))) {
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
        keep(child, state);
    }

    /** Prunes and stores the child's state, with its expiry. */
    private void keep(String child, ChildState state) {
        prune(state);
        List<Indicator> indicators = state.getIndicators();
        // the expiry sweep reads it; no index, so no second write per event
        state.setExpiresAt(indicators.get(indicators.size() - 1).getOccurredAt().toEpochMilli()
                + config.retention().toMillis());
        children.put(child, state);
    }

    /**
     * Applies a retraction: refused (dead-lettered by the exception) when the event is another agency's; a repeat of an
     * earlier retraction changes nothing; without the event yet, it waits for it.
     */
    private void retract(String child, ChildState state, Indicator retraction) {
        String agency = retraction.getAgency().name();
        String eventId = retraction.getRetraction().getRetractedEventId();
        if (Retractions.of(state, eventId).isPresent()) {
            metrics.retraction(agency, "repeat");
            return;
        }
        List<Indicator> retracted = Retractions.retracted(state, retraction);
        if (retracted.isEmpty()) {
            long until = Math.max(
                            context.currentStreamTimeMs(),
                            retraction.getOccurredAt().toEpochMilli())
                    + config.retractionWindow().toMillis();
            retraction.getRetraction().setUnmatchedAfter(until);
            List<Indicator> indicators = new ArrayList<>(state.getIndicators());
            indicators.add(retraction);
            indicators.sort(Comparator.comparing(Indicator::getOccurredAt));
            state.setIndicators(indicators);
            retractionsPending.put(pendingKey(retraction.getRetraction(), child), child);
            metrics.retraction(agency, "pending");
        } else {
            Retractions.remove(state, retraction, retracted);
            Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
            List<RiskAlert> changed = Retractions.withdrawAndReassess(
                    state,
                    retraction,
                    config,
                    settings -> Alerts.forChild(child, now, state, false, settings.alreadyKnownForInformation()),
                    Instant.ofEpochMilli(Math.max(latestEvent(state), state.getJudgedAt())),
                    now);
            metrics.retraction(agency, "applied");
            changed.forEach(a -> remember(state, a));
            changed.forEach(this::emit);
        }
        keep(child, state);
    }

    /**
     * An event a retraction already named: dropped, and the waiting retraction applied. An event retracted and sent
     * again (a replay upstream) is dropped as well.
     */
    private boolean suppressedByRetraction(String child, ChildState state, Indicator first) {
        Optional<Indicator> retraction = Retractions.of(state, first.getEventId());
        if (retraction.isEmpty()) {
            return false;
        }
        RetractionDetail r = retraction.get().getRetraction();
        if (!r.getApplied()) {
            retractionsPending.delete(pendingKey(r, child));
            r.setApplied(true);
            r.setUnmatchedAfter(0);
            children.put(child, state);
        }
        metrics.retraction(retraction.get().getAgency().name(), "suppressed");
        return true;
    }

    /**
     * On time: windows end at the child's latest indicator. Late: at the present (stream time). Never before an
     * earlier judgement of the child, which is remembered when late data moved it on.
     */
    private static Judgement judgement(ChildState state, boolean late, long streamTime) {
        long latest = latestEvent(state);
        long anchor = Math.max(latest, state.getJudgedAt());
        if (late) {
            anchor = Math.max(anchor, streamTime);
            state.setJudgedAt(anchor);
        }
        return new Judgement(Instant.ofEpochMilli(anchor), late);
    }

    /** The time of the child's latest event (a retraction's own date is not the time of anything it judges). */
    private static long latestEvent(ChildState state) {
        List<Indicator> indicators = state.getIndicators();
        for (int i = indicators.size() - 1; i >= 0; i--) {
            if (indicators.get(i).getRetraction() == null) {
                return indicators.get(i).getOccurredAt().toEpochMilli();
            }
        }
        return 0;
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
        raised.forEach(a -> remember(state, a));
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
        reportUnmatchedRetractions(now);
        expireChildren(now);
    }

    /** Retractions whose event did not come within the window: dead-lettered, and forgotten by the child's state. */
    private void reportUnmatchedRetractions(long now) {
        for (KeyValue<String, String> due : dueUpTo(retractionsPending, now)) {
            retractionsPending.delete(due.key);
            String child = due.value;
            String eventId = due.key.substring(due.key.lastIndexOf('|') + 1);
            ChildState state = children.get(child);
            Optional<Indicator> retraction = state == null ? Optional.empty() : Retractions.of(state, eventId);
            if (retraction.isEmpty() || retraction.get().getRetraction().getApplied()) {
                continue;
            }
            List<Indicator> indicators = new ArrayList<>(state.getIndicators());
            indicators.remove(retraction.get());
            if (indicators.isEmpty()) {
                children.delete(child);
            } else {
                state.setIndicators(indicators);
                children.put(child, state);
            }
            metrics.retraction(retraction.get().getAgency().name(), "unmatched");
            metrics.rejected(RejectReason.RETRACTION_UNMATCHED.name());
            DeadLetter letter =
                    Retractions.unmatched(retraction.get(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
            context.forward(new Record<>(letter.getSourceTopic(), letter, context.currentSystemTimeMs()));
        }
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
                remember(state, alert.get());
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
            for (Indicator i : expired.value.getIndicators()) {
                if (i.getRetraction() != null && !i.getRetraction().getApplied()) {
                    retractionsPending.delete(pendingKey(i.getRetraction(), expired.key));
                }
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

    /**
     * Drops indicators and finished interviews older than the retention before the child's latest indicator, and the
     * raised alerts none of whose evidence is still held (nothing is left for a retraction to take from them).
     */
    private void prune(ChildState state) {
        List<Indicator> indicators = state.getIndicators();
        Instant cutoff = indicators.get(indicators.size() - 1).getOccurredAt().minus(config.retention());
        if (indicators.get(0).getOccurredAt().isBefore(cutoff)) {
            state.setIndicators(new ArrayList<>(indicators.stream()
                    .filter(i -> !i.getOccurredAt().isBefore(cutoff))
                    .toList()));
        }
        if (!state.getRaisedAlerts().isEmpty()) {
            java.util.Set<String> held = new java.util.HashSet<>();
            state.getIndicators().forEach(i -> held.add(i.getEventId()));
            state.setRaisedAlerts(new ArrayList<>(state.getRaisedAlerts().stream()
                    .filter(a -> a.getEvidence().stream().anyMatch(e -> held.contains(e.getSourceEventId())))
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

    /** Remembers an alert raised, for a later retraction of its evidence; a withdrawal is not remembered. */
    private static void remember(ChildState state, RiskAlert alert) {
        if (alert.getStatus() == AlertStatus.WITHDRAWN) {
            return;
        }
        List<RiskAlert> raised = new ArrayList<>(state.getRaisedAlerts());
        raised.add(alert);
        state.setRaisedAlerts(raised);
    }

    private void emit(RiskAlert alert) {
        if (alert.getStatus() == AlertStatus.WITHDRAWN) {
            metrics.alertWithdrawn(alert.getRuleId());
            context.forward(new Record<>(alert.getChildPseudonym(), alert, context.currentSystemTimeMs()));
            return;
        }
        metrics.alert(alert.getRuleId(), alert.getSeverity().name());
        context.forward(new Record<>(alert.getChildPseudonym(), alert, context.currentSystemTimeMs()));
    }

    /** A waiting retraction's entry in the pending index: when it is reported unmatched, the child, the event. */
    private static String pendingKey(RetractionDetail retraction, String child) {
        return timeKey(retraction.getUnmatchedAfter(), child) + "|" + retraction.getRetractedEventId();
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
        state.setRaisedAlerts(new ArrayList<>());
        return state;
    }
}
