package org.safeguardingsignals.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.internal.MetricDelta;

/**
 * Adds deltas into figures per authority and period, and publishes every figure that changed, disclosure-controlled
 * ({@link Disclosure}, {@link SecondarySuppression}: a figure is published again with each figure its withholding
 * reads), on a wall-clock timer (a late event changes its period's figure, which is published again: the latest record
 * per key is the correct one). With the total of exploitation alerts, and with children flagged by rule and severity,
 * it publishes their rate per 100,000 children for an authority whose child population is configured ({@link
 * MetricsSettings#childPopulations()}); with a count, the shares built on it ({@link #SHARES}).
 */
final class MetricAggregator implements Processor<String, MetricDelta, String, PartnershipMetric> {
    static final String FIGURES_STORE = "metrics-figures";
    static final String MEMBERS_STORE = "metrics-members";
    static final String SAMPLES_STORE = "metrics-samples";
    static final String CHANGED_STORE = "metrics-changed";

    /**
     * A percentage by the dimensions {@code by} (none: of the totals): the numerator's count (with {@code band} added
     * to those dimensions) over the denominator's.
     */
    record Share(String metric, String numerator, Map<String, String> band, String denominator, Set<String> by) {
        Share(String metric, String numerator, String denominator) {
            this(metric, numerator, Map.of(), denominator, Set.of());
        }
    }

    static final List<Share> SHARES = List.of(
            new Share(Metric.RHI_WITHIN_72H_PCT, Metric.RHI_WITHIN_72H, Metric.RETURNS),
            new Share(Metric.RE_REFERRALS_PCT, Metric.RE_REFERRALS, Metric.REFERRALS),
            new Share(Metric.CONTACTS_REFERRED_PCT, Metric.CONTACTS_REFERRED, Metric.CONTACTS),
            new Share(Metric.DECIDED_IN_ONE_WORKING_DAY_PCT, Metric.DECIDED_IN_ONE_WORKING_DAY, Metric.FIRST_DECISIONS),
            new Share(Metric.NOTICES_IN_TIME_PCT, Metric.NOTICES_IN_TIME, Metric.NOTICES_SENT),
            new Share(Metric.LINKED_GROUPS_CROSS_PCT, Metric.LINKED_GROUPS_CROSS, Metric.LINKED_GROUPS),
            new Share(
                    Metric.ALERT_OUTCOMES_NFA_PCT,
                    Metric.ALERT_OUTCOMES,
                    Map.of(Metric.OUTCOME_GROUP, OutcomeGroup.NO_FURTHER_ACTION.name()),
                    Metric.ALERT_OUTCOMES,
                    Set.of(Metric.RULE)));

    private final Duration interval;
    /** Children aged 0 to 17 per authority (GSS code), for the rate per 100,000; an authority without one has none. */
    private final Map<String, Long> childPopulations;

    private ProcessorContext<String, PartnershipMetric> context;
    private KeyValueStore<String, Long> figures;
    private KeyValueStore<String, Long> members;
    private KeyValueStore<String, String> samples;
    private KeyValueStore<String, String> changed;
    private SecondarySuppression suppression;

    MetricAggregator(Duration interval, Map<String, Long> childPopulations) {
        this.interval = interval;
        this.childPopulations = Map.copyOf(childPopulations);
    }

