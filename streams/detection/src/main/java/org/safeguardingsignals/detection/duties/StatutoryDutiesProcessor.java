package org.safeguardingsignals.detection.duties;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.detection.ChildRulesProcessor;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.rules.Alerts;
import org.safeguardingsignals.detection.rules.Rule;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildDuties;
import org.safeguardingsignals.internal.ChildSignals;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.SchoolRoll;
import org.safeguardingsignals.runtime.PipelineMetrics;

/**
 * Two statutory flows that need a child's standing rather than a window of evidence, keyed by the child's pseudonym
 * (docs/ARCHITECTURE.md, "Statutory notices"):
 * <ul>
 *   <li><b>Operation Encompass</b> (Children's Wellbeing and Schools guidance; statutory since 2024): a police-attended
 *       domestic-abuse incident involving a child on a school's roll sends a notice to the school, due before the start
 *       of the next school day by the authority's calendar; a child of compulsory school age on no roll raises a
 *       no-current-school alert (a children-missing-education check, Education Act 1996 s436A).
 *   <li><b>CP-IS</b> (NHS England's Child Protection Information Sharing): an unscheduled-care attendance of a child
 *       on a protection plan or looked after raises an alert to the responsible authority (the placing authority of a
 *       looked-after child) and a flag for the attending organisation saying whom to contact.
 * </ul>
 * State: the child's current schools, plan and looked-after status ({@link ChildDuties}), deleted once none is
 * current; a child kept only to recognise a repeated incident leaves after {@code encompass.notice-lookback}.
 * A roll end removes the school at once (the school says the child has left). Incidents older than
 * {@code encompass.notice-lookback} when they arrive (a backfill) send no notice: the school day has long passed.
 */
public final class StatutoryDutiesProcessor implements Processor<String, ChildSignals, String, Duty> {
    public static final String STORE = "child-duties";
    public static final String EXPIRY_STORE = "child-duties-expiry";
    static final int HANDLED_KEPT = 32;

    private final DetectionConfig config;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Duty> context;
    private KeyValueStore<String, ChildDuties> duties;
    private KeyValueStore<String, String> expiry;

