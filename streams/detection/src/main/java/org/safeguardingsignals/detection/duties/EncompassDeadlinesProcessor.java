package org.safeguardingsignals.detection.duties;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.detection.ChildRulesProcessor;
import org.safeguardingsignals.detection.rules.Alerts;
import org.safeguardingsignals.detection.rules.Rule;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.EncompassAcknowledgement;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.NoticeStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.NoticeInput;
import org.safeguardingsignals.runtime.PipelineMetrics;

/**
 * Each Operation Encompass notice from sending to acknowledgement, keyed by notice id: publishes it (SENT), records
 * the Designated Safeguarding Lead's acknowledgement (ACKNOWLEDGED), and when the start of the school day passes on
 * the wall clock without one, marks it ESCALATED and raises an {@code encompass-unacknowledged} alert to the MASH of
 * the incident's authority. A deadline is a time in the real world, so it is judged by the wall clock, never by
 * stream time: a quiet feed must not hold an escalation back. A notice stays in the store for
 * {@link #KEPT} after it was sent, so that a repeat of it or of its acknowledgement changes nothing; then it leaves.
 * Each notice's next moment (its deadline while sent, then the end of its keeping) is indexed by time in
 * {@link #DEADLINES_STORE}, so a timer run reads only what is due: it read every notice of the last 150 days before,
 * every 30 s, which nationally is hundreds of thousands of reads a run.
 */
public final class EncompassDeadlinesProcessor implements Processor<String, NoticeInput, String, Duty> {
    public static final String STORE = "encompass-notices";
    /** time|notice id to notice id: when each notice next needs the timer. */
    public static final String DEADLINES_STORE = "encompass-notice-deadlines";
    /** How long a notice is remembered after it was sent: beyond any school holiday's deadline. */
    static final Duration KEPT = Duration.ofDays(150);

    private final Duration interval;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Duty> context;
    private KeyValueStore<String, EncompassNotice> notices;
    private KeyValueStore<String, String> deadlines;

    public EncompassDeadlinesProcessor(Duration interval, PipelineMetrics metrics) {
        this.interval = interval;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Duty> context) {
        this.context = context;
        this.notices = context.getStateStore(STORE);
        this.deadlines = context.getStateStore(DEADLINES_STORE);
        indexNoticesKeptBeforeTheIndex();
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::checkDeadlines);
    }

    /** State from a version without the index: each notice is indexed once, at its next moment. */
    private void indexNoticesKeptBeforeTheIndex() {
        try (KeyValueIterator<String, String> indexed = deadlines.all()) {
            if (indexed.hasNext()) {
                return;
            }
        }
        try (KeyValueIterator<String, EncompassNotice> it = notices.all()) {
            it.forEachRemaining(n -> index(n.value, nextMoment(n.value)));
        }
    }

    private static Instant nextMoment(EncompassNotice notice) {
        return notice.getStatus() == NoticeStatus.SENT ? notice.getDueBy() : leaves(notice);
    }

    /** The first instant the notice is past its keeping. */
    private static Instant leaves(EncompassNotice notice) {
        return notice.getSentAt().plus(KEPT).plusMillis(1);
    }

    private void index(EncompassNotice notice, Instant at) {
        deadlines.put(ChildRulesProcessor.timeKey(at.toEpochMilli(), notice.getNoticeId()), notice.getNoticeId());
    }

    @Override
    public void process(Record<String, NoticeInput> record) {
        NoticeInput input = record.value();
        if (input.getNotice() != null) {
            send(input.getNotice());
        } else if (input.getAcknowledgement() != null) {
            acknowledge(input.getAcknowledgement());
        }
    }

    private void send(EncompassNotice notice) {
        if (notices.get(notice.getNoticeId()) != null) {
            metrics.duplicate();
            return;
        }
        notice.setSentAt(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        notices.put(notice.getNoticeId(), notice);
        index(notice, notice.getDueBy());
        publish(notice);
    }

    /** A first acknowledgement is recorded, even after an escalation (the MASH then sees the school has it). */
    private void acknowledge(EncompassAcknowledgement ack) {
        EncompassNotice notice = notices.get(ack.getNoticeId());
        if (notice == null || !notice.getSchoolUrn().equals(ack.getSchoolUrn()) || notice.getAcknowledgedAt() != null) {
            metrics.duplicate(); // unknown, another school's, or acknowledged already: nothing changes
            return;
        }
        notice.setStatus(NoticeStatus.ACKNOWLEDGED);
        notice.setAcknowledgedBy(ack.getAcknowledgedBy());
        notice.setAcknowledgedAt(ack.getAcknowledgedAt());
        notices.put(notice.getNoticeId(), notice);
        publish(notice);
    }

    private void checkDeadlines(long wallClock) {
        Instant now = Instant.ofEpochMilli(wallClock);
        for (KeyValue<String, String> due : ChildRulesProcessor.dueUpTo(deadlines, wallClock)) {
            deadlines.delete(due.key);
            EncompassNotice notice = notices.get(due.value);
            if (notice == null) {
                continue;
            }
            if (notice.getStatus() == NoticeStatus.SENT && !notice.getDueBy().isAfter(now)) {
                notice.setStatus(NoticeStatus.ESCALATED);
                notice.setEscalatedAt(now);
                notices.put(due.value, notice);
                index(notice, leaves(notice));
                publish(notice);
                RiskAlert alert = escalation(notice, now);
                metrics.alert(alert.getRuleId(), alert.getSeverity().name());
                context.forward(new Record<>(alert.getChildPseudonym(), new Duty.Alert(alert), wallClock));
            } else if (notice.getSentAt().plus(KEPT).isBefore(now)) {
                notices.delete(due.value);
            } else {
                index(notice, leaves(notice)); // acknowledged in time: kept until its keeping ends
            }
        }
    }

    /** The MASH is told: which incident, which school, due when. */
    static RiskAlert escalation(EncompassNotice notice, Instant now) {
        Indicator incident = Indicator.newBuilder()
                .setEventId(notice.getIncidentEventId())
                .setAgency(Agency.POLICE)
                .setSourceReference(notice.getIncidentReference())
                .setCategory(IndicatorCategory.DOMESTIC_ABUSE)
                .setOccurredAt(notice.getIncidentAt())
                .setLocalAuthority(notice.getLocalAuthority())
                .setOrganisationCode(notice.getForceCode())
                .build();
        Indicator unacknowledged = Indicator.newBuilder()
                .setEventId(notice.getNoticeId())
                .setAgency(Agency.SCHOOL)
                .setSourceReference(notice.getNoticeId())
                .setCategory(IndicatorCategory.ENCOMPASS_NOTICE)
                .setOccurredAt(notice.getDueBy())
                .setLocalAuthority(notice.getLocalAuthority())
                .setOrganisationCode(notice.getSchoolUrn())
                .build();
        return new Alerts(notice.getChildPseudonym(), now, Set.of(), false)
                .raise(
                        Rule.ENCOMPASS_UNACKNOWLEDGED,
                        Severity.MEDIUM,
                        List.of(incident, unacknowledged),
                        notice.getIncidentAt(),
                        notice.getDueBy(),
                        List.of());
    }

    private void publish(EncompassNotice notice) {
        context.forward(new Record<>(
                notice.getSchoolUrn(),
                new Duty.Notice(EncompassNotice.newBuilder(notice).build()),
                context.currentSystemTimeMs()));
    }
}
