package org.safeguardingsignals.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.internal.GroupFacts;
import org.safeguardingsignals.internal.MetricDelta;

/**
 * The linked groups in force (safeguarding.exploitation.groups.v1, keyed by group id: the latest record of a group is
 * the group, a tombstone deletes it) into {@link Metric#LINKED_GROUPS}, in total and by {@link GroupSize}, and
 * {@link Metric#LINKED_GROUPS_CROSS} (more than one authority), for every authority in a group's {@code authorities}.
 *
 * <p><b>In the period</b> means in force at the end of it: a group counts in an ISO week or a calendar month when it
 * is in force at the period's last instant (for the period in progress, now), once, in the form it has then (its size
 * band and its authorities). So a group that grows from 3 to 6 children in November counts once in November, among the
 * groups of 6 or more, while the weeks that ended before it grew count it among 3 to 5; a group deleted (merged into
 * another, or fallen apart) counts in no period from the one it was deleted in, and one that formed and was deleted
 * within a period does not count in it. It is a stock, like the DfE's children looked after at 31 March: a month is
 * not the sum of its weeks (disclosure control treats it as if it were, which only withholds more).
 *
 * <p>Dating: a record by its {@code updatedAt} (event time), a tombstone by its record's timestamp; a record dated
 * before the group's previous one counts from that one's time, since the topic's order is the group's history. A
 * group in force is carried into each new week and month by the wall clock (a group that does not change sends
 * nothing): on its records, and on a timer every {@code interval} that scans the groups when a new week or month has
 * begun. Each group's form and the time up to which it has been counted are kept ({@link GroupFacts}), so every change
 * takes out exactly what it put in.
 *
 * <p>A reset of this application counts again from the topic, which compaction has left with each group's latest
 * record only: the periods before a group's latest record lose it. The figures published before the reset stay on the
 * metrics topic until a period's figure changes.
 */
final class LinkedGroups implements Processor<String, LinkedGroup, String, MetricDelta> {
    static final String STORE = "metrics-linked-groups";

    private final Duration interval;
    private ProcessorContext<String, MetricDelta> context;
    private KeyValueStore<String, GroupFacts> store;
    /** The week and month of the wall clock when the timer last carried the groups into them. */
    private List<Periods.Period> carried = List.of();

    LinkedGroups(Duration interval) {
        this.interval = interval;
    }

    /** One figure a group adds 1 to. */
    private record Part(String authority, String metric, Map<String, String> dims) {}