    public StatutoryDutiesProcessor(DetectionConfig config, PipelineMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Duty> context) {
        this.context = context;
        this.duties = context.getStateStore(STORE);
        this.expiry = context.getStateStore(EXPIRY_STORE);
        context.schedule(config.timerInterval(), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    /** Whether an event's indicators matter to these duties (the rest never reach this processor). */
    public static boolean concerns(ChildSignals signals) {
        Indicator i = signals.getIndicators().get(0);
        return switch (i.getCategory()) {
            case SCHOOL_ROLL_STARTED,
                    SCHOOL_ROLL_ENDED,
                    CHILD_PROTECTION_PLAN,
                    CHILD_PROTECTION_PLAN_ENDED,
                    LOOKED_AFTER,
                    LOOKED_AFTER_ENDED,
                    UNSCHEDULED_CARE -> true;
            case DOMESTIC_ABUSE -> i.getAgency() == Agency.POLICE;
            default -> false;
        };
    }

    @Override
    public void process(Record<String, ChildSignals> record) {
        String child = record.key();
        ChildDuties state = Optional.ofNullable(duties.get(child))
                .orElseGet(() -> ChildDuties.newBuilder().build());
        boolean hadAny = current(state);
        for (Indicator i : record.value().getIndicators()) {
            switch (i.getCategory()) {
                case SCHOOL_ROLL_STARTED, SCHOOL_ROLL_ENDED -> {
                    roll(state, i.getRoll());
                    offRoll(child, state, i);
                }
                case CHILD_PROTECTION_PLAN -> state.setProtectionPlanAuthority(i.getLocalAuthority());
                case CHILD_PROTECTION_PLAN_ENDED -> state.setProtectionPlanAuthority(null);
                case LOOKED_AFTER ->
                    state.setLookedAfterBy(
                            i.getPlacement() != null && i.getPlacement().getPlacingAuthority() != null
                                    ? i.getPlacement().getPlacingAuthority()
                                    : i.getLocalAuthority());
                case LOOKED_AFTER_ENDED -> state.setLookedAfterBy(null);
                case DOMESTIC_ABUSE -> {
                    if (firstTime(state, i)) {
                        encompass(child, state, i);
                    }
                }
                case UNSCHEDULED_CARE -> {
                    if (firstTime(state, i)) {
                        careInformation(child, state, i);
                    }
                }
                default -> {}
            }
        }
        store(child, state, hadAny);
    }

    private static void roll(ChildDuties state, SchoolRoll entry) {
        List<SchoolRoll> schools = new ArrayList<>(state.getSchools());
        schools.removeIf(s -> s.getSchoolUrn().equals(entry.getSchoolUrn()));
        if (entry.getEndDate() == null) {
            schools.add(entry);
        }
        state.setSchools(schools);
    }

    /**
     * A child of school age taken off the roll of their last school is checked as possibly missing education when no
     * roll starts within {@code encompass.off-roll-grace}; a roll that starts cancels the check. An end older than
     * twice the grace when it arrives (a backfill) is history: no check.
     */
    private void offRoll(String child, ChildDuties state, Indicator entry) {
        if (!state.getSchools().isEmpty()) {
            state.setOffRoll(null);
            state.setOffRollCheckAt(0);
            return;
        }
        long grace = config.encompass().offRollGrace().toMillis();
        long ended = entry.getOccurredAt().toEpochMilli();
        if (entry.getCategory() != IndicatorCategory.SCHOOL_ROLL_ENDED
                || !EncompassNotices.schoolAge(entry.getAgeBand())
                || ended < context.currentSystemTimeMs() - 2 * grace
                || !firstTime(state, entry)) { // a repeated end must not check the child twice
            return;
        }
        state.setOffRoll(entry);
        state.setOffRollCheckAt(ended + grace);
        expiry.put(ChildRulesProcessor.timeKey(ended + grace, child), child);
    }

    private void encompass(String child, ChildDuties state, Indicator incident) {
        EncompassNotices.of(child, state, incident, Instant.ofEpochMilli(context.currentSystemTimeMs()), config)
                .forEach(this::send);
    }

    private void careInformation(String child, ChildDuties state, Indicator attendance) {
        CareInformation.of(child, state, attendance, Instant.ofEpochMilli(context.currentSystemTimeMs()), config)
                .forEach(this::send);
    }

    /** A notice keyed by its id, a flag by its attendance reference, an alert by its child. */
    private void send(Duty duty) {
        long now = context.currentSystemTimeMs();
        if (duty instanceof Duty.Notice n) {
            context.forward(new Record<>(n.notice().getNoticeId(), duty, now));
        } else if (duty instanceof Duty.Flag f) {
            context.forward(new Record<>(f.flag().getAttendanceReference(), duty, now));
        } else if (duty instanceof Duty.Alert a) {
            alert(a.alert());
        }
    }

    private void alert(org.safeguardingsignals.events.RiskAlert alert) {
        metrics.alert(alert.getRuleId(), alert.getSeverity().name());
        context.forward(new Record<>(alert.getChildPseudonym(), new Duty.Alert(alert), context.currentSystemTimeMs()));
    }

    /** Whether this incident or attendance is new for the child; remembers it. */
    private static boolean firstTime(ChildDuties state, Indicator i) {
        if (state.getHandled().contains(i.getEventId())) {
            return false;
        }
        List<String> handled = new ArrayList<>(state.getHandled());
        handled.add(i.getEventId());
        if (handled.size() > HANDLED_KEPT) {
            handled.remove(0);
        }
        state.setHandled(handled);
        return true;
    }

    private static boolean current(ChildDuties state) {
        return !state.getSchools().isEmpty()
                || state.getProtectionPlanAuthority() != null
                || state.getLookedAfterBy() != null
                || state.getOffRoll() != null;
    }

    /**
     * Keeps the child while anything is current; a child with nothing current but a recent incident is kept for the
     * notice lookback (a repeat of the incident must not alert twice), then leaves; a child with nothing at all
     * leaves now.
     */
    private void store(String child, ChildDuties state, boolean hadAny) {
        if (current(state)) {
            state.setKeptUntil(0);
            duties.put(child, state);
        } else if (!state.getHandled().isEmpty()) {
            long until = context.currentSystemTimeMs()
                    + config.encompass().noticeLookback().toMillis();
            state.setKeptUntil(until);
            duties.put(child, state);
            expiry.put(ChildRulesProcessor.timeKey(until, child), child);
        } else if (hadAny || duties.get(child) != null) {
            duties.delete(child);
        }
    }

    private void expire(long wallClock) {
        List<KeyValue<String, String>> due = ChildRulesProcessor.dueUpTo(expiry, wallClock);
        for (KeyValue<String, String> entry : due) {
            expiry.delete(entry.key);
            ChildDuties state = duties.get(entry.value);
            if (state == null) {
                continue;
            }
            if (state.getOffRoll() != null && state.getOffRollCheckAt() <= wallClock) {
                missingEducation(entry.value, state, wallClock);
            }
            if (!current(state) && state.getKeptUntil() <= wallClock) {
                duties.delete(entry.value);
            }
        }
    }

    /** No roll started within the grace after the child left their last school: the authority checks. */
    private void missingEducation(String child, ChildDuties state, long wallClock) {
        Indicator ended = state.getOffRoll();
        state.setOffRoll(null);
        state.setOffRollCheckAt(0);
        duties.put(child, state);
        alert(new Alerts(child, Instant.ofEpochMilli(wallClock), CareInformation.careAuthorities(state), false)
                .raise(
                        Rule.NO_CURRENT_SCHOOL,
                        Severity.MEDIUM,
                        List.of(ended),
                        ended.getOccurredAt(),
                        ended.getOccurredAt().plus(config.encompass().offRollGrace()),
                        List.of()));
    }

    /** Whether an event matters to these duties alone (a roll entry): the rules never see it. */
    public static boolean onlyForDuties(ChildSignals signals) {
        IndicatorCategory category = signals.getIndicators().get(0).getCategory();
        return category == IndicatorCategory.SCHOOL_ROLL_STARTED || category == IndicatorCategory.SCHOOL_ROLL_ENDED;
    }
}