    @Override
    public void init(ProcessorContext<String, PartnershipMetric> context) {
        this.context = context;
        figures = context.getStateStore(FIGURES_STORE);
        members = context.getStateStore(MEMBERS_STORE);
        samples = context.getStateStore(SAMPLES_STORE);
        changed = context.getStateStore(CHANGED_STORE);
        suppression = new SecondarySuppression(new SecondarySuppression.Counts() {
            @Override
            public long count(String key) {
                return orZero(figures.get(key));
            }

            @Override
            public List<String> keysStartingWith(String prefix) {
                List<String> keys = new ArrayList<>();
                try (KeyValueIterator<String, Long> it = figures.prefixScan(prefix, new StringSerializer())) {
                    it.forEachRemaining(kv -> keys.add(kv.key));
                }
                return keys;
            }
        });
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, t -> publishChanged());
    }

    @Override
    public void process(Record<String, MetricDelta> record) {
        MetricDelta d = record.value();
        String figure = record.key() + "|" + d.getMetric() + "|" + dims(d.getDimensions());
        switch (d.getKind()) {
            case COUNT -> add(figures, figure, d.getAmount());
            case DISTINCT -> {
                long before = orZero(members.get(figure + "|" + d.getMember()));
                long after = Math.max(0, before + d.getAmount());
                put(members, figure + "|" + d.getMember(), after);
                if ((before > 0) != (after > 0)) {
                    add(figures, figure, after > 0 ? 1 : -1);
                }
            }
            case REPEAT -> {
                long before = orZero(members.get(figure + "|" + d.getMember()));
                long after = before + d.getAmount();
                put(members, figure + "|" + d.getMember(), after);
                if ((before >= 2) != (after >= 2)) {
                    add(figures, figure, after >= 2 ? 1 : -1);
                }
            }
            case SAMPLE -> {
                String held = samples.get(figure);
                samples.put(figure, held == null ? Long.toString(d.getAmount()) : held + "," + d.getAmount());
            }
            default -> {
                return;
            }
        }
        changed.put(figure, "");
    }

    private void publishChanged() {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = changed.all()) {
            it.forEachRemaining(due::add);
        }
        Set<String> counts = new LinkedHashSet<>();
        Set<ShareKey> shares = new LinkedHashSet<>();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (KeyValue<String, String> kv : due) {
            changed.delete(kv.key);
            FigureKey figure = FigureKey.of(kv.key);
            String sampled = samples.get(kv.key);
            if (sampled != null) {
                long[] values = Arrays.stream(sampled.split(","))
                        .mapToLong(Long::parseLong)
                        .sorted()
                        .toArray();
                boolean suppress = Disclosure.suppressSummary(values.length);
                for (String stat : List.of("median", "p90")) {
                    double q = stat.equals("median") ? 0.5 : 0.9;
                    publish(
                            figure.periodKey(),
                            figure.metric(),
                            withStat(figure.dims(), stat),
                            suppress ? null : (double) rank(values, q),
                            suppress,
                            now);
                }
                continue;
            }
            counts.add(kv.key);
        }
        // a figure that changed may withhold, or stop withholding, the figures that depend on it
        Deque<String> todo = new ArrayDeque<>(counts);
        while (!todo.isEmpty()) {
            for (String dependent : SecondarySuppression.dependents(todo.pop())) {
                if (figures.get(dependent) != null && counts.add(dependent)) {
                    todo.push(dependent);
                }
            }
        }
        for (String key : counts) {
            FigureKey figure = FigureKey.of(key);
            boolean suppress = suppression.withheld(key);
            Double value = suppress ? null : (double) orZero(figures.get(key));
            publish(figure.periodKey(), figure.metric(), figure.dims(), value, suppress, now);
            String rate = rateOf(figure);
            Long population = childPopulations.get(figure.authority());
            if (rate != null && population != null) {
                // the rate gives its count away (rate × population), so it is withheld whenever the count is
                publish(
                        figure.periodKey(),
                        rate,
                        figure.dims(),
                        suppress ? null : per100k(orZero(figures.get(key)), population),
                        suppress,
                        now);
            }
            for (Share share : SHARES) {
                Map<String, String> by = figure.dimensions();
                by.keySet().removeAll(share.band().keySet());
                if ((figure.metric().equals(share.numerator())
                                || figure.metric().equals(share.denominator()))
                        && by.keySet().equals(share.by())) {
                    shares.add(new ShareKey(figure.as(share.denominator(), by), share));
                }
            }
        }
        shares.forEach(s -> publishShare(s, now));
    }

    /** A share to publish: its denominator's figure (period and breakdown), and which share. */
    private record ShareKey(FigureKey denominator, Share share) {}

    private void publishShare(ShareKey s, Instant now) {
        FigureKey denominator = s.denominator();
        Map<String, String> numeratorDims = denominator.dimensions();
        numeratorDims.putAll(s.share().band());
        String numeratorKey =
                denominator.as(s.share().numerator(), numeratorDims).key();
        long numerator = orZero(figures.get(numeratorKey));
        long total = orZero(figures.get(denominator.key()));
        if (total > 0) {
            boolean suppress = suppression.withheld(numeratorKey) || suppression.withheld(denominator.key());
            publish(
                    denominator.periodKey(),
                    s.share().metric(),
                    denominator.dims(),
                    suppress ? null : Math.round(1000.0 * numerator / total) / 10.0,
                    suppress,
                    now);
        } else if (figures.get(denominator.key()) != null) {
            // a denominator that fell to 0 (the linked groups of a period, all deleted): there is no share, and
            // the one published before is out of date; published without a value, not withheld
            publish(denominator.periodKey(), s.share().metric(), denominator.dims(), null, false, now);
        }
    }

    /** The rate per 100,000 children published with a count, or null: exploitation alerts, children flagged. */
    private static String rateOf(FigureKey figure) {
        return switch (figure.metric()) {
            case Metric.EXPLOITATION_ALERTS -> figure.dims().isEmpty() ? Metric.EXPLOITATION_ALERTS_PER_100K : null;
            case Metric.CHILDREN_FLAGGED -> Metric.CHILDREN_FLAGGED_PER_100K;
            default -> null;
        };
    }

    /** Per 100,000 children, to one decimal place. */
    static double per100k(long count, long population) {
        return Math.round(1_000_000.0 * count / population) / 10.0;
    }

    private void publish(String periodKey, String metric, String dims, Double value, boolean suppressed, Instant now) {
        String[] p = periodKey.split("\\|", -1);
        PartnershipMetric m = PartnershipMetric.newBuilder()
                .setLocalAuthority(p[0])
                .setPeriodType(PeriodType.valueOf(p[1]))
                .setPeriod(p[2])
                .setMetric(metric)
                .setDimensions(FigureKey.parseDims(dims))
                .setValue(value)
                .setSuppressed(suppressed)
                .setComputedAt(now)
                .build();
        context.forward(new Record<>(periodKey + "|" + metric + "|" + dims, m, now.toEpochMilli()));
    }

    /** Nearest-rank percentile of sorted values. */
    static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String dims(Map<String, String> dims) {
        return FigureKey.dims(dims);
    }

    private static String withStat(String dims, String stat) {
        return dims.isEmpty() ? "stat=" + stat : dims + ",stat=" + stat;
    }

    private static void add(KeyValueStore<String, Long> store, String key, long amount) {
        store.put(key, orZero(store.get(key)) + amount);
    }

    private static void put(KeyValueStore<String, Long> store, String key, long value) {
        if (value == 0) {
            store.delete(key);
        } else {
            store.put(key, value);
        }
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