    @Override
    public void init(ProcessorContext<String, MetricDelta> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, t -> carryForward(Instant.ofEpochMilli(t)));
    }

    @Override
    public void process(Record<String, LinkedGroup> record) {
        String id = record.key();
        if (id == null) {
            return; // not a group: the topic is keyed by group id
        }
        LinkedGroup group = record.value();
        GroupFacts facts = store.get(id);
        List<MetricDelta> out = new ArrayList<>();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        if (group == null || group.getMembers().size() < 2) {
            // deleted (a group of fewer than two children is none): in force at the end of no period from this one
            if (facts == null) {
                return;
            }
            Instant at = latest(Instant.ofEpochMilli(record.timestamp()), facts.getSince());
            carry(facts, at, out);
            change(facts, null, at, out);
            store.delete(id);
            emit(out);
            return;
        }
        GroupFacts next;
        if (facts == null) {
            Instant at = group.getUpdatedAt();
            next = new GroupFacts(authorities(group), group.getMembers().size(), at, at);
            Periods.of(at).forEach(p -> add(parts(next), 1, p, at, out));
        } else {
            Instant at = latest(group.getUpdatedAt(), facts.getSince());
            carry(facts, at, out);
            next = new GroupFacts(authorities(group), group.getMembers().size(), at, facts.getCountedUntil());
            change(facts, next, at, out);
        }
        carry(next, latest(now, next.getSince()), out);
        store.put(id, next);
        emit(out);
    }

    /**
     * Carries every group in force into the periods up to now, when the wall clock has entered a week or month it had
     * not (nothing to do otherwise: a group is counted in the periods it has been carried into).
     */
    private void carryForward(Instant now) {
        List<Periods.Period> periods = Periods.of(now);
        if (periods.equals(carried)) {
            return;
        }
        List<KeyValue<String, GroupFacts>> groups = new ArrayList<>();
        try (KeyValueIterator<String, GroupFacts> it = store.all()) {
            it.forEachRemaining(groups::add);
        }
        for (KeyValue<String, GroupFacts> g : groups) {
            List<MetricDelta> out = new ArrayList<>();
            if (carry(g.value, now, out)) {
                store.put(g.key, g.value);
                emit(out);
            }
        }
        carried = periods;
    }

    /**
     * Counts the group, in its form, in the periods after those it has been counted in, up to {@code until}; true when
     * that reached a new period ({@code facts} is then changed, to be stored).
     */
    private static boolean carry(GroupFacts facts, Instant until, List<MetricDelta> out) {
        if (!until.isAfter(facts.getCountedUntil())) {
            return false;
        }
        List<Periods.Period> counted = Periods.of(facts.getCountedUntil());
        boolean added = false;
        for (Map.Entry<Periods.Period, Instant> p :
                Periods.between(facts.getCountedUntil(), until).entrySet()) {
            if (!counted.contains(p.getKey())) {
                add(parts(facts), 1, p.getKey(), p.getValue(), out);
                added = true;
            }
        }
        facts.setCountedUntil(until);
        return added;
    }

    /**
     * The group takes a new form at {@code at} ({@code after}; null when deleted): every period from the one {@code at}
     * falls in to the last it has been counted in ends with the new form, so counts it in that form instead.
     */
    private static void change(GroupFacts before, GroupFacts after, Instant at, List<MetricDelta> out) {
        Map<Part, Integer> net = new LinkedHashMap<>();
        parts(before).forEach(p -> net.merge(p, -1, Integer::sum));
        if (after != null) {
            parts(after).forEach(p -> net.merge(p, 1, Integer::sum));
        }
        net.values().removeIf(v -> v == 0);
        if (net.isEmpty()) {
            return;
        }
        for (Map.Entry<Periods.Period, Instant> p :
                Periods.between(at, before.getCountedUntil()).entrySet()) {
            net.forEach((part, amount) -> add(List.of(part), amount, p.getKey(), p.getValue(), out));
        }
    }

    /** What a group in this form adds to each figure of a period: 1 to each part. */
    private static List<Part> parts(GroupFacts facts) {
        List<Part> parts = new ArrayList<>();
        Map<String, String> band =
                Map.of(Metric.GROUP_SIZE, GroupSize.of(facts.getMembers()).name());
        for (String la : facts.getAuthorities()) {
            parts.add(new Part(la, Metric.LINKED_GROUPS, Map.of()));
            parts.add(new Part(la, Metric.LINKED_GROUPS, band));
            if (facts.getAuthorities().size() > 1) {
                parts.add(new Part(la, Metric.LINKED_GROUPS_CROSS, Map.of()));
            }
        }
        return parts;
    }

    private static void add(List<Part> parts, int amount, Periods.Period period, Instant at, List<MetricDelta> out) {
        for (Part part : parts) {
            out.add(Deltas.count(part.authority(), at, period.type(), part.metric(), part.dims(), amount));
        }
    }

    /** Every authority responsible for a child of the group, once each, sorted. */
    private static List<String> authorities(LinkedGroup group) {
        return List.copyOf(new TreeSet<>(group.getAuthorities()));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void emit(List<MetricDelta> deltas) {
        deltas.forEach(d ->
                context.forward(new Record<>(d.getLocalAuthority(), d, d.getAt().toEpochMilli())));
    }
}
